package cli

import (
	"testing"
	"time"

	"github.com/tutor-run/tutor/engine/session"
)

// TestLearnFlags checks that each flag of `tutor learn` lands in its
// options, and the defaults.
func TestLearnFlags(t *testing.T) {
	checkFlags(t, NewCmdLearn, func(o *LearnOptions) *IOStreams { return &o.IO }, []flagCase[LearnOptions]{
		{name: "defaults", args: []string{"learn", "post.md"}, want: LearnOptions{File: "post.md"}},
		{name: "all", args: []string{"learn", "post.md", "--from-section", "install", "--timeout", "1m", "--context", "kind-a",
			"--var", "a=b", "--tab", "Bash", "--watch-window", "5s"},
			want: LearnOptions{File: "post.md", FromSection: "install", Timeout: time.Minute, Contexts: []string{"kind-a"},
				Choices: session.Choices{Vars: []string{"a=b"}, Tab: "Bash", Window: 5 * time.Second}}},
	})
}

// TestLearnUsage: wrong usage is exit 2 and shows nothing.
func TestLearnUsage(t *testing.T) {
	checkUsage(t, NewCmdLearn, []usageCase{
		{args: []string{"learn"}, stderr: "tutor learn: want one tutorial file, got 0 arguments"},
		{args: []string{"learn", "--keep-going", "post.md"}, stderr: "unknown flag: --keep-going"},
		{args: []string{"learn", "--timeout", "soon", "post.md"}, stderr: `invalid argument "soon" for "--timeout"`},
	})
}

// TestLearnWork takes a scripted learner (keys one per line) through
// small posts with the command's own work; a session that starts shows
// the post.
func TestLearnWork(t *testing.T) {
	checkWork(t, "learn", []workCase{
		{name: "passes", post: "# Greet\n\n```console\n$ echo hello\nhello\n```\n", keys: "\n", code: 0, stdout: "Greet"},
		{name: "claim broken", post: "# Greet\n\n```console\n$ echo hello\nbonjour\n```\n", keys: "\nn\n", code: 1, stdout: "Greet"},
		{name: "quit", post: "# Greet\n\n```console\n$ echo hello\nbonjour\n```\n", keys: "q\n", code: 0, stdout: "Greet"},
		{name: "malformed", post: "# Broken\n\n```console\n$ echo\n", code: 2},
	})
}
