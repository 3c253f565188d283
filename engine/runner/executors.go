package runner

import (
	"context"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"
	"time"

	"github.com/tutor-run/tutor/engine/model"
	"github.com/tutor-run/tutor/engine/result"
	"github.com/tutor-run/tutor/engine/shell"
)

// shellExecutor runs a command in the tutorial's bash session.
type shellExecutor struct{ s *shell.Session }

// Execute implements Executor.
func (e shellExecutor) Execute(ctx context.Context, st *model.Step, timeout time.Duration, out io.Writer) (Outcome, error) {
	r, err := e.s.Run(ctx, st.Command, timeout, out)
	if err != nil {
		return Outcome{}, err
	}
	return Outcome{Output: r.Output, Truncated: r.Truncated, ExitCode: r.ExitCode, TimedOut: r.TimedOut}, nil
}

// backgroundExecutor starts a command that keeps running; the run's
// teardown (or, at the latest, the session) stops it.
type backgroundExecutor struct {
	s      *shell.Session
	record func(cmd string, bg *shell.Background)
}

// Execute implements Executor.
func (e backgroundExecutor) Execute(ctx context.Context, st *model.Step, _ time.Duration, out io.Writer) (Outcome, error) {
	cmd := strings.TrimSuffix(strings.TrimRight(st.Command, " \t"), "&")
	var ready *regexp.Regexp
	within := time.Duration(0)
	if st.Ready != nil {
		ready = regexp.MustCompile(st.Ready.Pattern) // checked by the reader
		within = st.Ready.Within
	}
	bg, err := e.s.Start(ctx, cmd, ready, within, out)
	var notReady *shell.NotReadyError
	switch {
	case errors.As(err, &notReady):
		return Outcome{Output: notReady.Output, Failure: &result.Failure{Kind: result.ClaimBroken,
			Message: fmt.Sprintf("background command did not print a line matching /%s/: %v", st.Ready.Pattern, err)}}, nil
	case err != nil:
		return Outcome{}, err
	}
	if e.record != nil {
		e.record(cmd, bg)
	}
	return Outcome{Output: bg.Output()}, nil
}

// envExecutor sets variables in the session, exported like `export`.
type envExecutor struct{ s *shell.Session }

// Execute implements Executor.
func (e envExecutor) Execute(_ context.Context, st *model.Step, _ time.Duration, _ io.Writer) (Outcome, error) {
	for _, v := range st.Env {
		if err := e.s.Setenv(v.Name, v.Value); err != nil {
			return Outcome{}, err
		}
	}
	return Outcome{}, nil
}
