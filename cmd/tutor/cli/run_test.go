package cli

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tutor-run/tutor/engine/session"
)

// TestRunFlags checks that each flag of `tutor run` lands in its options,
// and the defaults.
func TestRunFlags(t *testing.T) {
	cases := []flagCase[RunOptions]{ // File (or Paths) is post.md unless the args name posts
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
		{name: "sandbox with a real node", args: []string{"--sandbox", "--real-nodes", "1"},
			want: RunOptions{Session: session.Options{Cluster: session.Cluster{Sandbox: session.Sandbox{Enabled: true, RealNodes: 1}}}}},
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
		{name: "many: two files", args: []string{"post.md", "other.md"},
			want: RunOptions{Many: true, Paths: []string{"post.md", "other.md"}, Select: session.PostSelection{Paths: []string{"post.md", "other.md"}}}},
		{name: "many: a glob", args: []string{"docs/**/*.md"},
			want: RunOptions{Many: true, Paths: []string{"docs/**/*.md"}, Select: session.PostSelection{Paths: []string{"docs/**/*.md"}}}},
		{name: "many: jobs and selection", args: []string{"-j", "4", "--changed-since", "origin/main", "--shard", "2/3", "--timings", "a.json", "--timings", "b.json", "post.md"},
			want: RunOptions{Many: true, Jobs: 4, Select: session.PostSelection{Paths: []string{"post.md"}, ChangedSince: "origin/main", Shard: "2/3", Timings: []string{"a.json", "b.json"}}}},
		{name: "many: reports and timeout", args: []string{"--report-dir", "rep", "--link-base", "https://x/blob/s/", "--post-timeout", "5m", "post.md"},
			want: RunOptions{Many: true, ReportDir: "rep", LinkBase: "https://x/blob/s/", PostTimeout: 5 * time.Minute, Select: session.PostSelection{Paths: []string{"post.md"}}}},
		{name: "many: per-post flags", args: []string{"--jobs", "2", "--section", "a", "--from-section", "b", "--keep-going", "--sandbox", "-q", "post.md"},
			want: RunOptions{Many: true, Jobs: 2, Quiet: true, Select: session.PostSelection{Paths: []string{"post.md"}}, Session: session.Options{
				Selection: session.Selection{Sections: []string{"a"}, FromSection: "b", KeepGoing: true}, Cluster: session.Cluster{Sandbox: session.Sandbox{Enabled: true}}}}},
	}
	for i := range cases {
		c := &cases[i]
		c.args = append([]string{"run"}, c.args...)
		if !slices.ContainsFunc(c.args, func(a string) bool { return a == "post.md" || strings.Contains(a, "*") }) {
			c.args = append(c.args, "post.md")
		}
		if c.want.Paths == nil {
			c.want.Paths = []string{"post.md"}
		}
		if !c.want.Many {
			c.want.Session.File = "post.md"
		}
		if c.want.Jobs == 0 {
			c.want.Jobs = 1
		}
	}
	checkFlags(t, NewCmdRun, func(o *RunOptions) *IOStreams { return &o.IO }, cases)
}

// TestRunUsage: wrong usage is exit 2 and runs nothing.
func TestRunUsage(t *testing.T) {
	checkUsage(t, NewCmdRun, []usageCase{
		{args: []string{"run", "--diff", "post.md"}, stderr: "tutor: --diff previews --update: use both\n"},
		{args: []string{"run"}, stderr: "tutor run: want one tutorial file or more (files, directories, globs)"},
		{args: []string{"run", "--update", "a.md", "b.md"}, stderr: "tutor: --update takes one post; this run covers many\n"},
		{args: []string{"run", "--replay", "rec", "-j", "2", "a.md"}, stderr: "tutor: --replay takes one post; this run covers many\n"},
		{args: []string{"run", "-j", "0", "a.md", "b.md"}, stderr: "tutor: --jobs 0: want 1 or more\n"},
		{args: []string{"run", "-j", "two", "a.md"}, stderr: `invalid argument "two" for "-j, --jobs"`},
		{args: []string{"run", "--no-such-flag", "post.md"}, stderr: "unknown flag: --no-such-flag"},
		{args: []string{"run", "--timeout", "soon", "post.md"}, stderr: `invalid argument "soon" for "--timeout"`},
		{args: []string{"run", "--sandbox-nodes", "many", "post.md"}, stderr: `invalid argument "many" for "--sandbox-nodes"`},
		{args: []string{"run", "--watch-window", "ever", "post.md"}, stderr: `invalid argument "ever" for "--watch-window"`},
	})
}

