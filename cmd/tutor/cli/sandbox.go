package cli

import (
	"context"
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

// SandboxOptions are the inputs of `tutor sandbox up|down|status|env|install`.
type SandboxOptions struct {
	IO IOStreams
	// Action is the subcommand: up, down, status, env or install.
	Action     string
	StateDir   string
	Nodes      int
	NodePrefix string
	// RealNodes, NodeBinDir and ImagesDir shape a real node (up).
	RealNodes             int
	NodeBinDir, ImagesDir string
	// FreePorts picks free ports instead of cluster.DefaultPorts (up).
	FreePorts bool
	// Install is what `tutor sandbox install` does.
	Install InstallOptions
}

// defaultSandboxDir is where `tutor sandbox` keeps its cluster's state:
// $TUTOR_SANDBOX_DIR, else $XDG_STATE_HOME/tutor/sandbox, else
// ~/.local/state/tutor/sandbox.
func defaultSandboxDir(streams IOStreams) string {
	if d := streams.getenv("TUTOR_SANDBOX_DIR"); d != "" {
		return d
	}
	if d := streams.getenv("XDG_STATE_HOME"); d != "" {
		return filepath.Join(d, "tutor", "sandbox")
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return filepath.Join(os.TempDir(), "tutor-sandbox")
	}
	return filepath.Join(home, ".local", "state", "tutor", "sandbox")
}

// NewCmdSandbox builds `tutor sandbox up|down|status|env`; runF does the
// work of every subcommand.
func NewCmdSandbox(streams IOStreams, runF func(context.Context, *SandboxOptions) error) *cobra.Command {
	opts := &SandboxOptions{IO: streams}
	cmd := &cobra.Command{
		Use:   "sandbox",
		Short: "A local Kubernetes control plane with simulated nodes, to rehearse posts offline",
		Long: `tutor sandbox runs a real kube-apiserver, etcd, controller-manager and scheduler on
loopback, with kwok simulating nodes and pods, so posts can be rehearsed without a
cloud account. Pods become Ready at once and LoadBalancer services get an address;
nothing runs in them. 'tutor sandbox install' builds the binaries once with the
local go toolchain into the user cache ('make cluster-bin' in a tutor checkout).`,
	}
	cmd.PersistentFlags().StringVar(&opts.StateDir, "state-dir", defaultSandboxDir(streams), "where the sandbox keeps its certificates, data and kubeconfig")
	action := func(use, short string) *cobra.Command {
		return &cobra.Command{Use: use, Short: short, Args: cobra.NoArgs,
			RunE: func(cmd *cobra.Command, _ []string) error {
				opts.Action = use
				return runF(cmd.Context(), opts)
			}}
	}
	up := action("up", "Start the sandbox and wait for its nodes to be Ready")
	up.Flags().IntVar(&opts.Nodes, "nodes", 2, "number of simulated nodes")
	up.Flags().StringVar(&opts.NodePrefix, "node-prefix", "", "node name prefix, e.g. aks-nodepool1- (default tutor-node-)")
	up.Flags().BoolVar(&opts.FreePorts, "free-ports", false, "listen on free ports instead of the fixed defaults, to run beside another sandbox")
	up.Flags().IntVar(&opts.RealNodes, "real-nodes", 0, "how many of the nodes really run pods (0 or 1): kubelet, containerd and runc in a network namespace; needs root, `tutor sandbox install node` and `tutor sandbox images`")
	up.Flags().StringVar(&opts.NodeBinDir, "node-bin-dir", "", "with --real-nodes: where containerd and CoreDNS are (default: where `tutor sandbox install node` puts them)")
	up.Flags().StringVar(&opts.ImagesDir, "images-dir", "", "with --real-nodes: the image store to serve (default: the one `tutor sandbox images` builds)")
	cmd.AddCommand(up,
		action("down", "Stop the sandbox; no process is left behind"),
		action("status", "Show whether the sandbox runs and its nodes are Ready"),
		action("env", `Print the shell lines that point kubectl at the sandbox: eval "$(tutor sandbox env)"`),
		newCmdSandboxInstall(opts, runF),
		NewCmdSandboxImages(streams, imagesRun), NewCmdSandboxRegistry(streams, imagesRun),
	)
	return cmd
}

// sandboxRun does the subcommand's work.
func sandboxRun(ctx context.Context, opts *SandboxOptions) error {
	switch opts.Action {
	case "up":
		return sandboxUp(ctx, opts)
	case "down":
		return sandboxDown(ctx, opts)
	case "status":
		return sandboxStatus(ctx, opts)
	case "env":
		return sandboxEnv(opts)
	case "install":
		return sandboxInstall(ctx, opts)
	}
	return fmt.Errorf("sandbox: unknown action %q", opts.Action)
}

func sandboxUp(ctx context.Context, opts *SandboxOptions) error {
	if _, err := cluster.Attach(opts.StateDir); err == nil {
		return &usageError{fmt.Errorf("a sandbox is already up in %s: 'tutor sandbox down' first", opts.StateDir)}
	}
	start := time.Now()
	c, err := cluster.Start(ctx, cluster.Options{
		StateDir: opts.StateDir, Nodes: opts.Nodes, NodePrefix: opts.NodePrefix, Log: opts.IO.ErrOut,
		RealNodes: opts.RealNodes, NodeBinDir: opts.NodeBinDir, ImagesDir: opts.ImagesDir,
		Ports: freePorts(opts.FreePorts),
	})
	if err != nil {
		return sandboxError(err)
	}
	fmt.Fprintf(opts.IO.ErrOut, "sandbox up in %s: %d node(s) Ready\n", time.Since(start).Round(10*time.Millisecond), len(c.NodeNames()))
	fmt.Fprintf(opts.IO.Out, "Point kubectl at it with:\n  eval \"$(tutor sandbox env)\"\n")
	return nil
}

func sandboxDown(ctx context.Context, opts *SandboxOptions) error {
	c, err := cluster.Attach(opts.StateDir)
	if errors.Is(err, fs.ErrNotExist) {
		fmt.Fprintf(opts.IO.ErrOut, "no sandbox in %s\n", opts.StateDir)
		return nil
	}
	if err != nil {
		return sandboxError(err)
	}
	start := time.Now()
	if err := c.Stop(ctx); err != nil {
		return sandboxError(err)
	}
	fmt.Fprintf(opts.IO.ErrOut, "sandbox down in %s\n", time.Since(start).Round(10*time.Millisecond))
	return nil
}

func sandboxStatus(ctx context.Context, opts *SandboxOptions) error {
	c, err := cluster.Attach(opts.StateDir)
	if err != nil {
		fmt.Fprintf(opts.IO.Out, "no sandbox in %s\n", opts.StateDir)
		return &ExitError{Code: 1}
	}
	st, err := c.Status(ctx)
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
	fmt.Fprintf(opts.IO.Out, "nodes Ready: %d/%d\n", st.NodesReady, st.Nodes)
	if st.RealNode != "" {
		fmt.Fprintf(opts.IO.Out, "real node: %s (runs its pods; the others are simulated)\n", st.RealNode)
	} else {
		fmt.Fprintf(opts.IO.Out, "real node: none (every node is simulated)\n")
	}
	fmt.Fprintf(opts.IO.Out, "server: %s\nkubeconfig: %s\n", st.ServerVersion, c.Kubeconfig())
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

// freePorts is the cluster's Ports for --free-ports: nil means the
// defaults, a zero Ports a free port for each.
func freePorts(free bool) *cluster.Ports {
	if free {
		return &cluster.Ports{}
	}
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
		if !(strings.ContainsRune("/.-_:=@+,", r) || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
			safe = false
		}
	}
	if safe && s != "" {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
