// Package cluster starts, waits for and stops tutor's local Kubernetes
// control plane: etcd, kube-apiserver, kube-controller-manager,
// kube-scheduler and kwok (simulated nodes and pods), all on loopback, from
// the binaries that `tutor sandbox install` (Install) builds. The
// tests and `tutor sandbox` share it.
//
// The components run detached, each in its own session and process group,
// recorded by pid files under Options.StateDir, so that another process can
// Attach to the cluster and Stop it. There is no container runtime: kwok
// marks pods Ready at once, gives LoadBalancer services the ingress IP
// LoadBalancerIP, and runs `kubectl exec` commands on this host, in StateDir.
package cluster

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"k8s.io/apimachinery/pkg/util/validation"
)

// Versions of the components, as Install stamps them in BinDir/VERSIONS.
const (
	KubernetesVersion = "v1.37.2"
	KwokVersion       = "v0.8.0"
)

// Names in the kubeconfig that Start writes.
const (
	ContextName = "tutor-sandbox"
	ClusterName = "tutor-sandbox"
	UserName    = "tutor-sandbox-admin"
)

// LoadBalancerIP is the ingress IP that every LoadBalancer service gets.
const LoadBalancerIP = "127.0.0.1"

// Defaults of Options.
const (
	DefaultNodes      = 2
	DefaultNodePrefix = "tutor-node-"
	// HubbleRelayPort is the pod port kwok forwards to Ports.Hubble: the
	// port Hubble Relay's pod listens on.
	HubbleRelayPort = 4245
)

// DefaultPorts are the loopback ports used when Options.Ports is nil. They
// are below the ephemeral range (32768+) so that outgoing connections do
// not take them.
var DefaultPorts = Ports{
	Etcd:              23790,
	EtcdPeer:          23800,
	APIServer:         26443,
	ControllerManager: 20257,
	Scheduler:         20259,
	Kwok:              20250,
	Hubble:            24245,
}

// Options configures Start.
type Options struct {
	// BinDir holds the binaries that Install built. Default:
	// DefaultBinDir().
	BinDir string
	// StateDir receives the certificates, logs, etcd data, kubeconfig and
	// pid files. It must be absent or empty; Stop removes it. Required.
	StateDir string
	// Nodes is the number of simulated nodes. Default DefaultNodes.
	Nodes int
	// NodePrefix names the nodes: prefix + index, from 0 ("tutor-node-0",
	// "aks-nodepool1-0"). Default DefaultNodePrefix.
	NodePrefix string
	// Ports are the loopback ports to listen on; nil means DefaultPorts.
	// A zero field picks a free port, so &Ports{} lets clusters run side by
	// side (parallel test packages).
	Ports *Ports
	// Log receives progress lines; nil discards them.
	Log io.Writer

	// RealNodes is how many of the nodes are real (0 or 1): node 0 is then
	// a kubelet with containerd that runs its pods, and the simulated
	// nodes are tainted so that pods go to it. It needs root, the node
	// binaries (NodeBinDir), the host's runc, CNI plugins and iptables,
	// and the image store (ImagesDir). Nodes counts it.
	RealNodes int
	// NodeBinDir holds containerd and CoreDNS; "" looks where
	// DefaultNodeBinDir does.
	NodeBinDir string
	// ImagesDir is the image store the node's registry serves; "" is
	// the store `tutor sandbox images` builds.
	ImagesDir string
	// Registry is the command line of the image registry (a tutor binary's
	// `sandbox registry`); nil runs this executable's.
	Registry []string
}

// Ports are the loopback TCP ports of the components.
type Ports struct {
	Etcd              int `json:"etcd"`
	EtcdPeer          int `json:"etcdPeer"`
	APIServer         int `json:"apiServer"`
	ControllerManager int `json:"controllerManager"`
	Scheduler         int `json:"scheduler"`
	Kwok              int `json:"kwok"` // kwok's kubelet API (logs, exec)
	// Hubble receives what a port-forward to port HubbleRelayPort of any
	// pod carries: serve a Hubble Observer there (hubbletest) and
	// `hubble observe` through the hubble-relay Service reaches it.
	Hubble int `json:"hubble"`
}

// Cluster is a running local control plane, started by Start or found by
// Attach. Its methods are safe for concurrent use.
type Cluster struct {
	dir   string // StateDir, absolute
	state state
	log   *progress
	// procs are the components this process started (nil after Attach);
	// their goroutines reap them, so they leave no zombies.
	procs map[string]*process
}

// Start starts a control plane as o says and waits until the API server is
// ready, the nodes are Ready and the default service account exists. It
// returns *MissingBinariesError when BinDir lacks a binary. On failure it
// stops what it started, removes StateDir and returns an error carrying the
// components' log tails.
func Start(ctx context.Context, o Options) (*Cluster, error) {
	log := newProgress(o.Log)
	c, err := prepare(o, log)
	if err != nil {
		return nil, fmt.Errorf("start local cluster: %w", err)
	}
	if err := c.boot(ctx); err != nil {
		err = fmt.Errorf("start local cluster: %w", err)
		stopCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
		defer cancel()
		if serr := c.Stop(stopCtx); serr != nil {
			err = errors.Join(err, serr)
		}
		return nil, err
	}
	log.printf("cluster ready: %d nodes, export KUBECONFIG=%s", c.state.Nodes, c.Kubeconfig())
	return c, nil
}

