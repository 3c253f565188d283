package cli

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/spf13/cobra"

	"github.com/tutor-run/tutor/engine/session"
)

// TestLearnFlags checks that each flag of `tutor learn` lands in its
// options, and the defaults.
func TestLearnFlags(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []string
		want LearnOptions
	}{
		{name: "defaults", args: []string{"learn", "post.md"}, want: LearnOptions{File: "post.md"}},
		{name: "all", args: []string{"learn", "post.md", "--from-section", "install", "--timeout", "1m", "--context", "kind-a",
			"--var", "a=b", "--tab", "Bash", "--watch-window", "5s"},
			want: LearnOptions{File: "post.md", FromSection: "install", Timeout: time.Minute, Contexts: []string{"kind-a"},
				Choices: session.Choices{Vars: []string{"a=b"}, Tab: "Bash", Window: 5 * time.Second}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			streams, _, errOut := testStreams("")
			got := parseFlags(t, streams, errOut, NewCmdLearn, func(o *LearnOptions) *IOStreams { return &o.IO }, tc.args...)
			if !reflect.DeepEqual(*got, tc.want) {
				t.Errorf("options\n got %+v\nwant %+v", *got, tc.want)
			}
		})
	}
}

// TestLearnUsage: wrong usage is exit 2 and shows nothing.
func TestLearnUsage(t *testing.T) {
	checkUsage(t, func(s IOStreams, work func() error) *cobra.Command {
		return NewCmdLearn(s, func(context.Context, *LearnOptions) error { return work() })
	}, []usageCase{
		{args: []string{"learn"}, stderr: "tutor learn: want one tutorial file, got 0 arguments"},
		{args: []string{"learn", "--keep-going", "post.md"}, stderr: "unknown flag: --keep-going"},
		{args: []string{"learn", "--timeout", "soon", "post.md"}, stderr: `invalid argument "soon" for "--timeout"`},
	})
}

// TestLearnWork takes a scripted learner (keys one per line) through
// small posts with the command's own work.
func TestLearnWork(t *testing.T) {
	for _, tc := range []struct {
		name string
		post string
		keys string
		code int
	}{
		{name: "passes", post: "# Greet\n\n```console\n$ echo hello\nhello\n```\n", keys: "\n", code: 0},
		{name: "claim broken", post: "# Greet\n\n```console\n$ echo hello\nbonjour\n```\n", keys: "\nn\n", code: 1},
		{name: "quit", post: "# Greet\n\n```console\n$ echo hello\nbonjour\n```\n", keys: "q\n", code: 0},
		{name: "malformed", post: "# Broken\n\n```console\n$ echo\n", code: 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			t.Chdir(dir)
			t.Setenv("TUTOR_STATE_DIR", filepath.Join(dir, "state"))
			if err := os.WriteFile("post.md", []byte(tc.post), 0o644); err != nil {
				t.Fatal(err)
			}
			streams, out, errOut := testStreams(tc.keys)
			code := Execute(context.Background(), streams, []string{"learn", "post.md"})
			if code != tc.code {
				t.Errorf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", code, tc.code, out, errOut)
			}
			if tc.code != 2 && !strings.Contains(out.String(), "Greet") {
				t.Errorf("the session did not show the post:\n%s", out)
			}
		})
	}
}
