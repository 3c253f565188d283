package shell

import (
	"context"
	"errors"
	"io"
	"regexp"
	"slices"
	"sync"
	"time"
)

// Background is a command started by Session.Start. Its methods are safe
// for concurrent use.
type Background struct {
	command string
	proc    *proc
	grace   time.Duration

	stopOnce sync.Once
	stopErr  error
}

// Start runs command in the background, as `command &` would in a terminal:
// it sees the session's state but its changes to it are not kept. It returns
// once a line of the command's output matches ready (at once when ready is
// nil). stream, if not nil, receives the output until Start returns.
//
// When the command exits, within passes (zero means no limit) or ctx is
// done before that, Start stops the command and returns a *NotReadyError
// with the output so far. ctx bounds only that wait: a started command runs
// until Stop or Close.
func (s *Session) Start(ctx context.Context, command string, ready *regexp.Regexp, within time.Duration, stream io.Writer) (*Background, error) {
	if s.closed {
		return nil, errors.New("start: session is closed")
	}
	if err := ctx.Err(); err != nil {
		return nil, &NotReadyError{Command: command, Within: within, Err: err}
	}
	s.pruneBackgrounds()
	out := newCapture(s.opts.OutputCap, stream, ready)
	p, err := s.spawn(s.startDir(), s.bgEnv, command, out)
	if err != nil {
		return nil, err
	}
	b := &Background{command: command, proc: p, grace: s.opts.KillGrace}
	s.backgrounds = append(s.backgrounds, b)
	if ready == nil {
		out.detach()
		return b, nil
	}
	if within > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, within)
		defer cancel()
	}
	notReady := &NotReadyError{Command: command, Within: within}
	select {
	case <-out.matched:
		out.detach()
		return b, nil
	case <-p.exited:
		p.drain(drainWait)
		select {
		case <-out.matched:
			out.detach()
			return b, nil
		default:
		}
		notReady.Exited = true
		notReady.ExitCode, _ = p.exitCode()
	case <-ctx.Done():
		if !errors.Is(ctx.Err(), context.DeadlineExceeded) || within <= 0 {
			notReady.Err = ctx.Err()
		}
	}
	stopErr := b.Stop()
	notReady.Output, _ = out.detach()
	return nil, errors.Join(notReady, stopErr)
}

// pruneBackgrounds forgets background commands that have been stopped.
func (s *Session) pruneBackgrounds() {
	s.backgrounds = slices.DeleteFunc(s.backgrounds, func(b *Background) bool { return b.proc.gone() })
}

// Output returns what the command has printed so far, cut to
// Options.OutputCap.
func (b *Background) Output() string { return b.proc.out.snapshot() }

// Pid returns the process id of the command's bash (or of the command
// itself, when bash execs it), which leads its process group.
func (b *Background) Pid() int { return b.proc.pgid }

// Done returns a channel that is closed when the command's bash exits.
func (b *Background) Done() <-chan struct{} { return b.proc.exited }

// ExitCode returns the command's exit status once it has exited (128+n when
// signal n killed it), and -1 while it runs.
func (b *Background) ExitCode() int {
	select {
	case <-b.proc.exited:
		code, _ := b.proc.exitCode()
		return code
	default:
		return -1
	}
}

// Stop stops the command's process group: SIGTERM, then SIGKILL after the
// session's KillGrace. Being stopped by it is not an error. Calling it again
// returns the first result.
func (b *Background) Stop() error {
	b.stopOnce.Do(func() {
		b.stopErr = stopGroup(b.proc.pgid, b.grace)
		<-b.proc.exited
		if !b.proc.drain(drainWait) {
			b.proc.pipe.Close()
		}
	})
	return b.stopErr
}