// prepare checks o, fills in its defaults and writes the state files.
func prepare(o Options, log *progress) (*Cluster, error) {
	if o.StateDir == "" {
		return nil, errors.New("options: StateDir is required")
	}
	dir, err := filepath.Abs(o.StateDir)
	if err != nil {
		return nil, fmt.Errorf("state dir: %w", err)
	}
	bin, err := controlPlaneBins.checkedDir(o.BinDir)
	if err != nil {
		return nil, err
	}
	st := state{
		BinDir:            bin,
		Nodes:             o.Nodes,
		NodePrefix:        o.NodePrefix,
		KubernetesVersion: KubernetesVersion,
	}
	if st.Nodes == 0 {
		st.Nodes = DefaultNodes
		if o.RealNodes > 0 {
			st.Nodes = o.RealNodes
		}
	}
	if st.Nodes < 0 {
		return nil, fmt.Errorf("options: Nodes %d is negative", st.Nodes)
	}
	if st.NodePrefix == "" {
		st.NodePrefix = DefaultNodePrefix
	}
	if errs := validation.IsDNS1123Subdomain(nodeName(st.NodePrefix, st.Nodes-1)); len(errs) > 0 {
		return nil, fmt.Errorf("options: NodePrefix %q does not make node names: %s", st.NodePrefix, errs[0])
	}
	if err := checkStateDir(dir); err != nil {
		return nil, err
	}
	if st.Ports, err = resolvePorts(o.Ports); err != nil {
		return nil, err
	}
	if err := makeStateDir(dir); err != nil {
		return nil, err
	}
	c := &Cluster{dir: dir, state: st, log: log, procs: map[string]*process{}}
	if o.RealNodes > 0 {
		if err := c.prepareNode(o); err != nil {
			c.teardownNode()
			_ = os.RemoveAll(dir)
			return nil, err
		}
	}
	if err := c.writeFiles(); err != nil {
		c.teardownNode()
		_ = os.RemoveAll(dir)
		return nil, err
	}
	return c, nil
}

// Attach finds the cluster that Start recorded in stateDir, typically from
// another process, for Status and Stop.
func Attach(stateDir string) (*Cluster, error) {
	dir, err := filepath.Abs(stateDir)
	if err != nil {
		return nil, fmt.Errorf("attach local cluster: %w", err)
	}
	st, err := readState(dir)
	if err != nil {
		return nil, fmt.Errorf("attach local cluster: %w", err)
	}
	return &Cluster{dir: dir, state: st, log: newProgress(nil)}, nil
}

// StateDir is the directory that holds the cluster's state.
func (c *Cluster) StateDir() string { return c.dir }

// BinDir is the directory of the binaries the cluster runs, kubectl among them.
func (c *Cluster) BinDir() string { return c.state.BinDir }

// Ports are the ports the cluster listens on.
func (c *Cluster) Ports() Ports { return c.state.Ports }

// HubblePort is the loopback port that port-forwards to HubbleRelayPort
// of any pod reach (0 for a cluster started before it existed).
func (c *Cluster) HubblePort() int { return c.state.Ports.Hubble }

// NodeNames are the names of the nodes, in order; the first is the real
// node when there is one.
func (c *Cluster) NodeNames() []string {
	names := make([]string, c.state.Nodes)
	for i := range names {
		names[i] = nodeName(c.state.NodePrefix, i)
	}
	return names
}

// Server is the API server's URL: on loopback, or with a real node on the
// host's end of its veth, where the node reaches it too.
func (c *Cluster) Server() string {
	return fmt.Sprintf("https://%s:%d", c.apiserverIP(), c.state.Ports.APIServer)
}

// apiserverIP is the address the API server listens on.
func (c *Cluster) apiserverIP() string {
	if c.state.Node != nil {
		return c.state.Node.HostIP()
	}
	return "127.0.0.1"
}

// LoadBalancerIP is the ingress IP LoadBalancer services get: the real
// node's address, where kube-proxy answers for them, or else the constant
// LoadBalancerIP.
func (c *Cluster) LoadBalancerIP() string {
	if c.state.Node != nil {
		return c.state.Node.NodeIP()
	}
	return LoadBalancerIP
}

// RealNode is the name of the real node, "" when every node is simulated.
func (c *Cluster) RealNode() string {
	if c.state.Node == nil {
		return ""
	}
	return c.state.Node.Name
}

// Kubeconfig is the path of the cluster's kubeconfig file (context
// ContextName, current).
func (c *Cluster) Kubeconfig() string { return c.path(kubeconfigFile) }

// path joins elem to the state directory.
func (c *Cluster) path(elem ...string) string {
	return filepath.Join(append([]string{c.dir}, elem...)...)
}

// nodeName is the name of node i.
func nodeName(prefix string, i int) string { return fmt.Sprintf("%s%d", prefix, i) }

// progress writes timestamped progress lines.
type progress struct {
	w  io.Writer
	t0 time.Time
}

func newProgress(w io.Writer) *progress {
	if w == nil {
		w = io.Discard
	}
	return &progress{w: w, t0: time.Now()}
}

func (p *progress) printf(format string, args ...any) {
	fmt.Fprintf(p.w, "[cluster +%.1fs] %s\n", time.Since(p.t0).Seconds(), fmt.Sprintf(format, args...))
}
