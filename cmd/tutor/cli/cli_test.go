package cli

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"testing"

	"github.com/tutor-run/tutor/engine/model"
	"github.com/tutor-run/tutor/engine/reader"
	"github.com/tutor-run/tutor/engine/result"
	"github.com/tutor-run/tutor/engine/runner"
	"github.com/tutor-run/tutor/engine/session"
)

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
