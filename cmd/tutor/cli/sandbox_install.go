package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"

	"github.com/spf13/cobra"

	"github.com/tutor-run/tutor/engine/cluster"
	"github.com/tutor-run/tutor/engine/result"
)

// InstallOptions are the inputs of `tutor sandbox install`.
type InstallOptions struct {
	// What is what to install: "binaries", "charts", "node" and/or
	// "cilium"; empty means defaultInstall.
	What []string
	// BinDir overrides where the binaries, the node's or Cilium's go; ChartsDir
	// where the charts go.
	BinDir, ChartsDir string
	// Print says where they are instead of installing them.
	Print bool
}

// installables are what `tutor sandbox install` can install, in order.
var installables = []string{"binaries", "charts", "node", "cilium"}

// defaultInstall is what `tutor sandbox install` installs when asked for
// nothing in particular. The real node and Cilium are left out: kwok's
// simulated nodes serve most posts, and the node also needs root and
// packages of the host's distribution (cluster.HostToolsInstall), which an
// install that needs no privileges should not imply; Cilium's build is the
// longest of all and serves only the real node.
var defaultInstall = []string{"binaries", "charts"}

// newCmdSandboxInstall builds `tutor sandbox install`, which fills opts.
func newCmdSandboxInstall(opts *SandboxOptions, runF func(context.Context, *SandboxOptions) error) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "install [binaries] [charts] [node] [cilium]",
		Short: "Build the sandbox's binaries and fetch the Cilium charts into the user cache, once",
		Long: `tutor sandbox install builds the binaries 'tutor sandbox up' and 'tutor run --sandbox'
need (etcd, kube-apiserver, kube-controller-manager, kube-scheduler, kubectl, and the real
node's kubelet and kube-proxy, ` + cluster.KubernetesVersion + ` in one binary; kwok ` + cluster.KwokVersion + `) with the local go
toolchain from the Go module proxy, into $XDG_CACHE_HOME/tutor/cluster/ (default ~/.cache),
or $TUTOR_CLUSTER_BIN when set. It also places the official Cilium chart repository in
$XDG_CACHE_HOME/tutor/charts/, for --helm-mirror ` + cluster.CiliumChartsURL + `=DIR. The first
build takes 10-15 minutes on 2 cores; later runs are a no-op.

'tutor sandbox install node', done only when asked for by name, builds the real node's
binaries (containerd ` + cluster.ContainerdVersion + ` and CoreDNS ` + cluster.CoreDNSVersion + `) into $XDG_CACHE_HOME/tutor/node/,
or $TUTOR_NODE_BIN when set. The node also runs the host's runc, CNI plugins, iptables
and conntrack; on Debian and Ubuntu, as root:
` + cluster.HostToolsInstall + `

'tutor sandbox install cilium', done only when asked for by name, builds Cilium ` + cluster.CiliumVersion + `'s
agent, CLI, health checker, CNI plugin, generic operator and Hubble Relay from source, with
the BPF sources the agent compiles at run time, into $XDG_CACHE_HOME/tutor/cilium/, or
$TUTOR_CILIUM_BIN when set; 'tutor sandbox images build --cilium' makes their images.
The first build takes 8-10 minutes on 2 cores.`,
		ValidArgs: installables,
		Args:      cobra.OnlyValidArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Action = "install"
			opts.Install.What = args
			if opts.Install.BinDir != "" && len(slices.DeleteFunc(slices.Clone(args), func(a string) bool { return a == "charts" })) > 1 {
				return &usageError{errors.New("--bin-dir is the directory of the binaries, the node's or Cilium's: install them one at a time")}
			}
			return runF(cmd.Context(), opts)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.Install.BinDir, "bin-dir", "", "install the binaries, the node's or Cilium's into this directory instead (tutor finds them there with TUTOR_CLUSTER_BIN, TUTOR_NODE_BIN or TUTOR_CILIUM_BIN)")
	f.StringVar(&opts.Install.ChartsDir, "charts-dir", "", "place the chart repository in this directory instead")
	f.BoolVar(&opts.Install.Print, "print", false, "print where the binaries and charts are, and install nothing")
	return cmd
}

// binarySet is a set of binaries `tutor sandbox install` builds.
type binarySet struct {
	name       string // the argument that asks for them, and their line's label
	env        string // the variable that points tutor at them
	users      string // who finds them
	command    string // the command that installs them
	install    func(context.Context, cluster.InstallOptions) (cluster.InstallResult, error)
	find       func() (string, error) // where the sandbox takes them from
	installDir func() (string, error) // where an install puts them
	check      func(dir string) error
}

// The control plane's binaries, the real node's and Cilium's.
var (
	controlPlaneBinaries = binarySet{"binaries", "TUTOR_CLUSTER_BIN", "'tutor sandbox up' and 'tutor run --sandbox' find",
		"tutor sandbox install", cluster.Install, cluster.DefaultBinDir, cluster.DefaultInstallDir, cluster.CheckBinaries}
	nodeBinaries = binarySet{"node", "TUTOR_NODE_BIN", "the sandbox's real node finds",
		"tutor sandbox install node", cluster.InstallNode, cluster.DefaultNodeBinDir, cluster.DefaultNodeInstallDir, cluster.CheckNodeBinaries}
	ciliumBinaries = binarySet{"cilium", "TUTOR_CILIUM_BIN", "'tutor sandbox images build --cilium' finds",
		"tutor sandbox install cilium", cluster.InstallCilium, cluster.DefaultCiliumBinDir, cluster.DefaultCiliumInstallDir, cluster.CheckCiliumBinaries}
)

