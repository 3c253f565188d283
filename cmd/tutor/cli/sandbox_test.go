package cli

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tutor-run/tutor/engine/cluster"
)

// TestSandboxFlags checks that each subcommand of `tutor sandbox` and its
// flags land in the options, and the defaults.
func TestSandboxFlags(t *testing.T) {
	home, err := os.UserHomeDir()
	if err != nil {
		t.Fatal(err)
	}
	checkFlags(t, NewCmdSandbox, func(o *SandboxOptions) *IOStreams { return &o.IO }, []flagCase[SandboxOptions]{
		{name: "up defaults", args: []string{"sandbox", "up"},
			want: SandboxOptions{Action: "up", StateDir: filepath.Join(home, ".local", "state", "tutor", "sandbox"), Nodes: 2}},
		{name: "up", args: []string{"sandbox", "up", "--nodes", "5", "--node-prefix", "aks-nodepool1-", "--state-dir", "sb"},
			want: SandboxOptions{Action: "up", StateDir: "sb", Nodes: 5, NodePrefix: "aks-nodepool1-"}},
		{name: "up with a real node", args: []string{"sandbox", "up", "--real-nodes", "1", "--free-ports", "--node-bin-dir", "nb", "--images-dir", "im"},
			want: SandboxOptions{Action: "up", StateDir: filepath.Join(home, ".local", "state", "tutor", "sandbox"), Nodes: 2,
				RealNodes: 1, FreePorts: true, NodeBinDir: "nb", ImagesDir: "im"}},
		{name: "state dir before the subcommand", args: []string{"sandbox", "--state-dir", "sb", "down"},
			want: SandboxOptions{Action: "down", StateDir: "sb", Nodes: 2}},
		{name: "TUTOR_SANDBOX_DIR", env: map[string]string{"TUTOR_SANDBOX_DIR": "/sb", "XDG_STATE_HOME": "/xdg"}, args: []string{"sandbox", "status"},
			want: SandboxOptions{Action: "status", StateDir: "/sb", Nodes: 2}},
		{name: "XDG_STATE_HOME", env: map[string]string{"XDG_STATE_HOME": "/xdg"}, args: []string{"sandbox", "env"},
			want: SandboxOptions{Action: "env", StateDir: "/xdg/tutor/sandbox", Nodes: 2}},
		{name: "install defaults", env: map[string]string{"XDG_STATE_HOME": "/xdg"}, args: []string{"sandbox", "install"},
			want: SandboxOptions{Action: "install", StateDir: "/xdg/tutor/sandbox", Nodes: 2, Install: InstallOptions{What: []string{}}}},
		{name: "install", env: map[string]string{"XDG_STATE_HOME": "/xdg"},
			args: []string{"sandbox", "install", "charts", "binaries", "--bin-dir", "b", "--charts-dir", "c", "--print"},
			want: SandboxOptions{Action: "install", StateDir: "/xdg/tutor/sandbox", Nodes: 2,
				Install: InstallOptions{What: []string{"charts", "binaries"}, BinDir: "b", ChartsDir: "c", Print: true}}},
		{name: "install node", env: map[string]string{"XDG_STATE_HOME": "/xdg"},
			args: []string{"sandbox", "install", "node", "charts", "--bin-dir", "n"},
			want: SandboxOptions{Action: "install", StateDir: "/xdg/tutor/sandbox", Nodes: 2,
				Install: InstallOptions{What: []string{"node", "charts"}, BinDir: "n"}}},
		{name: "install cilium", env: map[string]string{"XDG_STATE_HOME": "/xdg"},
			args: []string{"sandbox", "install", "cilium", "--bin-dir", "c"},
			want: SandboxOptions{Action: "install", StateDir: "/xdg/tutor/sandbox", Nodes: 2,
				Install: InstallOptions{What: []string{"cilium"}, BinDir: "c"}}},
	})
}

// TestSandboxUsage: wrong usage is exit 2 and touches no sandbox.
func TestSandboxUsage(t *testing.T) {
	checkUsage(t, NewCmdSandbox, []usageCase{
		{args: []string{"sandbox", "up", "extra"}, stderr: `unknown command "extra" for "tutor sandbox up"`},
		{args: []string{"sandbox", "up", "--nodes", "many"}, stderr: `invalid argument "many" for "--nodes"`},
		{args: []string{"sandbox", "down", "--nodes", "3"}, stderr: "unknown flag: --nodes"},
		{args: []string{"sandbox", "install", "kwok"}, stderr: `invalid argument "kwok" for "tutor sandbox install"`},
		{args: []string{"sandbox", "install", "--nodes", "3"}, stderr: "unknown flag: --nodes"},
		{args: []string{"sandbox", "install", "binaries", "node", "--bin-dir", "b"},
			stderr: "--bin-dir is the directory of the binaries, the node's or Cilium's: install them one at a time"},
		{args: []string{"sandbox", "install", "node", "charts", "cilium", "--bin-dir", "b"},
			stderr: "--bin-dir is the directory of the binaries, the node's or Cilium's: install them one at a time"},
	})
}

