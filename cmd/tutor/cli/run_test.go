package cli

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/spf13/cobra"

	"github.com/tutor-run/tutor/engine/session"
)

// TestRunFlags checks that each flag of `tutor run` lands in its options,
// and the defaults.
func TestRunFlags(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []string
		want RunOptions // File is post.md in every case
	}{
		{name: "defaults"},
		{name: "selection", args: []string{"--keep-going", "--section", "a", "--section", "B c", "--from-section", "d", "--timeout", "90s", "--keep"},
			want: RunOptions{Session: session.Options{Selection: session.Selection{
				KeepGoing: true, Sections: []string{"a", "B c"}, FromSection: "d", Timeout: 90 * time.Second, Keep: true}}}},
		{name: "choices", args: []string{"--var", "pod-name=web-0", "--var", "X=1", "--tab", "azure-cli", "--watch-window", "2s"},
			want: RunOptions{Session: session.Options{Choices: session.Choices{Vars: []string{"pod-name=web-0", "X=1"}, Tab: "azure-cli", Window: 2 * time.Second}}}},
		{name: "quiet", args: []string{"-q"}, want: RunOptions{Quiet: true}},
		{name: "quiet long", args: []string{"--quiet"}, want: RunOptions{Quiet: true}},
		{name: "cluster", args: []string{"--context", "kind-a", "--context", "kind-b", "--require", "az", "--require", "hubble",
			"--hubble-server", "localhost:4245", "--helm-mirror", "https://helm.cilium.io/=charts"},
			want: RunOptions{Session: session.Options{Cluster: session.Cluster{Contexts: []string{"kind-a", "kind-b"}, Require: []string{"az", "hubble"},
				HubbleServer: "localhost:4245", HelmMirrors: []string{"https://helm.cilium.io/=charts"}}}}},
		{name: "sandbox", args: []string{"--sandbox", "--sandbox-nodes", "3", "--sandbox-node-prefix", "aks-"},
			want: RunOptions{Session: session.Options{Cluster: session.Cluster{Sandbox: session.Sandbox{Enabled: true, Nodes: 3, NodePrefix: "aks-"}}}}},
		{name: "recording", args: []string{"--record", "rec", "--replay", "old", "--resume"},
			want: RunOptions{Session: session.Options{Recording: session.Recording{Record: "rec", Replay: "old", Resume: true}}}},
		{name: "update", args: []string{"--update"},
			want: RunOptions{Update: true, Session: session.Options{Update: session.UpdateWrite}}},
		{name: "update diff", args: []string{"--update", "--diff"},
			want: RunOptions{Update: true, Diff: true, Session: session.Options{Update: session.UpdateDiff}}},
		{name: "reports", args: []string{"--report-json", "r.json", "--report-junit", "r.xml", "--report-markdown", "r.md", "--report-html", "r.html"},
			want: RunOptions{Session: session.Options{Reports: session.Reports{JSON: "r.json", JUnit: "r.xml", Markdown: "r.md", HTML: "r.html"}}}},
		{name: "flags after the file", args: []string{"post.md", "--keep-going"},
			want: RunOptions{Session: session.Options{Selection: session.Selection{KeepGoing: true}}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			streams, _, errOut := testStreams("")
			args := append([]string{"run"}, tc.args...)
			if !slices.Contains(args, "post.md") {
				args = append(args, "post.md")
			}
			got := parseFlags(t, streams, errOut, NewCmdRun, func(o *RunOptions) *IOStreams { return &o.IO }, args...)
			want := tc.want
			want.Session.File = "post.md"
			if !reflect.DeepEqual(*got, want) {
				t.Errorf("options\n got %+v\nwant %+v", *got, want)
			}
		})
	}
}

// TestRunUsage: wrong usage is exit 2 and runs nothing.
func TestRunUsage(t *testing.T) {
	checkUsage(t, func(s IOStreams, work func() error) *cobra.Command {
		return NewCmdRun(s, func(context.Context, *RunOptions) error { return work() })
	}, []usageCase{
		{args: []string{"run", "--diff", "post.md"}, stderr: "tutor: --diff previews --update: use both\n"},
		{args: []string{"run"}, stderr: "tutor run: want one tutorial file, got 0 arguments"},
		{args: []string{"run", "a.md", "b.md"}, stderr: "tutor run: want one tutorial file, got 2 arguments"},
		{args: []string{"run", "--no-such-flag", "post.md"}, stderr: "unknown flag: --no-such-flag"},
		{args: []string{"run", "--timeout", "soon", "post.md"}, stderr: `invalid argument "soon" for "--timeout"`},
		{args: []string{"run", "--sandbox-nodes", "many", "post.md"}, stderr: `invalid argument "many" for "--sandbox-nodes"`},
		{args: []string{"run", "--watch-window", "ever", "post.md"}, stderr: `invalid argument "ever" for "--watch-window"`},
	})
}

// TestRunWork runs small posts through the command's own work: the exit
// status of each outcome.
func TestRunWork(t *testing.T) {
	for _, tc := range []struct {
		name   string
		post   string
		args   []string
		code   int
		stdout string // in stdout
		stderr string // in stderr
	}{
		{name: "passes", post: "# Greet\n\n```console\n$ echo hello\nhello\n```\n", code: 0, stdout: "exit 0"},
		{name: "claim broken", post: "# Greet\n\n```console\n$ echo hello\nbonjour\n```\n", code: 1, stdout: "exit 1"},
		{name: "malformed", post: "# Broken\n\n```console\n$ touch ran.txt\n", code: 2, stderr: "post.md:3: code fence opened here is never closed"},
		{name: "tool missing", post: "# Tools\n\n```console\n$ definitely-not-installed-tool\n```\n", code: 3, stdout: "command not found"},
		{name: "unknown capability", post: "# Greet\n\n```console\n$ touch ran.txt\n```\n", args: []string{"--require", "everything"}, code: 2,
			stderr: "tutor: --require everything: want one of az, cilium, hubble, internet\n"},
		{name: "unknown section", post: "# Greet\n\n```console\n$ touch ran.txt\n```\n", args: []string{"--section", "nowhere"}, code: 2,
			stderr: `tutor: no section "nowhere" (sections: greet)`},
		{name: "report not written", post: "# Greet\n\n```console\n$ echo hello\n```\n", args: []string{"--report-json", "no/such/dir/r.json"}, code: 3,
			stderr: "tutor: writing report no/such/dir/r.json: "},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			t.Chdir(dir)
			t.Setenv("TUTOR_STATE_DIR", filepath.Join(dir, "state"))
			if err := os.WriteFile("post.md", []byte(tc.post), 0o644); err != nil {
				t.Fatal(err)
			}
			streams, out, errOut := testStreams("")
			args := append(append([]string{"run"}, tc.args...), "post.md")
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
			if tc.code == 2 {
				if _, err := os.Stat("ran.txt"); err == nil {
					t.Error("a step ran")
				}
			}
		})
	}
}