// TestRunWork runs small posts through the command's own work: the exit
// status of each outcome.
func TestRunWork(t *testing.T) {
	checkWork(t, "run", []workCase{
		{name: "passes", post: "# Greet\n\n```console\n$ echo hello\nhello\n```\n", code: 0, stdout: "exit 0"},
		{name: "claim broken", post: "# Greet\n\n```console\n$ echo hello\nbonjour\n```\n", code: 1, stdout: "exit 1"},
		{name: "malformed", post: "# Broken\n\n```console\n$ touch ran.txt\n", code: 2, stderr: "post.md:3: code fence opened here is never closed"},
		{name: "tool missing", post: "# Tools\n\n```console\n$ definitely-not-installed-tool\n```\n", code: 3, stdout: "command not found"},
		{name: "unknown capability", post: "# Greet\n\n```console\n$ touch ran.txt\n```\n", args: []string{"--require", "everything"}, code: 2,
			stderr: "tutor: --require everything: want one of az, cilium, hubble, internet, pods\n"},
		{name: "unknown section", post: "# Greet\n\n```console\n$ touch ran.txt\n```\n", args: []string{"--section", "nowhere"}, code: 2,
			stderr: `tutor: no section "nowhere" (sections: greet)`},
		{name: "report not written", post: "# Greet\n\n```console\n$ echo hello\n```\n", args: []string{"--report-json", "no/such/dir/r.json"}, code: 3,
			stderr: "tutor: writing report no/such/dir/r.json: "},
	})
}

// TestRunManyWork runs small docs trees through the command's own work:
// the exit status of a run of many posts and what it prints.
func TestRunManyWork(t *testing.T) {
	const (
		pass   = "# Greet\n\n```console\n$ echo hello\nhello\n```\n"
		broken = "# Greet\n\n```console\n$ echo hello\nbonjour\n```\n"
		bad    = "# Broken\n\n```console\n$ touch ran.txt\n"
	)
	for _, tc := range []struct {
		name   string
		posts  map[string]string
		args   []string
		code   int
		stdout []string // in stdout
		not    []string // not in stdout
		stderr string   // in stderr
	}{
		{name: "all hold", posts: map[string]string{"docs/a.md": pass, "docs/b.md": pass}, args: []string{"-j", "2", "docs"}, code: 0,
			stdout: []string{"━━ docs/a.md", "━━ docs/b.md", "2 posts: 2 passed", "exit 0: every claim held"}},
		{name: "one broken", posts: map[string]string{"docs/a.md": pass, "docs/b.md": broken}, args: []string{"docs"}, code: 1,
			stdout: []string{"✗ docs/b.md:4: ", "+hello", "2 posts: 1 passed, 1 failed"}},
		{name: "quiet prints only failures", posts: map[string]string{"docs/a.md": pass, "docs/b.md": broken}, args: []string{"-q", "docs"}, code: 1,
			stdout: []string{"━━ docs/b.md"}, not: []string{"━━ docs/a.md"}},
		{name: "malformed stops all", posts: map[string]string{"docs/a.md": pass, "docs/b.md": bad}, args: []string{"docs"}, code: 2,
			not: []string{"━━"}, stderr: "docs/b.md:3: code fence opened here is never closed"},
		{name: "malformed with keep-going", posts: map[string]string{"docs/a.md": pass, "docs/b.md": bad}, args: []string{"--keep-going", "docs"}, code: 2,
			stdout: []string{"━━ docs/a.md", "2 posts: 1 passed, 1 malformed"}},
		{name: "a shard", posts: map[string]string{"docs/a.md": pass, "docs/b.md": pass, "docs/c.md": pass}, args: []string{"--shard", "2/3", "docs"}, code: 0,
			stdout: []string{"1 post: 1 passed"}, stderr: "tutor: shard 2/3: 1 of 3 post(s)"},
		{name: "bad shard", posts: map[string]string{"docs/a.md": pass}, args: []string{"--shard", "4/3", "docs"}, code: 2, stderr: "4/3"},
		{name: "nothing found", posts: map[string]string{"docs/a.md": pass}, args: []string{"nowhere/*.md"}, code: 2, stderr: "nowhere/*.md: matches no post"},
		{name: "reports", posts: map[string]string{"docs/a.md": pass, "docs/b.md": broken}, args: []string{"--report-dir", "rep", "--report-junit", "all.xml", "docs"}, code: 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			inTempDir(t, tc.posts)
			streams, out, errOut := testStreams("")
			code := Execute(context.Background(), streams, append([]string{"run"}, tc.args...))
			if code != tc.code {
				t.Errorf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", code, tc.code, out, errOut)
			}
			for _, s := range tc.stdout {
				if !strings.Contains(out.String(), s) {
					t.Errorf("stdout does not contain %q:\n%s", s, out)
				}
			}
			for _, s := range tc.not {
				if strings.Contains(out.String(), s) {
					t.Errorf("stdout contains %q:\n%s", s, out)
				}
			}
			if !strings.Contains(errOut.String(), tc.stderr) {
				t.Errorf("stderr does not contain %q:\n%s", tc.stderr, errOut)
			}
			if _, err := os.Stat(filepath.Join("docs", "ran.txt")); err == nil {
				t.Error("a malformed post's step ran")
			}
			if tc.name == "reports" {
				for _, f := range []string{"rep/report.json", "rep/junit.xml", "rep/summary.md", "rep/index.html", "all.xml"} {
					if _, err := os.Stat(f); err != nil {
						t.Errorf("report: %v", err)
					}
				}
			}
		})
	}
}
