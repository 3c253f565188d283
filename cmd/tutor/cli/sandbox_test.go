package cli

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
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
		{name: "state dir before the subcommand", args: []string{"sandbox", "--state-dir", "sb", "down"},
			want: SandboxOptions{Action: "down", StateDir: "sb", Nodes: 2}},
		{name: "TUTOR_SANDBOX_DIR", env: map[string]string{"TUTOR_SANDBOX_DIR": "/sb", "XDG_STATE_HOME": "/xdg"}, args: []string{"sandbox", "status"},
			want: SandboxOptions{Action: "status", StateDir: "/sb", Nodes: 2}},
		{name: "XDG_STATE_HOME", env: map[string]string{"XDG_STATE_HOME": "/xdg"}, args: []string{"sandbox", "env"},
			want: SandboxOptions{Action: "env", StateDir: "/xdg/tutor/sandbox", Nodes: 2}},
	})
}

// TestSandboxUsage: wrong usage is exit 2 and touches no sandbox.
func TestSandboxUsage(t *testing.T) {
	checkUsage(t, NewCmdSandbox, []usageCase{
		{args: []string{"sandbox", "up", "extra"}, stderr: `unknown command "extra" for "tutor sandbox up"`},
		{args: []string{"sandbox", "up", "--nodes", "many"}, stderr: `invalid argument "many" for "--nodes"`},
		{args: []string{"sandbox", "down", "--nodes", "3"}, stderr: "unknown flag: --nodes"},
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
