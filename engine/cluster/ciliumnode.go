package cluster

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"

	"github.com/tutor-run/tutor/engine/atomicfile"
	"github.com/tutor-run/tutor/engine/images"
)

// Cilium's agent on the real node runs as a pod of Cilium's chart
// (CiliumImages), in the node's network namespace, but some of what it
// uses is the host's, one per machine: the BPF file system at /sys/fs/bpf,
// where its datapath pins maps under tc/globals whatever --bpf-root says;
// /run/cilium, where the CNI plugin, a host process, finds the agent's
// socket; and the kernel's sysctls. So one sandbox at a time runs it.
const (
	bpfRoot       = "/sys/fs/bpf"
	ciliumRunDir  = "/run/cilium"
	ciliumPinGlob = "cilium_*"
	// ciliumCgroupDir is where, under the node's run directory, the
	// sandbox mounts the cgroup v2 hierarchy for the agent's cgroup.hostRoot.
	ciliumCgroupDir = "cgroupv2"
)

// ciliumHostPaths are the host paths the chart's hostPath volumes name
// that the runtime creates when they are missing (/lib/modules on a kernel
// without modules, iptables' lock file) and the agent's run directory:
// PrepareCilium notes which did not exist, and the teardown removes them.
var ciliumHostPaths = []string{ciliumRunDir, "/run/xtables.lock", "/lib/modules"}

// ciliumSysctls are the sysctls outside a network namespace that the
// agent sets (through the chart's /proc/sys/kernel mount); the teardown
// puts them back. kernel.unprivileged_bpf_disabled, which it sets to 1,
// cannot be: from 1 the kernel accepts no other value until it reboots.
var ciliumSysctls = []string{"kernel/timer_migration"}

// ciliumHost is what PrepareCilium changed on the host, kept in the
// state for the teardown.
type ciliumHost struct {
	MountedBPF bool     `json:"mountedBPF,omitempty"` // the sandbox mounted bpfRoot
	Created    []string `json:"created,omitempty"`    // ciliumHostPaths that did not exist
}

// CiliumError reports that the sandbox cannot give Cilium's agent its
// node: no real node, or another Cilium on this machine.
type CiliumError struct{ Err error }

func (e *CiliumError) Error() string { return "cilium on the real node: " + e.Err.Error() }
func (e *CiliumError) Unwrap() error { return e.Err }

// PrepareCilium readies the real node for Cilium's chart and returns the
// values the chart needs on it (CiliumValues). It mounts what the agent's
// pod mounts with propagation (the BPF file system at /sys/fs/bpf unless
// the host has it, and cgroup v2 under the node's run directory), both
// shared; it removes the bridge CNI's configuration and bridge, so that
// pods wait for the agent's CNI plugin, as on a cluster created without a
// network; and it gives the Node its pod range as spec.podCIDR, which the
// agent's Kubernetes IPAM allocates from. It notes in the state what Stop
// must undo. It is a no-op the second time.
func (c *Cluster) PrepareCilium(ctx context.Context) ([]HelmValue, error) {
	n := c.state.Node
	if n == nil {
		return nil, &CiliumError{errors.New("the sandbox has no real node (--real-nodes 1)")}
	}
	if err := CheckCiliumImages(n.ImagesDir); err != nil {
		return nil, &CiliumError{err}
	}
	if n.Cilium == nil {
		if left := ciliumLeftovers(); len(left) > 0 {
			return nil, &CiliumError{fmt.Errorf("another Cilium agent ran or runs on this machine, and only one can: %s", strings.Join(left, ", "))}
		}
		h := &ciliumHost{}
		for _, p := range ciliumHostPaths {
			if _, err := os.Lstat(p); errors.Is(err, fs.ErrNotExist) {
				h.Created = append(h.Created, p)
			}
		}
		n.Cilium = h
		for name, v := range readSysctls(ciliumSysctls) {
			if _, ok := n.Sysctls[name]; !ok {
				if n.Sysctls == nil {
					n.Sysctls = map[string]string{}
				}
				n.Sysctls[name] = v
			}
		}
		// Saved first: what follows is undone by Stop even if it fails
		// half way.
		if err := c.saveState(); err != nil {
			return nil, err
		}
		if err := c.setupCilium(ctx); err != nil {
			return nil, &CiliumError{err}
		}
	}
	return c.CiliumValues(), nil
}

