package runner

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
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
	cmd := st.Command
	if st.Unattended != "" {
		cmd = st.Unattended
	}
	if st.Via != "" {
		// A line typed into the post's interactive shell in a pod runs
		// through that shell's non-interactive form.
		cmd = st.Via + " " + shell.Quote(cmd)
	}
	if st.Window > 0 {
		timeout = st.Window
	}
	r, err := e.s.Run(ctx, cmd, timeout, out)
	if err != nil {
		return Outcome{}, err
	}
	o := Outcome{Output: r.Output, Truncated: r.Truncated, ExitCode: r.ExitCode, TimedOut: r.TimedOut}
	if st.Window > 0 && r.TimedOut {
		// A command that never ends was watched for its window: what it
		// printed by then is the claim, its being stopped is not.
		o.TimedOut, o.ExitCode = false, 0
		o.Notes = append(o.Notes, fmt.Sprintf("stopped after %s, as planned: it never ends on its own", st.Window))
	}
	return o, nil
}

// fileExecutor writes a block the post asks the reader to save to its
// file, in the session's working directory, so the post's own commands
// (kubectl apply -f app.yaml) find it.
type fileExecutor struct{ s *shell.Session }

// Execute implements Executor.
func (e fileExecutor) Execute(_ context.Context, st *model.Step, _ time.Duration, out io.Writer) (Outcome, error) {
	path := st.Path
	if !filepath.IsAbs(path) {
		path = filepath.Join(e.s.Dir(), path)
	}
	err := os.MkdirAll(filepath.Dir(path), 0o755)
	if err == nil {
		err = os.WriteFile(path, []byte(st.Content), 0o644)
	}
	if err != nil {
		return Outcome{ExitCode: 1, Failure: &result.Failure{Kind: result.EnvironmentFailed, Message: fmt.Sprintf("could not write %s: %v", st.Path, err)}}, nil
	}
	fmt.Fprintf(out, "wrote %s (%d lines)\n", st.Path, strings.Count(st.Content, "\n"))
	return Outcome{}, nil
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
