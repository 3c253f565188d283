package cli

import (
	"slices"
	"testing"
	"time"

	"github.com/tutor-run/tutor/engine/session"
)

// TestRunFlags checks that each flag of `tutor run` lands in its options,
// and the defaults.
func TestRunFlags(t *testing.T) {
	cases := []flagCase[RunOptions]{ // File is post.md in every case
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
	}
	for i := range cases {
		cases[i].args = append([]string{"run"}, cases[i].args...)
		if !slices.Contains(cases[i].args, "post.md") {
			cases[i].args = append(cases[i].args, "post.md")
		}
		cases[i].want.Session.File = "post.md"
	}
	checkFlags(t, NewCmdRun, func(o *RunOptions) *IOStreams { return &o.IO }, cases)
}

// TestRunUsage: wrong usage is exit 2 and runs nothing.
func TestRunUsage(t *testing.T) {
	checkUsage(t, NewCmdRun, []usageCase{
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
	checkWork(t, "run", []workCase{
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
	})
}