// sandboxInstall installs what opts.Install asks for, or prints where it is.
func sandboxInstall(ctx context.Context, opts *SandboxOptions) error {
	o := opts.Install
	want := func(what string) bool {
		return len(o.What) == 0 && slices.Contains(defaultInstall, what) || slices.Contains(o.What, what)
	}
	if o.Print {
		return printInstall(opts.IO, o, want)
	}
	if want("binaries") {
		if err := installBinaries(ctx, opts, controlPlaneBinaries); err != nil {
			return err
		}
	}
	if want("charts") {
		res, err := cluster.InstallCharts(ctx, cluster.InstallOptions{Dir: o.ChartsDir, Log: opts.IO.ErrOut})
		if err != nil {
			return installError(ctx, opts.IO, err)
		}
		fmt.Fprintf(opts.IO.Out, "charts: %s\n", res.Dir)
		fmt.Fprintf(opts.IO.ErrOut, "tutor: rehearse posts that add %s offline with: tutor run --sandbox --helm-mirror %s POST\n",
			cluster.CiliumChartsURL, shellQuote(cluster.CiliumChartsURL+"="+res.Dir))
	}
	if want("node") {
		if err := installBinaries(ctx, opts, nodeBinaries); err != nil {
			return err
		}
		if _, err := cluster.NodeHostTools(); err != nil {
			fmt.Fprintf(opts.IO.ErrOut, "tutor: %v\n", err)
		}
	}
	if want("cilium") {
		if err := installBinaries(ctx, opts, ciliumBinaries); err != nil {
			return err
		}
	}
	if len(o.What) == 0 {
		fmt.Fprintln(opts.IO.ErrOut, "tutor: the sandbox's real node (containerd, CoreDNS) is installed apart: tutor sandbox install node")
	}
	return nil
}

// installBinaries installs set into opts.Install.BinDir or its default,
// and says how the sandbox finds them.
func installBinaries(ctx context.Context, opts *SandboxOptions, set binarySet) error {
	res, err := set.install(ctx, cluster.InstallOptions{Dir: opts.Install.BinDir, Log: opts.IO.ErrOut})
	if err != nil {
		return installError(ctx, opts.IO, err)
	}
	fmt.Fprintf(opts.IO.Out, "%s: %s\n", set.name, res.Dir)
	if found, err := set.find(); err != nil {
		fmt.Fprintf(opts.IO.ErrOut, "tutor: %s them with: export %s=%s\n", set.users, set.env, shellQuote(res.Dir))
	} else if found != res.Dir {
		fmt.Fprintf(opts.IO.ErrOut, "tutor: here the sandbox uses %s first; export %s=%s to use these\n", found, set.env, shellQuote(res.Dir))
	}
	return nil
}

// installError is an environment failure (exit 3), or exit 130 when the
// install was interrupted: the go command's failure is then only the
// interrupt's echo.
func installError(ctx context.Context, streams IOStreams, err error) error {
	if ctx.Err() != nil {
		fmt.Fprintln(streams.ErrOut, "tutor: install interrupted; nothing was left half done")
		return &ExitError{Code: result.ExitInterrupted}
	}
	return sandboxError(err)
}

// printInstall says where the binaries, charts and node binaries are, or
// would go.
func printInstall(streams IOStreams, o InstallOptions, want func(string) bool) error {
	if want("binaries") {
		if err := printBinaries(streams, o.BinDir, controlPlaneBinaries); err != nil {
			return err
		}
	}
	if want("charts") {
		dir := o.ChartsDir
		if dir == "" {
			var err error
			if dir, err = cluster.DefaultChartsDir(); err != nil {
				return sandboxError(err)
			}
		}
		state := "installed: --helm-mirror " + shellQuote(cluster.CiliumChartsURL+"="+dir)
		if _, err := os.Stat(filepath.Join(dir, "index.yaml")); err != nil {
			state = "not installed: run 'tutor sandbox install charts'"
		}
		fmt.Fprintf(streams.Out, "charts: %s (%s)\n", dir, state)
	}
	if want("node") {
		if err := printBinaries(streams, o.BinDir, nodeBinaries); err != nil {
			return err
		}
	}
	if want("cilium") {
		return printBinaries(streams, o.BinDir, ciliumBinaries)
	}
	return nil
}

// printBinaries says where set is: in dir when given, else where the
// sandbox would take it from, else where an install puts it; and whether
// it is installed there.
func printBinaries(streams IOStreams, dir string, set binarySet) error {
	var err error
	if dir != "" {
		dir, err = filepath.Abs(dir)
	} else if dir, err = set.find(); err != nil {
		dir, err = set.installDir()
	}
	if err != nil {
		return sandboxError(err)
	}
	state := "installed"
	if set.check(dir) != nil {
		state = "not installed: run '" + set.command + "'"
	}
	fmt.Fprintf(streams.Out, "%s: %s (%s)\n", set.name, dir, state)
	return nil
}
