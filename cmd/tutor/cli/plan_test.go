package cli

import (
	"context"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/spf13/cobra"

	"github.com/tutor-run/tutor/engine/session"
)

// TestPlanFlags checks that each flag of `tutor plan` lands in its
// options, and the defaults.
func TestPlanFlags(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []string
		want PlanOptions
	}{
		{name: "defaults", args: []string{"plan", "post.md"}, want: PlanOptions{File: "post.md"}},
		{name: "json", args: []string{"plan", "--json", "post.md"}, want: PlanOptions{File: "post.md", JSON: true}},
		{name: "choices", args: []string{"plan", "post.md", "--var", "a=b", "--tab", "Bash", "--watch-window", "1m"},
			want: PlanOptions{File: "post.md", Choices: session.Choices{Vars: []string{"a=b"}, Tab: "Bash", Window: time.Minute}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			streams, _, errOut := testStreams("")
			got := parseFlags(t, streams, errOut, NewCmdPlan, func(o *PlanOptions) *IOStreams { return &o.IO }, tc.args...)
			if !reflect.DeepEqual(*got, tc.want) {
				t.Errorf("options\n got %+v\nwant %+v", *got, tc.want)
			}
		})
	}
}

// TestPlanUsage: wrong usage is exit 2 and plans nothing.
func TestPlanUsage(t *testing.T) {
	checkUsage(t, func(s IOStreams, work func() error) *cobra.Command {
		return NewCmdPlan(s, func(context.Context, *PlanOptions) error { return work() })
	}, []usageCase{
		{args: []string{"plan"}, stderr: "tutor plan: want one tutorial file, got 0 arguments"},
		{args: []string{"plan", "a.md", "b.md"}, stderr: "tutor plan: want one tutorial file, got 2 arguments"},
		{args: []string{"plan", "--json=maybe", "post.md"}, stderr: `invalid argument "maybe" for "--json"`},
	})
}

// TestPlanWork plans small posts with the command's own work.
func TestPlanWork(t *testing.T) {
	const post = "# Greet\n\n```console\n$ echo hello\nhello\n```\n"
	for _, tc := range []struct {
		name   string
		post   string
		args   []string
		code   int
		stdout string // in stdout
		stderr string // in stderr
	}{
		{name: "plan", post: post, code: 0, stdout: "echo hello"},
		{name: "json", post: post, args: []string{"--json"}, code: 0, stdout: `"command": "echo hello"`},
		{name: "malformed", post: "# Broken\n\n```console\n$ echo\n", code: 2, stderr: "post.md:3: code fence opened here is never closed"},
		{name: "malformed json", post: "# Broken\n\n```console\n$ echo\n", args: []string{"--json"}, code: 2, stdout: "never closed"},
		{name: "unknown tab", post: post, args: []string{"--tab", "Fish"}, code: 2, stderr: "tutor: "},
		{name: "bad var", post: post, args: []string{"--var", "novalue"}, code: 2, stderr: "tutor: --var \"novalue\": want NAME=VALUE\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Chdir(t.TempDir())
			if err := os.WriteFile("post.md", []byte(tc.post), 0o644); err != nil {
				t.Fatal(err)
			}
			streams, out, errOut := testStreams("")
			code := Execute(context.Background(), streams, append(append([]string{"plan"}, tc.args...), "post.md"))
			if code != tc.code {
				t.Errorf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", code, tc.code, out, errOut)
			}
			if !strings.Contains(out.String(), tc.stdout) {
				t.Errorf("stdout does not contain %q:\n%s", tc.stdout, out)
			}
			if !strings.Contains(errOut.String(), tc.stderr) {
				t.Errorf("stderr does not contain %q:\n%s", tc.stderr, errOut)
			}
		})
	}
}
