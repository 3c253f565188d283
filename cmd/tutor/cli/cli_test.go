package cli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"testing"

	"github.com/spf13/cobra"

	"github.com/tutor-run/tutor/engine/model"
	"github.com/tutor-run/tutor/engine/reader"
	"github.com/tutor-run/tutor/engine/result"
	"github.com/tutor-run/tutor/engine/runner"
	"github.com/tutor-run/tutor/engine/session"
)

// testStreams returns streams over buffers, reading in, with an empty
// environment.
func testStreams(in string) (streams IOStreams, out, errOut *bytes.Buffer) {
	out, errOut = &bytes.Buffer{}, &bytes.Buffer{}
	env := map[string]string{}
	return IOStreams{In: strings.NewReader(in), Out: out, ErrOut: errOut, Getenv: func(k string) string { return env[k] }}, out, errOut
}

// execCmd runs cmd under tutor's root with args and returns the exit
// status and what went to stderr.
func execCmd(streams IOStreams, errOut *bytes.Buffer, cmd *cobra.Command, args ...string) (int, string) {
	code := execute(context.Background(), streams, newCmdRoot(streams, cmd), args)
	return code, errOut.String()
}

// runWith returns a run whose steps ended with status.
func runWith(status result.Status) *result.Run {
	return &result.Run{Sections: []*result.Section{{Status: status, Steps: []*result.Step{{Status: status}}}}}
}

// TestExitCodes maps what a command's work returns, through the runF
// seam, to tutor's exit status and what it prints.
func TestExitCodes(t *testing.T) {
	parse := &reader.Error{Diagnostics: []model.Diagnostic{{Pos: model.Pos{File: "post.md", Line: 3}, Message: "code fence opened here is never closed"}}}
	for _, tc := range []struct {
		name   string
		err    error
		code   int
		stderr string // exactly
	}{
		{name: "every claim held", err: runStatus(runWith(result.Passed)), code: 0},
		{name: "a claim broke", err: runStatus(runWith(result.Failed)), code: 1},
		{name: "a step's environment failed", err: runStatus(runWith(result.Errored)), code: 3},
		{name: "interrupted", err: runStatus(&result.Run{Interrupted: true}), code: 130},
		{name: "malformed tutorial", err: parse, code: 2,
			stderr: "post.md:3: code fence opened here is never closed\ntutor: 1 problem(s); nothing was run\n"},
		{name: "no such file", err: fmt.Errorf("open post.md: %w", fs.ErrNotExist), code: 2,
			stderr: "tutor: open post.md: file does not exist\n"},
		{name: "bad option value", err: &session.UsageError{Err: errors.New("--var \"x\": want NAME=VALUE")}, code: 2,
			stderr: "tutor: --var \"x\": want NAME=VALUE\n"},
		{name: "unknown section", err: &runner.SelectionError{Name: "nowhere"}, code: 2,
			stderr: "tutor: no section \"nowhere\" (sections: )\n"},
		{name: "sandbox did not start", err: &session.EnvError{Err: errors.New("starting the sandbox: no etcd")}, code: 3,
			stderr: "tutor: starting the sandbox: no etcd\n"},
		{name: "run could not start", err: &runner.EnvError{Err: errors.New("no bash")}, code: 3,
			stderr: "tutor: no bash\n"},
		{name: "sandbox subcommand failed", err: &envFailure{errors.New("no sandbox")}, code: 3,
			stderr: "tutor: no sandbox\n"},
		// Written by the session in its place among the run's notes.
		{name: "report not written", err: &session.ReportedError{Err: errors.New("writing report r.json"), Status: 3}, code: 3},
		{name: "update failed", err: &session.ReportedError{Err: errors.New("update: post.md changed"), Status: 2}, code: 2},
		{name: "already printed", err: &ExitError{Code: 1}, code: 1},
		{name: "unexpected", err: errors.New("boom"), code: 2, stderr: "tutor: boom\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			streams, _, errOut := testStreams("")
			cmd := NewCmdRun(streams, func(context.Context, *RunOptions) error { return tc.err })
			code, stderr := execCmd(streams, errOut, cmd, "run", "post.md")
			if code != tc.code {
				t.Errorf("exit %d, want %d", code, tc.code)
			}
			if stderr != tc.stderr {
				t.Errorf("stderr %q, want %q", stderr, tc.stderr)
			}
		})
	}
}

// usageCase is command-line usage that must be refused with exit 2
// before the command's work starts.
type usageCase struct {
	args   []string
	stderr string // in stderr
}

// checkUsage runs each usage case through newCmd with a runF that fails
// the test when called.
func checkUsage(t *testing.T, newCmd func(IOStreams, func() error) *cobra.Command, cases []usageCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			streams, _, errOut := testStreams("")
			called := false
			cmd := newCmd(streams, func() error { called = true; return nil })
			code, stderr := execCmd(streams, errOut, cmd, tc.args...)
			if code != result.ExitUsage {
				t.Errorf("exit %d, want 2", code)
			}
			if !strings.Contains(stderr, tc.stderr) {
				t.Errorf("stderr %q, want it to contain %q", stderr, tc.stderr)
			}
			if called {
				t.Error("the command's work ran")
			}
		})
	}
}

// parseFlags runs a command line through newCmd with a runF that keeps
// the options, fails the test on a non-zero exit, checks that the options
// carry the command's streams (ioOf finds them) and clears them, so the
// caller compares the flags alone.
func parseFlags[T any](t *testing.T, streams IOStreams, errOut *bytes.Buffer,
	newCmd func(IOStreams, func(context.Context, *T) error) *cobra.Command, ioOf func(*T) *IOStreams, args ...string) *T {
	t.Helper()
	var got *T
	cmd := newCmd(streams, func(_ context.Context, o *T) error { got = o; return nil })
	if code, stderr := execCmd(streams, errOut, cmd, args...); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	io := ioOf(got)
	if io.In != streams.In || io.Out != streams.Out || io.ErrOut != streams.ErrOut {
		t.Error("the options do not carry the command's streams")
	}
	*io = IOStreams{}
	return got
}
