package cluster

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
)

// A real node is a kubelet with containerd, runc and a bridge CNI that
// really runs the pods scheduled on it, beside the simulated ones. It lives
// in a network namespace of its own, joined to this host by a veth pair, so
// that what kubelet, kube-proxy and the CNI plugins change in the network
// (links, routes, iptables rules, net sysctls) stays in that namespace and
// goes with it. Its files live under StateDir/node, its sockets under
// nodeRunRoot/n<slot>, kubelet's root directory under nodeLibRoot/n<slot>, and its pods' cgroups under /tutor-n<slot> in every
// cgroup hierarchy. Images come from a registry process serving the local
// image store (engine/images) on the host side of the veth, which
// containerd uses in place of every registry.
//
// Slot k (1..maxSlots) picks the addresses:
//
//	10.250.k.1/30  the host's end of the veth: API server, registry, CoreDNS
//	10.250.k.2/30  the node's end (eth0 in the namespace): its InternalIP,
//	               and the address of LoadBalancer services
//	10.251.k.0/24  the node's pods (bridge cni0 in the namespace, 10.251.k.1)
const (
	maxSlots    = 200
	nodeRunRoot = "/run/tutor-sandbox"
	// nodeLibRoot holds kubelet's root directory (pods' volumes, its
	// sockets): on disk, and at a path short enough for the sockets in it,
	// which a temporary StateDir may not be.
	nodeLibRoot = "/var/lib/tutor-sandbox"
	nodeDir     = "node"
	// ServiceCIDR is the range of Service ClusterIPs; ClusterDNS is the
	// kube-dns Service's address, which pods resolve names through.
	ServiceCIDR = "10.96.0.0/16"
	ClusterDNS  = "10.96.0.10"
	// registryPort is where the image registry listens on the host's end.
	registryPort = 5000
	// SandboxImage is the pause image every pod sandbox starts from.
	SandboxImage = "registry.k8s.io/pause:3.10"
	// SimulatedTaint keeps pods off the simulated nodes when a real node
	// runs beside them.
	SimulatedTaint = "tutor.run/simulated"
)

// nodeComponents are the real node's processes, in start order, after the
// control plane's: the image registry, CoreDNS (both on the host), then
// containerd, kube-proxy and kubelet in the node's network namespace.
var nodeComponents = []string{"registry", "coredns", "containerd", "kube-proxy", "kubelet"}

// realNode is what Stop needs to find again of a real node; it is kept in
// the cluster's state.
type realNode struct {
	Name       string `json:"name"`
	Slot       int    `json:"slot"`
	NodeBinDir string `json:"nodeBinDir"`
	ImagesDir  string `json:"imagesDir"`
	// Registry is the command line that serves ImagesDir (the tutor
	// binary's `sandbox registry`), without --store and --listen.
	Registry []string `json:"registry"`
	Runc     string   `json:"runc"`
	CNIDir   string   `json:"cniDir"`
	// Sysctls are the host's values, before kubelet set them, of the
	// sysctls kubelet (and Cilium's agent) change outside the namespace.
	Sysctls map[string]string `json:"sysctls,omitempty"`
	// Cilium is what PrepareCilium changed on the host, if it ran.
	Cilium *ciliumHost `json:"cilium,omitempty"`
}

func (n *realNode) netns() string    { return fmt.Sprintf("tutor-n%d", n.Slot) }
func (n *realNode) hostLink() string { return fmt.Sprintf("tutorh%d", n.Slot) }
func (n *realNode) runDir() string   { return filepath.Join(nodeRunRoot, fmt.Sprintf("n%d", n.Slot)) }
func (n *realNode) libDir() string   { return filepath.Join(nodeLibRoot, fmt.Sprintf("n%d", n.Slot)) }
func (n *realNode) kubeletRoot() string {
	return filepath.Join(n.libDir(), "kubelet")
}
func (n *realNode) cgroupRoot() string {
	return fmt.Sprintf("/tutor-n%d", n.Slot)
}
func (n *realNode) HostIP() string  { return fmt.Sprintf("10.250.%d.1", n.Slot) }
func (n *realNode) NodeIP() string  { return fmt.Sprintf("10.250.%d.2", n.Slot) }
func (n *realNode) PodCIDR() string { return fmt.Sprintf("10.251.%d.0/24", n.Slot) }
func (n *realNode) socket() string  { return filepath.Join(n.runDir(), "containerd.sock") }
func (n *realNode) registry() string {
	return net.JoinHostPort(n.HostIP(), strconv.Itoa(registryPort))
}

// kubeletSysctls are the sysctls outside a network namespace that kubelet
// sets at start (protectKernelDefaults false); Stop puts them back.
var kubeletSysctls = []string{"vm/overcommit_memory", "kernel/panic", "kernel/panic_on_oops"}

// NodeError reports that the machine cannot run a real node: not root, a
// tool or binary missing, no free slot.
type NodeError struct{ Err error }

func (e *NodeError) Error() string { return "real node: " + e.Err.Error() }
func (e *NodeError) Unwrap() error { return e.Err }

