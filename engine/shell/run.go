package shell

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"time"
)

// TimeoutExitCode is the exit code of a step that was stopped because its
// time ran out or its context was cancelled, as timeout(1) reports it.
const TimeoutExitCode = 124

// Result is what a step did.
type Result struct {
	// Output is stdout and stderr interleaved as they were written, cut to
	// Options.OutputCap.
	Output string
	// Truncated is true when bytes were dropped from the middle of Output.
	Truncated bool
	// ExitCode is the step's exit status: 128+n when signal n killed bash,
	// TimeoutExitCode when the step was stopped.
	ExitCode int
	// Duration is how long bash ran.
	Duration time.Duration
	// TimedOut is true when the step was stopped because its timeout passed
	// or its context was cancelled; ctx.Err tells the two apart.
	TimedOut bool
}

// Run runs command as the next step of the session and returns once bash
// has exited. stream, if not nil, receives the output as it arrives, until
// Run returns. A timeout of zero means none. A non-zero exit status is not
// an error; errors are for the machinery (bash could not start, the state
// could not be kept).
//
// When the timeout passes or ctx is done, the step's process group gets
// SIGTERM and, after Options.KillGrace, SIGKILL; the session keeps the state
// from before the step. Children that the step leaves in the background do
// not hold Run up: they keep running until Close.
func (s *Session) Run(ctx context.Context, command string, timeout time.Duration, stream io.Writer) (Result, error) {
	if s.closed {
		return Result{}, errors.New("run: session is closed")
	}
	if ctx.Err() != nil {
		// Not even a part of the step runs.
		return Result{ExitCode: TimeoutExitCode, TimedOut: true}, nil
	}
	return s.run(ctx, command, timeout, stream, s.stepEnv)
}

// run runs a step with the given environment.
func (s *Session) run(ctx context.Context, command string, timeout time.Duration, stream io.Writer, env []string) (Result, error) {
	s.pruneLeftovers()
	// The save creates the file anew: truncating an old one is slow on ext4.
	if err := os.Remove(s.nextPath); err != nil && !errors.Is(err, os.ErrNotExist) {
		return Result{}, fmt.Errorf("clearing shell state: %w", err)
	}
	if timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, timeout)
		defer cancel()
	}
	out := newCapture(s.opts.OutputCap, stream, nil)
	p, err := s.spawn(s.startDir(), env, command, out)
	if err != nil {
		return Result{}, err
	}
	var res Result
	var stopErr error
	select {
	case <-p.exited:
	case <-ctx.Done():
		res.TimedOut = true
		stopErr = stopGroup(p.pgid, s.opts.KillGrace)
		<-p.exited
	}
	res.Duration = p.ended.Sub(p.started)
	drained := p.drain(drainWait)
	res.Output, res.Truncated = out.detach()
	if !drained || groupAlive(p.pgid) {
		s.leftovers = append(s.leftovers, p)
	}
	if res.ExitCode, err = p.exitCode(); err != nil {
		return res, err
	}
	if res.TimedOut {
		res.ExitCode = TimeoutExitCode
		return res, stopErr
	}
	return res, s.adoptNext()
}

// adoptNext makes the state the step saved the session's state. A step that
// saved none, or an incomplete one (it exec'd, or was killed while saving),
// leaves the previous state.
func (s *Session) adoptNext() error {
	next, err := os.ReadFile(s.nextPath)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("reading shell state: %w", err)
	}
	cwd, err := parseState(next)
	if err != nil {
		return nil
	}
	return s.replaceState(cwd)
}
