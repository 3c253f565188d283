package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/spf13/cobra"

	"github.com/tutor-run/tutor/engine/result"
)

// The helpers every command's tests share: streams over buffers, and one
// runner each for the three tables a command has (its flags, its wrong
// usage, its own work).

// newCmdFunc is the shape of every NewCmdX: the command's streams and the
// runF seam that replaces its work.
type newCmdFunc[T any] func(IOStreams, func(context.Context, *T) error) *cobra.Command

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

// usageCase is command-line usage that must be refused with exit 2
// before the command's work starts.
type usageCase struct {
	args   []string
	stderr string // in stderr
}

// checkUsage runs each usage case through newCmd with a runF that fails
// the test when called.
func checkUsage[T any](t *testing.T, newCmd newCmdFunc[T], cases []usageCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			streams, _, errOut := testStreams("")
			called := false
			cmd := newCmd(streams, func(context.Context, *T) error { called = true; return nil })
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
	newCmd newCmdFunc[T], ioOf func(*T) *IOStreams, args ...string) *T {
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

// flagCase is a command line and the options it must give, streams aside.
type flagCase[T any] struct {
	name string
	env  map[string]string // the environment the command sees
	args []string
	want T
}

// checkFlags runs each case's command line through newCmd (see
// parseFlags) and compares the options it gives with the case's.
func checkFlags[T any](t *testing.T, newCmd newCmdFunc[T], ioOf func(*T) *IOStreams, cases []flagCase[T]) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			streams, _, errOut := testStreams("")
			streams.Getenv = func(k string) string { return tc.env[k] }
			got := parseFlags(t, streams, errOut, newCmd, ioOf, tc.args...)
			if !reflect.DeepEqual(*got, tc.want) {
				t.Errorf("options\n got %+v\nwant %+v", *got, tc.want)
			}
		})
	}
}

// inTempDir makes a fresh working directory, with its own tutor state
// directory, and writes files (name to text) in it.
func inTempDir(t *testing.T, files map[string]string) {
	t.Helper()
	dir := t.TempDir()
	t.Chdir(dir)
	t.Setenv("TUTOR_STATE_DIR", filepath.Join(dir, "state"))
	for name, text := range files {
		if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(name, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// workCase is one run of a command's own work over a post.
type workCase struct {
	name   string
	post   string   // written as post.md, the file the command is given
	args   []string // before post.md
	keys   string   // the learner's keys on stdin, one per line
	code   int
	stdout string // in stdout
	stderr string // in stderr
}

// checkWork runs `tutor command [args] post.md` for each case in a fresh
// directory and checks the exit status and both streams. A post whose
// steps `touch ran.txt` shows that a usage error (exit 2) ran no step.
func checkWork(t *testing.T, command string, cases []workCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			inTempDir(t, map[string]string{"post.md": tc.post})
			streams, out, errOut := testStreams(tc.keys)
			args := append(append([]string{command}, tc.args...), "post.md")
			code := Execute(context.Background(), streams, args)
			if code != tc.code {
				t.Errorf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", code, tc.code, out, errOut)
			}
			if !strings.Contains(out.String(), tc.stdout) {
				t.Errorf("stdout does not contain %q:\n%s", tc.stdout, out)
			}
			if !strings.Contains(errOut.String(), tc.stderr) {
				t.Errorf("stderr does not contain %q:\n%s", tc.stderr, errOut)
			}
			if tc.code == result.ExitUsage {
				if _, err := os.Stat("ran.txt"); err == nil {
					t.Error("a step ran")
				}
			}
		})
	}
}