// claimSlot creates the network namespace of the first free slot and
// joins it to the host: the namespace's name is the claim, so two
// sandboxes never take the same slot.
func claimSlot(ctx context.Context) (int, error) {
	for k := 1; k <= maxSlots; k++ {
		name := fmt.Sprintf("tutor-n%d", k)
		if _, err := os.Stat(filepath.Join("/run/netns", name)); err == nil {
			continue
		}
		if err := run(ctx, "ip", "netns", "add", name); err != nil {
			if _, serr := os.Stat(filepath.Join("/run/netns", name)); serr == nil {
				continue // taken meanwhile
			}
			return 0, err
		}
		return k, nil
	}
	return 0, fmt.Errorf("all %d slots are taken (see `ip netns list`)", maxSlots)
}

// setupNetwork joins the node's namespace to the host with a veth pair and
// routes the pods' range through it.
func (n *realNode) setupNetwork(ctx context.Context) error {
	ns, host := n.netns(), n.hostLink()
	steps := [][]string{
		{"ip", "link", "add", host, "type", "veth", "peer", "name", "eth0", "netns", ns},
		{"ip", "addr", "add", n.HostIP() + "/30", "dev", host},
		{"ip", "link", "set", host, "up"},
		{"ip", "-n", ns, "link", "set", "lo", "up"},
		{"ip", "-n", ns, "addr", "add", n.NodeIP() + "/30", "dev", "eth0"},
		{"ip", "-n", ns, "link", "set", "eth0", "up"},
		{"ip", "-n", ns, "route", "add", "default", "via", n.HostIP()},
		{"ip", "route", "add", n.PodCIDR(), "via", n.NodeIP(), "dev", host},
	}
	for _, s := range steps {
		if err := run(ctx, s[0], s[1:]...); err != nil {
			return fmt.Errorf("node network: %w", err)
		}
	}
	return nil
}

// run runs a command and returns its output in the error when it fails.
func run(ctx context.Context, name string, args ...string) error {
	out, err := exec.CommandContext(ctx, name, args...).CombinedOutput()
	if err != nil {
		return fmt.Errorf("%s %s: %w: %s", name, strings.Join(args, " "), err, strings.TrimSpace(string(out)))
	}
	return nil
}

// readSysctls returns the current values of names (paths under /proc/sys).
func readSysctls(names []string) map[string]string {
	vals := map[string]string{}
	for _, name := range names {
		if data, err := os.ReadFile(filepath.Join("/proc/sys", name)); err == nil {
			vals[name] = strings.TrimSpace(string(data))
		}
	}
	return vals
}

// restoreSysctls writes vals back.
func restoreSysctls(vals map[string]string) error {
	var errs []error
	for name, v := range vals {
		if err := os.WriteFile(filepath.Join("/proc/sys", name), []byte(v+"\n"), 0o644); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// components are the cluster's processes in start order: the control
// plane's, then the real node's when there is one.
func (c *Cluster) components() []string {
	if c.state.Node == nil {
		return components
	}
	return append(append([]string{}, components...), nodeComponents...)
}

// binary is the command line that starts component name, before its own
// arguments: BinDir/name for the control plane, kubelet and kube-proxy (the
// same multicall binary), NodeBinDir/name for containerd and CoreDNS, the
// tutor binary's `sandbox registry` for the registry.
func (c *Cluster) binary(name string) []string {
	n := c.state.Node
	switch {
	case n == nil:
	case name == "registry":
		return append([]string{}, n.Registry...)
	case name == "containerd" || name == "coredns":
		return []string{filepath.Join(n.NodeBinDir, name)}
	}
	return []string{filepath.Join(c.state.BinDir, name)}
}

// inNodeNetns reports whether component name runs in the real node's
// network namespace.
func inNodeNetns(name string) bool {
	return name == "containerd" || name == "kube-proxy" || name == "kubelet"
}

// makeCgroups creates the node's cgroup root in every hierarchy, as
// kubelet wants it there before it starts; in cpuset it gets its parent's
// CPUs and memory nodes, without which nothing can join it.
func (n *realNode) makeCgroups() error {
	hierarchies, err := os.ReadDir(cgroupFS)
	if err != nil {
		return err
	}
	for _, h := range hierarchies {
		parent := filepath.Join(cgroupFS, h.Name())
		if _, err := os.Stat(filepath.Join(parent, "cgroup.procs")); err != nil {
			continue // not a hierarchy
		}
		dir := filepath.Join(parent, n.cgroupRoot())
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return fmt.Errorf("cgroup %s: %w", dir, err)
		}
		for _, f := range []string{"cpuset.cpus", "cpuset.mems"} {
			if v, err := os.ReadFile(filepath.Join(parent, f)); err == nil {
				if err := os.WriteFile(filepath.Join(dir, f), v, 0o644); err != nil {
					return fmt.Errorf("cgroup %s: %w", dir, err)
				}
			}
		}
	}
	return nil
}
