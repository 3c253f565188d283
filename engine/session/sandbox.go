package session

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"helm.sh/helm/v3/pkg/chart"

	"github.com/tutor-run/tutor/engine/cluster"
	"github.com/tutor-run/tutor/engine/cluster/standin"
	"github.com/tutor-run/tutor/engine/helm"
	"github.com/tutor-run/tutor/engine/kube"
	"github.com/tutor-run/tutor/engine/model"
)

// sandbox is the cluster a run with Sandbox.Enabled brings up for itself.
type sandbox struct {
	cluster *cluster.Cluster
	dir     string
	// w is where the sandbox says what it does.
	w io.Writer
	// ciliumTurn releases the machine's Cilium lock, held from the chart's
	// install to the sandbox's teardown; nil when not held.
	ciliumTurn func()
}

// startSandbox starts a sandbox in a fresh state directory, shaped by opts
// or else by the tutorial's tutor.sandbox settings, and says so on w.
func startSandbox(ctx context.Context, opts Sandbox, s model.SandboxSettings, w io.Writer) (*sandbox, error) {
	nodes, prefix, real := s.Nodes, s.NodePrefix, s.RealNodes
	if opts.Nodes > 0 {
		nodes = opts.Nodes
	}
	if opts.NodePrefix != "" {
		prefix = opts.NodePrefix
	}
	if opts.RealNodes > 0 {
		real = opts.RealNodes
	}
	dir, err := os.MkdirTemp("", "tutor-sandbox-")
	if err != nil {
		return nil, &EnvError{err}
	}
	start := time.Now()
	// Free ports, so that runs side by side do not collide.
	c, err := cluster.Start(ctx, cluster.Options{StateDir: dir, Nodes: nodes, NodePrefix: prefix, Ports: &cluster.Ports{}, Log: io.Discard,
		RealNodes: real, NodeBinDir: opts.NodeBinDir, ImagesDir: opts.ImagesDir})
	if err != nil {
		os.RemoveAll(dir)
		return nil, &EnvError{fmt.Errorf("starting the sandbox: %w", err)}
	}
	if n := c.RealNode(); n != "" {
		fmt.Fprintf(w, "tutor: sandbox up in %s (%d node(s), %s real)\n", time.Since(start).Round(10*time.Millisecond), len(c.NodeNames()), n)
	} else {
		fmt.Fprintf(w, "tutor: sandbox up in %s (%d node(s))\n", time.Since(start).Round(10*time.Millisecond), len(c.NodeNames()))
	}
	return &sandbox{cluster: c, dir: dir, w: w}, nil
}

// env points env at the sandbox. The sandbox's own kubectl matches its
// server; it comes after any kubectl the user has.
func (s *sandbox) env(env []string) []string {
	return append(withPath(env, s.cluster.BinDir()), "KUBECONFIG="+s.cluster.Kubeconfig())
}

// stop tears the sandbox down, whatever the run did, under the cleanup
// context (a second interrupt stops it); with keep it stays up and stop
// says how to reach it and how to stop it.
func (s *sandbox) stop(ctx context.Context, w io.Writer, keep bool) {
	howto := fmt.Sprintf("export KUBECONFIG=%s; stop it with: tutor sandbox down --state-dir %s", s.cluster.Kubeconfig(), s.dir)
	if keep {
		fmt.Fprintf(w, "tutor: sandbox kept (--keep): %s\n", howto)
		return
	}
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	if s.ciliumTurn != nil {
		// After the teardown, or when it fails: the next run's check
		// refuses a machine where Cilium was left.
		defer s.ciliumTurn()
	}
	if err := s.cluster.Stop(ctx); err != nil {
		fmt.Fprintf(w, "tutor: left behind: the sandbox (%v): %s\n", err, howto)
		return
	}
	os.RemoveAll(s.dir)
}

// helmOverrides fits Cilium's chart to a sandbox with a real node: the
// node is readied for the agent and the chart gets the values it needs
// there (cluster.CiliumValues). Other charts, and a sandbox whose nodes
// are all simulated, keep the post's values.
func (s *sandbox) helmOverrides(ctx context.Context, ch *chart.Metadata) ([]helm.Override, error) {
	if ch.Name != "cilium" || s.cluster.RealNode() == "" {
		return nil, nil
	}
	if s.ciliumTurn == nil {
		release, err := cluster.CiliumTurn(ctx, func() {
			fmt.Fprintln(s.w, "tutor: waiting for another run's Cilium on this machine to end (one agent per machine)")
		})
		if err != nil {
			return nil, err
		}
		s.ciliumTurn = release
	}
	vals, err := s.cluster.PrepareCilium(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]helm.Override, len(vals), len(vals)+3)
	for i, v := range vals {
		out[i] = helm.Override(v)
	}
	return append(out, ciliumTags(ch)...), nil
}

// ciliumTags are the image tags a Cilium chart of another version than
// the sandbox's images (cluster.CiliumVersion) needs to run them, with a
// drift note; none for that version.
func ciliumTags(ch *chart.Metadata) []helm.Override {
	if ch.Version == strings.TrimPrefix(cluster.CiliumVersion, "v") {
		return nil
	}
	why := fmt.Sprintf("drift: the sandbox's Cilium images are built from %s's source; the post's chart %s would run %s", cluster.CiliumVersion, ch.Version, ch.AppVersion)
	var out []helm.Override
	for _, key := range []string{"image.tag", "operator.image.tag", "hubble.relay.image.tag"} {
		out = append(out, helm.Override{Key: key, Value: cluster.CiliumVersion, Why: why})
	}
	return out
}

// afterRelease stands in for cilium-operator once the Cilium chart is
// installed in the sandbox: it registers Cilium's policy kinds. On a real
// node the chart's own operator runs and registers them.
func (s *sandbox) afterRelease(ctx context.Context, chart, _, _ string) error {
	if chart != "cilium" || s.cluster.RealNode() != "" {
		return nil
	}
	c, err := kube.NewClient(s.cluster.Kubeconfig(), "")
	if err != nil {
		return err
	}
	return standin.CiliumOperator(ctx, c)
}

// withPath returns env with dir appended to PATH.
func withPath(env []string, dir string) []string {
	if path, ok := envLookup(env)("PATH"); ok && path != "" {
		dir = path + string(os.PathListSeparator) + dir
	}
	return setEnv(env, "PATH", dir)
}