// TestSandboxWork runs the subcommands that need no cluster against a
// state directory with no sandbox in it.
func TestSandboxWork(t *testing.T) {
	for _, tc := range []struct {
		action string
		code   int
		stdout string // exactly, after the state directory is replaced by DIR
		stderr string // exactly, likewise
	}{
		// Today's behaviour: cluster.Attach's error does not wrap
		// fs.ErrNotExist, so down never gives its "no sandbox in DIR"
		// answer (exit 0) and fails as the environment instead.
		{action: "down", code: 3, stderr: "tutor: attach local cluster: no local cluster recorded in DIR\n"},
		{action: "status", code: 1, stdout: "no sandbox in DIR\n"},
		{action: "env", code: 3, stderr: "tutor: no sandbox in DIR: run 'tutor sandbox up' first\n"},
	} {
		t.Run(tc.action, func(t *testing.T) {
			dir := t.TempDir()
			streams, out, errOut := testStreams("")
			code := Execute(context.Background(), streams, []string{"sandbox", tc.action, "--state-dir", dir})
			if code != tc.code {
				t.Errorf("exit %d, want %d", code, tc.code)
			}
			if got := strings.ReplaceAll(out.String(), dir, "DIR"); got != tc.stdout {
				t.Errorf("stdout %q, want %q", got, tc.stdout)
			}
			if got := strings.ReplaceAll(errOut.String(), dir, "DIR"); got != tc.stderr {
				t.Errorf("stderr %q, want %q", got, tc.stderr)
			}
		})
	}
}

// TestSandboxWithoutBinaries: with no binaries anywhere, `tutor sandbox up`
// is an environment failure (exit 3) that says how to install them, and
// `tutor sandbox install --print` says where they would go.
func TestSandboxWithoutBinaries(t *testing.T) {
	tmp := t.TempDir()
	t.Chdir(tmp) // outside the checkout: its .cache/cluster/bin is not found
	t.Setenv("TUTOR_CLUSTER_BIN", "")
	t.Setenv("XDG_CACHE_HOME", filepath.Join(tmp, "cache"))
	streams, out, errOut := testStreams("")
	if code := Execute(context.Background(), streams, []string{"sandbox", "up", "--state-dir", filepath.Join(tmp, "sb")}); code != 3 {
		t.Errorf("sandbox up: exit %d, want 3", code)
	}
	if !strings.Contains(errOut.String(), "run `tutor sandbox install` to build them") {
		t.Errorf("sandbox up said %q, want the hint to install", errOut.String())
	}
	streams, out, errOut = testStreams("")
	if code := Execute(context.Background(), streams, []string{"sandbox", "install", "--print"}); code != 0 {
		t.Errorf("sandbox install --print: exit %d: %s", code, errOut.String())
	}
	bin, err := cluster.UserBinDir()
	if err != nil {
		t.Fatal(err)
	}
	charts, err := cluster.DefaultChartsDir()
	if err != nil {
		t.Fatal(err)
	}
	want := "binaries: " + bin + " (not installed: run 'tutor sandbox install')\n" +
		"charts: " + charts + " (not installed: run 'tutor sandbox install charts')\n"
	if got := out.String(); got != want {
		t.Errorf("sandbox install --print:\n got %q\nwant %q", got, want)
	}
	if err := os.MkdirAll(charts, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(charts, "index.yaml"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Setenv("TUTOR_NODE_BIN", "")
	node, err := cluster.UserNodeBinDir()
	if err != nil {
		t.Fatal(err)
	}
	t.Setenv("TUTOR_CILIUM_BIN", "")
	ciliumDir, err := cluster.UserCiliumBinDir()
	if err != nil {
		t.Fatal(err)
	}
	// Each part asked for alone: the charts are installed by now.
	for _, tc := range []struct{ part, want string }{
		{"node", "node: " + node + " (not installed: run 'tutor sandbox install node')\n"},
		{"cilium", "cilium: " + ciliumDir + " (not installed: run 'tutor sandbox install cilium')\n"},
		{"charts", "charts: " + charts + " (installed: --helm-mirror https://helm.cilium.io/=" + charts + ")\n"},
	} {
		streams, out, _ = testStreams("")
		Execute(context.Background(), streams, []string{"sandbox", "install", tc.part, "--print"})
		if got := out.String(); got != tc.want {
			t.Errorf("sandbox install %s --print:\n got %q\nwant %q", tc.part, got, tc.want)
		}
	}
}
