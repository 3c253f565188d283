// Package probe says whether the capabilities a section can need besides
// a shell (model.Capabilities) are there: the az CLI logged in, access
// to the internet, a Cilium agent and a Hubble Relay in the cluster, a node
// that runs containers.
package probe

import (
	"context"
	"errors"
	"io"
	"net"
	"time"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"

	"github.com/tutor-run/tutor/engine/shell"
)

// Func says whether a capability (one of model.Capabilities) is there,
// and if not, why not, in words for the report.
type Func func(ctx context.Context, capability string) (ok bool, why string)

// Shell runs a command as the post's own commands run: in its session.
type Shell interface {
	Run(ctx context.Context, command string, timeout time.Duration, out io.Writer) (shell.Result, error)
}

// Checks are tutor's own probes and what they look at.
type Checks struct {
	// Path is the PATH the az CLI is looked for in.
	Path string
	// Shell asks az whether it is logged in.
	Shell Shell
	// Cluster gives a client for the cluster the session points at now.
	Cluster func(ctx context.Context) (kubernetes.Interface, error)
	// HubbleServer, when set, is a Hubble the user gave (--hubble-server):
	// hubble is there without a relay in the cluster.
	HubbleServer string
}

// Probe implements Func.
func (c Checks) Probe(ctx context.Context, capability string) (bool, string) {
	ctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	switch capability {
	case "az":
		return c.az(ctx)
	case "internet":
		return internet(ctx)
	case "cilium", "hubble":
		return c.inCluster(ctx, capability)
	case "pods":
		return c.pods(ctx)
	}
	return false, "unknown capability " + capability
}

func (c Checks) az(ctx context.Context) (bool, string) {
	if _, err := shell.LookPath("az", c.Path); err != nil {
		return false, "the az CLI is not installed"
	}
	res, err := c.Shell.Run(ctx, "az account show --output none", 20*time.Second, io.Discard)
	if err != nil || res.ExitCode != 0 {
		return false, "az is not logged in (run az login)"
	}
	return true, ""
}

func internet(ctx context.Context) (bool, string) {
	d := net.Dialer{Timeout: 3 * time.Second}
	conn, err := d.DialContext(ctx, "tcp", "github.com:443")
	if err != nil {
		return false, "no internet access (github.com:443: " + shortNetError(err) + ")"
	}
	conn.Close()
	return true, ""
}

// inCluster looks for the Cilium agent's DaemonSet or Hubble Relay's
// Deployment.
func (c Checks) inCluster(ctx context.Context, capability string) (bool, string) {
	if capability == "hubble" && c.HubbleServer != "" {
		return true, ""
	}
	cs, err := c.Cluster(ctx)
	if err != nil {
		return false, "no cluster to look for " + capability + " in: " + err.Error()
	}
	if capability == "cilium" {
		_, err = cs.AppsV1().DaemonSets("kube-system").Get(ctx, "cilium", metav1.GetOptions{})
	} else {
		_, err = cs.AppsV1().Deployments("kube-system").Get(ctx, "hubble-relay", metav1.GetOptions{})
	}
	switch {
	case apierrors.IsNotFound(err) && capability == "cilium":
		return false, "no Cilium agent in the cluster (DaemonSet kube-system/cilium not found)"
	case apierrors.IsNotFound(err):
		return false, "no Hubble Relay in the cluster (Deployment kube-system/hubble-relay not found; or give --hubble-server)"
	case err != nil:
		return false, "cannot look for " + capability + ": " + err.Error()
	}
	return true, ""
}

// pods looks for a node that runs containers: one kwok does not simulate.
func (c Checks) pods(ctx context.Context) (bool, string) {
	cs, err := c.Cluster(ctx)
	if err != nil {
		return false, "no cluster to run pods on: " + err.Error()
	}
	nodes, err := cs.CoreV1().Nodes().List(ctx, metav1.ListOptions{})
	if err != nil {
		return false, "cannot list the nodes: " + err.Error()
	}
	for _, n := range nodes.Items {
		if _, simulated := n.Annotations["kwok.x-k8s.io/node"]; !simulated {
			return true, ""
		}
	}
	return false, "no node runs containers: the sandbox's nodes are simulated (--real-nodes 1 gives it a real one)"
}

func shortNetError(err error) string {
	var op *net.OpError
	if errors.As(err, &op) && op.Err != nil {
		return op.Err.Error()
	}
	return err.Error()
}

// Cached asks p once per run for the machine's capabilities (az,
// internet); cluster ones are asked each time, since an earlier section
// may have installed Cilium.
func Cached(p Func) Func {
	type answer struct {
		ok  bool
		why string
	}
	seen := map[string]answer{}
	return func(ctx context.Context, c string) (bool, string) {
		if a, ok := seen[c]; ok {
			return a.ok, a.why
		}
		ok, why := p(ctx, c)
		if c == "az" || c == "internet" {
			seen[c] = answer{ok, why}
		}
		return ok, why
	}
}
