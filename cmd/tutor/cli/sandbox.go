package cli

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/tutor-run/tutor/engine/cluster"
)

// SandboxOptions are the inputs of `tutor sandbox`.
type SandboxOptions struct {
	IO         IOStreams
	StateDir   string
	Nodes      int
	NodePrefix string
}

// defaultSandboxDir is where `tutor sandbox` keeps its cluster's state:
// $TUTOR_SANDBOX_DIR, else $XDG_STATE_HOME/tutor/sandbox, else
// ~/.local/state/tutor/sandbox.
func defaultSandboxDir() string {
	if d := os.Getenv("TUTOR_SANDBOX_DIR"); d != "" {
		return d
	}
	if d := os.Getenv("XDG_STATE_HOME"); d != "" {
		return filepath.Join(d, "tutor", "sandbox")
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return filepath.Join(os.TempDir(), "tutor-sandbox")
	}
	return filepath.Join(home, ".local", "state", "tutor", "sandbox")
}

// NewCmdSandbox builds `tutor sandbox up|down|status|env`.
func NewCmdSandbox(streams IOStreams) *cobra.Command {
	opts := &SandboxOptions{IO: streams}
	cmd := &cobra.Command{
		Use:   "sandbox",
		Short: "A local Kubernetes control plane with simulated nodes, to rehearse posts offline",
		Long: `tutor sandbox runs a real kube-apiserver, etcd, controller-manager and scheduler on
loopback, with kwok simulating nodes and pods, so posts can be rehearsed without a
cloud account. Pods become Ready at once and LoadBalancer services get an address;
nothing runs in them. The binaries are built once by 'make cluster-bin'.`,
	}
	cmd.PersistentFlags().StringVar(&opts.StateDir, "state-dir", defaultSandboxDir(), "where the sandbox keeps its certificates, data and kubeconfig")
	up := &cobra.Command{
		Use:   "up",
		Short: "Start the sandbox and wait for its nodes to be Ready",
		Args:  cobra.NoArgs,
		RunE:  func(cmd *cobra.Command, _ []string) error { return sandboxUp(cmd, opts) },
	}
	up.Flags().IntVar(&opts.Nodes, "nodes", 2, "number of simulated nodes")
	up.Flags().StringVar(&opts.NodePrefix, "node-prefix", "", "node name prefix, e.g. aks-nodepool1- (default tutor-node-)")
	cmd.AddCommand(up,
		&cobra.Command{Use: "down", Short: "Stop the sandbox; no process is left behind", Args: cobra.NoArgs,
			RunE: func(cmd *cobra.Command, _ []string) error { return sandboxDown(cmd, opts) }},
		&cobra.Command{Use: "status", Short: "Show whether the sandbox runs and its nodes are Ready", Args: cobra.NoArgs,
			RunE: func(cmd *cobra.Command, _ []string) error { return sandboxStatus(cmd, opts) }},
		&cobra.Command{Use: "env", Short: `Print the shell lines that point kubectl at the sandbox: eval "$(tutor sandbox env)"`, Args: cobra.NoArgs,
			RunE: func(cmd *cobra.Command, _ []string) error { return sandboxEnv(opts) }},
	)
	return cmd
}

func sandboxUp(cmd *cobra.Command, opts *SandboxOptions) error {
	if _, err := cluster.Attach(opts.StateDir); err == nil {
		return &usageError{fmt.Errorf("a sandbox is already up in %s: 'tutor sandbox down' first", opts.StateDir)}
	}
	start := time.Now()
	c, err := cluster.Start(cmd.Context(), cluster.Options{
		StateDir: opts.StateDir, Nodes: opts.Nodes, NodePrefix: opts.NodePrefix, Log: opts.IO.ErrOut,
	})
	if err != nil {
		return sandboxError(err)
	}
	fmt.Fprintf(opts.IO.ErrOut, "sandbox up in %s: %d node(s) Ready\n", time.Since(start).Round(10*time.Millisecond), len(c.NodeNames()))
	fmt.Fprintf(opts.IO.Out, "Point kubectl at it with:\n  eval \"$(tutor sandbox env)\"\n")
	return nil
}

func sandboxDown(cmd *cobra.Command, opts *SandboxOptions) error {
	c, err := cluster.Attach(opts.StateDir)
	if errors.Is(err, fs.ErrNotExist) {
		fmt.Fprintf(opts.IO.ErrOut, "no sandbox in %s\n", opts.StateDir)
		return nil
	}
	if err != nil {
		return sandboxError(err)
	}
	start := time.Now()
	if err := c.Stop(cmd.Context()); err != nil {
		return sandboxError(err)
	}
	fmt.Fprintf(opts.IO.ErrOut, "sandbox down in %s\n", time.Since(start).Round(10*time.Millisecond))
	return nil
}

func sandboxStatus(cmd *cobra.Command, opts *SandboxOptions) error {
	c, err := cluster.Attach(opts.StateDir)
	if err != nil {
		fmt.Fprintf(opts.IO.Out, "no sandbox in %s\n", opts.StateDir)
		return &ExitError{Code: 1}
	}
	st, err := c.Status(cmd.Context())
	if err != nil {
		return sandboxError(err)
	}
	for _, cs := range st.Components {
		state := "stopped"
		if cs.Running {
			state = fmt.Sprintf("running (pid %d)", cs.PID)
		}
		fmt.Fprintf(opts.IO.Out, "%-24s %s\n", cs.Name, state)
	}
	fmt.Fprintf(opts.IO.Out, "nodes Ready: %d/%d\nserver: %s\nkubeconfig: %s\n", st.NodesReady, st.Nodes, st.ServerVersion, c.Kubeconfig())
	if !st.Running() {
		return &ExitError{Code: 1}
	}
	return nil
}

func sandboxEnv(opts *SandboxOptions) error {
	c, err := cluster.Attach(opts.StateDir)
	if err != nil {
		return sandboxError(fmt.Errorf("no sandbox in %s: run 'tutor sandbox up' first", opts.StateDir))
	}
	fmt.Fprintf(opts.IO.Out, "export KUBECONFIG=%s\n", shellQuote(c.Kubeconfig()))
	return nil
}

// sandboxError maps a cluster failure to an environment failure (exit 3).
func sandboxError(err error) error {
	return &envFailure{err}
}

// envFailure is an environment failure raised by the CLI itself.
type envFailure struct{ err error }

func (e *envFailure) Error() string { return e.err.Error() }
func (e *envFailure) Unwrap() error { return e.err }

func shellQuote(s string) string {
	safe := true
	for _, r := range s {
		if !(r == '/' || r == '.' || r == '-' || r == '_' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
			safe = false
		}
	}
	if safe && s != "" {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
