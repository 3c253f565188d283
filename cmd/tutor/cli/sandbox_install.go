package cli

import (
	"context"
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
	// What is what to install, "binaries" and/or "charts"; empty means
	// both.
	What []string
	// BinDir and ChartsDir override where they go.
	BinDir, ChartsDir string
	// Print says where they are instead of installing them.
	Print bool
}

// installables are what `tutor sandbox install` can install, in order.
var installables = []string{"binaries", "charts"}

// newCmdSandboxInstall builds `tutor sandbox install`, which fills opts.
func newCmdSandboxInstall(opts *SandboxOptions, runF func(context.Context, *SandboxOptions) error) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "install [binaries] [charts]",
		Short: "Build the sandbox's binaries and fetch the Cilium charts into the user cache, once",
		Long: `tutor sandbox install builds the binaries 'tutor sandbox up' and 'tutor run --sandbox'
need (etcd, kube-apiserver, kube-controller-manager, kube-scheduler and kubectl ` + cluster.KubernetesVersion + `
in one binary, and kwok ` + cluster.KwokVersion + `) with the local go toolchain from the Go module proxy,
into $XDG_CACHE_HOME/tutor/cluster/ (default ~/.cache), or $TUTOR_CLUSTER_BIN when set.
It also places the official Cilium chart repository in $XDG_CACHE_HOME/tutor/charts/,
for --helm-mirror ` + cluster.CiliumChartsURL + `=DIR. The first build takes 10-15 minutes
on 2 cores; later runs are a no-op.`,
		ValidArgs: installables,
		Args:      cobra.OnlyValidArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Action = "install"
			opts.Install.What = args
			return runF(cmd.Context(), opts)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.Install.BinDir, "bin-dir", "", "install the binaries into this directory instead (tutor finds them there with TUTOR_CLUSTER_BIN)")
	f.StringVar(&opts.Install.ChartsDir, "charts-dir", "", "place the chart repository in this directory instead")
	f.BoolVar(&opts.Install.Print, "print", false, "print where the binaries and charts are, and install nothing")
	return cmd
}

// sandboxInstall installs what opts.Install asks for, or prints where it is.
func sandboxInstall(ctx context.Context, opts *SandboxOptions) error {
	o := opts.Install
	want := func(what string) bool { return len(o.What) == 0 || slices.Contains(o.What, what) }
	if o.Print {
		return printInstall(opts.IO, o, want)
	}
	if want("binaries") {
		res, err := cluster.Install(ctx, cluster.InstallOptions{Dir: o.BinDir, Log: opts.IO.ErrOut})
		if err != nil {
			return installError(ctx, opts.IO, err)
		}
		fmt.Fprintf(opts.IO.Out, "binaries: %s\n", res.Dir)
		if found, err := cluster.DefaultBinDir(); err != nil {
			fmt.Fprintf(opts.IO.ErrOut, "tutor: 'tutor sandbox up' and 'tutor run --sandbox' find them with: export TUTOR_CLUSTER_BIN=%s\n", shellQuote(res.Dir))
		} else if found != res.Dir {
			fmt.Fprintf(opts.IO.ErrOut, "tutor: here the sandbox uses %s first; export TUTOR_CLUSTER_BIN=%s to use these\n", found, shellQuote(res.Dir))
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

// printInstall says where the binaries and charts are, or would go.
func printInstall(streams IOStreams, o InstallOptions, want func(string) bool) error {
	if want("binaries") {
		dir, err := binariesDir(o.BinDir)
		if err != nil {
			return sandboxError(err)
		}
		state := "installed"
		if cluster.CheckBinaries(dir) != nil {
			state = "not installed: run 'tutor sandbox install'"
		}
		fmt.Fprintf(streams.Out, "binaries: %s (%s)\n", dir, state)
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
	return nil
}

// binariesDir is the binaries' directory --print reports: dir when given,
// else the one the sandbox would use, else where an install puts them.
func binariesDir(dir string) (string, error) {
	if dir != "" {
		return filepath.Abs(dir)
	}
	if found, err := cluster.DefaultBinDir(); err == nil {
		return found, nil
	}
	return cluster.DefaultInstallDir()
}