// CheckCiliumImages reports the images of CiliumImages that the store at dir
// lacks, before the chart's pods wait for them in vain.
func CheckCiliumImages(dir string) error {
	store, err := images.Open(dir)
	if err != nil {
		return err
	}
	var missing []string
	for _, img := range CiliumImages("") {
		if _, ok := store.Resolve(img.Name); !ok {
			missing = append(missing, img.Name)
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("the image store %s has no %s (build them: tutor sandbox images build --cilium, or make cilium-images)", dir, strings.Join(missing, ", "))
	}
	return nil
}

// setupCilium makes the mounts, removes the bridge and sets the Node's
// pod range.
func (c *Cluster) setupCilium(ctx context.Context) error {
	n := c.state.Node
	if !isMountOf(bpfRoot, "bpf") {
		if err := syscall.Mount("bpf", bpfRoot, "bpf", 0, ""); err != nil {
			return fmt.Errorf("mount the BPF file system at %s: %w", bpfRoot, err)
		}
		n.Cilium.MountedBPF = true
		if err := c.saveState(); err != nil {
			return err
		}
		// The agent's pod mounts it Bidirectional, which runc refuses
		// unless the mount is shared.
		if err := syscall.Mount("", bpfRoot, "", syscall.MS_SHARED, ""); err != nil {
			return fmt.Errorf("make %s shared: %w", bpfRoot, err)
		}
	}
	cg := filepath.Join(n.runDir(), ciliumCgroupDir)
	if !isMountOf(cg, "cgroup2") {
		if err := os.MkdirAll(cg, 0o755); err != nil {
			return err
		}
		if err := syscall.Mount("cgroup2", cg, "cgroup2", 0, ""); err != nil {
			return fmt.Errorf("mount cgroup v2 at %s: %w", cg, err)
		}
		// Mounted HostToContainer: runc wants it shared or a slave.
		if err := syscall.Mount("", cg, "", syscall.MS_SHARED, ""); err != nil {
			return fmt.Errorf("make %s shared: %w", cg, err)
		}
	}
	if err := os.Remove(c.nodePath(cniConfDir, bridgeConfFile)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	if _, err := os.Stat(filepath.Join("/run/netns", n.netns())); err == nil {
		if err := run(ctx, "ip", "-n", n.netns(), "link", "del", "cni0"); err != nil && !strings.Contains(err.Error(), "Cannot find device") {
			return err
		}
	}
	client, err := c.clientset(10 * time.Second)
	if err != nil {
		return err
	}
	patch := fmt.Sprintf(`{"spec":{"podCIDR":%q,"podCIDRs":[%[1]q]}}`, n.PodCIDR())
	if _, err := client.CoreV1().Nodes().Patch(ctx, n.Name, types.MergePatchType, []byte(patch), metav1.PatchOptions{}); err != nil {
		return fmt.Errorf("node %s's pod range: %w", n.Name, err)
	}
	return nil
}

// teardownCilium removes what Cilium's agent and PrepareCilium left on
// the host once the agent is gone: its pinned maps (all of them with the
// BPF file system, when the sandbox mounted it) and the host paths that
// did not exist. The sysctls go back with the node's.
func (c *Cluster) teardownCilium() error {
	h := c.state.Node.Cilium
	if h == nil {
		return nil
	}
	var errs []error
	for _, p := range ciliumPins() {
		if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
			errs = append(errs, err)
		}
	}
	if h.MountedBPF && isMountOf(bpfRoot, "bpf") {
		if err := syscall.Unmount(bpfRoot, 0); err != nil {
			errs = append(errs, fmt.Errorf("unmount %s: %w", bpfRoot, err))
		}
	}
	for _, p := range slices.Backward(h.Created) {
		var err error
		if p == ciliumRunDir {
			err = os.RemoveAll(p)
		} else {
			err = os.Remove(p) // a directory only when empty
		}
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// ciliumPins are the maps and programs a Cilium agent pinned in the BPF
// file system.
func ciliumPins() []string {
	var pins []string
	_ = filepath.WalkDir(bpfRoot, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if ok, _ := filepath.Match(ciliumPinGlob, d.Name()); ok {
				pins = append(pins, p)
			}
		}
		return nil
	})
	return pins
}

// ciliumLeftovers lists what a Cilium agent left on this machine: its run
// directory, its pins, and its CNI plugin's cached results.
func ciliumLeftovers() []string {
	var left []string
	if _, err := os.Lstat(ciliumRunDir); err == nil {
		left = append(left, "directory "+ciliumRunDir)
	}
	results, _ := filepath.Glob(filepath.Join(cniResults, "cilium-*"))
	for _, r := range results {
		left = append(left, "CNI result "+r)
	}
	if pins := ciliumPins(); len(pins) > 0 {
		left = append(left, fmt.Sprintf("%d BPF pins such as %s", len(pins), pins[0]))
	}
	return left
}

// isMountOf reports whether a file system of type fstype is mounted at
// path.
func isMountOf(path, fstype string) bool {
	data, err := os.ReadFile("/proc/self/mountinfo")
	if err != nil {
		return false
	}
	for _, line := range strings.Split(string(data), "\n") {
		fields := strings.Fields(line)
		sep := slices.Index(fields, "-")
		if len(fields) > 4 && sep > 0 && sep+1 < len(fields) && unescapeMount(fields[4]) == path && fields[sep+1] == fstype {
			return true
		}
	}
	return false
}

// HelmValue is a chart value the sandbox sets, and why: the shape of
// engine/helm's Override, which this package cannot import (helm's tests
// start clusters).
type HelmValue struct {
	Key   string // dotted, as --set takes it
	Value any
	Why   string
}

// CiliumValues are the values Cilium's chart (CiliumVersion) needs on the
// real node, besides a post's own.
func (c *Cluster) CiliumValues() []HelmValue {
	n := c.state.Node
	real := map[string]any{"tutor.run/node": "real"} // helm merges maps of any only
	onReal := "the simulated nodes run no pod: the agent, operator and relay go to the real node"
	noDigest := "the images are built here (tutor sandbox images build --cilium), not upstream's: the chart's digests do not name them"
	vals := []HelmValue{
		{"image.useDigest", false, noDigest},
		{"operator.image.useDigest", false, noDigest},
		{"hubble.relay.image.useDigest", false, noDigest},
		{"k8sServiceHost", n.HostIP(), "the API server, on the host's end of the node's veth"},
		{"k8sServicePort", c.state.Ports.APIServer, "the API server's port"},
		{"ipam.mode", "kubernetes", "the agent allocates pod addresses from the Node's spec.podCIDR, the node's pod range"},
		{"cni.binPath", c.nodePath(cniBinDir), "where the node's containerd finds CNI plugins besides the host's"},
		{"cni.confPath", c.nodePath(cniConfDir), "the node's CNI configuration directory"},
		{"cgroup.autoMount.enabled", false, "the sandbox mounts cgroup v2 for the agent"},
		{"cgroup.hostRoot", filepath.Join(n.runDir(), ciliumCgroupDir), "the sandbox's cgroup v2 mount"},
		{"routingMode", "tunnel", "one node behind a veth: VXLAN needs nothing of the network"},
		{"tunnelProtocol", "vxlan", ""},
		{"kubeProxyReplacement", "false", "the node runs kube-proxy"},
		{"l7Proxy", false, "no Envoy image is built"},
		{"nodeSelector", real, onReal},
		{"operator.nodeSelector", real, onReal},
		{"operator.replicas", 1, "one node"},
		{"hubble.relay.nodeSelector", real, onReal},
		{"nodeinit.enabled", false, "the node initialiser runs its script in the host's namespaces (nsenter into PID 1), and the sandbox's node shares this machine's"},
		{"aksbyocni.enabled", false, "AKS's bring-your-own-CNI mode sets cluster-pool IPAM; the sandbox's node has its own pod range"},
		{"securityContext.capabilities.ciliumAgent", []string{"CHOWN", "KILL", "NET_ADMIN", "NET_RAW", "IPC_LOCK", "SYS_MODULE",
			"SYS_ADMIN", "DAC_OVERRIDE", "FOWNER", "SETGID", "SETUID", "PERFMON", "BPF"},
			"the chart's without SYS_RESOURCE, which this machine's processes lack, and with PERFMON and BPF, which Debian's bpftool wants for the agent's feature probe"},
		{"securityContext.capabilities.cleanCiliumState", []string{"NET_ADMIN", "SYS_MODULE", "SYS_ADMIN"}, "the chart's without SYS_RESOURCE"},
	}
	// Hubble UI's images are not built here (its sources are not on the
	// module proxy): a simulated node shows it running, or there is none.
	if c.state.Nodes > 1 {
		vals = append(vals,
			HelmValue{"hubble.ui.nodeSelector", map[string]any{"type": "kwok"}, "Hubble UI's images cannot be built here: it goes to a simulated node, where it only looks Running"},
			HelmValue{"hubble.ui.tolerations", []any{map[string]any{"key": SimulatedTaint, "operator": "Exists", "effect": "NoSchedule"}}, ""})
	} else {
		vals = append(vals, HelmValue{"hubble.ui.enabled", false, "Hubble UI's images cannot be built here, and no simulated node can stand in for it"})
	}
	return vals
}

// saveState writes the state file again after a change.
func (c *Cluster) saveState() error {
	data, err := json.MarshalIndent(c.state, "", "  ")
	if err != nil {
		return err
	}
	if err := atomicfile.Write(c.path(stateFile), append(data, '\n'), 0o600); err != nil {
		return fmt.Errorf("write state: %w", err)
	}
	return nil
}
