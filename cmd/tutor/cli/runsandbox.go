package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/tutor-run/tutor/engine/cluster"
	"github.com/tutor-run/tutor/engine/cluster/standin"
	"github.com/tutor-run/tutor/engine/kube"
	"github.com/tutor-run/tutor/engine/model"
)

// runSandbox is the cluster `tutor run --sandbox` brings up for one run.
type runSandbox struct {
	cluster *cluster.Cluster
	dir     string
}

// startSandbox starts a sandbox in a fresh state directory, shaped by the
// flags or else by the tutorial's tutor.sandbox settings.
func startSandbox(ctx context.Context, opts *RunOptions, s model.SandboxSettings) (*runSandbox, error) {
	nodes, prefix := s.Nodes, s.NodePrefix
	if opts.SandboxNodes > 0 {
		nodes = opts.SandboxNodes
	}
	if opts.SandboxPrefix != "" {
		prefix = opts.SandboxPrefix
	}
	dir, err := os.MkdirTemp("", "tutor-sandbox-")
	if err != nil {
		return nil, &envFailure{err}
	}
	start := time.Now()
	// Free ports, so that runs side by side do not collide.
	c, err := cluster.Start(ctx, cluster.Options{StateDir: dir, Nodes: nodes, NodePrefix: prefix, Ports: &cluster.Ports{}, Log: io.Discard})
	if err != nil {
		os.RemoveAll(dir)
		return nil, sandboxError(fmt.Errorf("starting the sandbox: %w", err))
	}
	fmt.Fprintf(opts.IO.ErrOut, "tutor: sandbox up in %s (%d node(s))\n", time.Since(start).Round(10*time.Millisecond), len(c.NodeNames()))
	return &runSandbox{cluster: c, dir: dir}, nil
}

// stop tears the sandbox down, whatever the run did, under the cleanup
// context (a second interrupt stops it); with keep it stays up and stop
// says how to reach it and how to stop it.
func (s *runSandbox) stop(ctx context.Context, w io.Writer, keep bool) {
	howto := fmt.Sprintf("export KUBECONFIG=%s; stop it with: tutor sandbox down --state-dir %s", s.cluster.Kubeconfig(), s.dir)
	if keep {
		fmt.Fprintf(w, "tutor: sandbox kept (--keep): %s\n", howto)
		return
	}
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	if err := s.cluster.Stop(ctx); err != nil {
		fmt.Fprintf(w, "tutor: left behind: the sandbox (%v): %s\n", err, howto)
		return
	}
	os.RemoveAll(s.dir)
}

// afterRelease stands in for cilium-operator once the Cilium chart is
// installed in the sandbox: it registers Cilium's policy kinds.
func (s *runSandbox) afterRelease(ctx context.Context, chart, _, _ string) error {
	if chart != "cilium" {
		return nil
	}
	c, err := kube.NewClient(s.cluster.Kubeconfig(), "")
	if err != nil {
		return err
	}
	return standin.CiliumOperator(ctx, c)
}
