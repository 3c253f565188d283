package cluster

import (
	"fmt"
	"os"
	"path/filepath"
)

// Files and directories of a real node under StateDir/node.
const (
	containerdConfigFile = "containerd.toml"
	kubeletConfigFile    = "kubelet.yaml"
	kubeProxyConfigFile  = "kube-proxy.yaml"
	corefileFile         = "Corefile"
	resolvConfFile       = "resolv.conf"
	cniConfDir           = "cni"
	cniIPAMDir           = "cni-ipam"
	registryHostsDir     = "certs.d"
	containerdRootDir    = "containerd"
	podLogsDir           = "pod-logs"

	// cniBinDir holds CNI plugins a network add-on installs on the node
	// (Cilium's chart copies cilium-cni there), beside the host's.
	cniBinDir = "cni-bin"
	// bridgeConfFile, in cniConfDir, is the bridge CNI's configuration.
	bridgeConfFile = "10-tutor.conflist"
)

// nodePath joins elem to the node's directory under StateDir.
func (c *Cluster) nodePath(elem ...string) string {
	return c.path(append([]string{nodeDir}, elem...)...)
}

// writeNodeFiles writes the configuration of the node's components.
func (c *Cluster) writeNodeFiles() error {
	n := c.state.Node
	files := map[string]string{
		containerdConfigFile: c.containerdConfig(),
		filepath.Join(registryHostsDir, "_default", "hosts.toml"): fmt.Sprintf(`# Every registry is the sandbox's local image store (tutor sandbox images).
server = "http://%[1]s"

[host."http://%[1]s"]
  capabilities = ["pull", "resolve"]
`, n.registry()),
		filepath.Join(cniConfDir, bridgeConfFile): fmt.Sprintf(`{
  "cniVersion": "1.0.0",
  "name": %q,
  "plugins": [
    {
      "type": "bridge",
      "bridge": "cni0",
      "isGateway": true,
      "ipMasq": true,
      "hairpinMode": true,
      "ipam": {
        "type": "host-local",
        "ranges": [[{"subnet": %q}]],
        "routes": [{"dst": "0.0.0.0/0"}],
        "dataDir": %q
      }
    },
    {"type": "portmap", "capabilities": {"portMappings": true}}
  ]
}
`, n.netns(), n.PodCIDR(), c.nodePath(cniIPAMDir)),
		kubeletConfigFile:   c.kubeletConfig(),
		kubeProxyConfigFile: c.kubeProxyConfig(),
		corefileFile:        c.corefile(),
		// Pods resolve through ClusterDNS; the host's own resolver is not
		// reachable from the node's namespace.
		resolvConfFile: "# no upstream resolver: the sandbox is offline\n",
	}
	for _, d := range []string{containerdRootDir, podLogsDir, cniIPAMDir, cniBinDir} {
		if err := os.MkdirAll(c.nodePath(d), 0o700); err != nil {
			return fmt.Errorf("node files: %w", err)
		}
	}
	for _, d := range []string{n.runDir(), n.kubeletRoot()} {
		if err := os.MkdirAll(d, 0o700); err != nil {
			return fmt.Errorf("node files: %w", err)
		}
	}
	for name, content := range files {
		path := c.nodePath(name)
		if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
			return fmt.Errorf("node files: %w", err)
		}
		if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
			return fmt.Errorf("node files: %w", err)
		}
	}
	return nil
}

// containerdConfig is containerd 2's configuration (version 3): its own
// root and state, and its shims' sockets and runc's state under the node's
// run directory instead of /run/containerd; CRI with runc from the host,
// the bridge CNI (the host's plugins, and those an add-on installs in the
// node's cni-bin), the local registry for every image, and oom_score_adj
// left alone, since this machine's processes lack CAP_SYS_RESOURCE to
// lower it.
func (c *Cluster) containerdConfig() string {
	n := c.state.Node
	return fmt.Sprintf(`version = 3
root = %[1]q
state = %[2]q
disabled_plugins = ["io.containerd.internal.v1.opt", "io.containerd.nri.v1.nri", "io.containerd.tracing.processor.v1.otlp"]

[grpc]
  address = %[3]q

[ttrpc]
  address = %[4]q

[plugins.'io.containerd.shim.v1.manager']
  socket_dir = %[10]q

[plugins.'io.containerd.cri.v1.images']
  snapshotter = 'overlayfs'
  [plugins.'io.containerd.cri.v1.images'.pinned_images]
    sandbox = %[5]q
  [plugins.'io.containerd.cri.v1.images'.registry]
    config_path = %[6]q

[plugins.'io.containerd.cri.v1.runtime']
  restrict_oom_score_adj = true
  netns_mounts_under_state_dir = true
  [plugins.'io.containerd.cri.v1.runtime'.containerd]
    default_runtime_name = 'runc'
    [plugins.'io.containerd.cri.v1.runtime'.containerd.runtimes.runc]
      runtime_type = 'io.containerd.runc.v2'
      [plugins.'io.containerd.cri.v1.runtime'.containerd.runtimes.runc.options]
        BinaryName = %[7]q
        Root = %[11]q
        SystemdCgroup = false
  [plugins.'io.containerd.cri.v1.runtime'.cni]
    bin_dirs = [%[12]q, %[8]q]
    conf_dir = %[9]q
`, c.nodePath(containerdRootDir), filepath.Join(n.runDir(), "state"), n.socket(), n.socket()+".ttrpc",
		SandboxImage, c.nodePath(registryHostsDir), n.Runc, n.CNIDir, c.nodePath(cniConfDir),
		filepath.Join(n.runDir(), "s"), filepath.Join(n.runDir(), "runc"), c.nodePath(cniBinDir))
}

// kubeletConfig is the kubelet's configuration: cgroup v1 through
// cgroupfs (this kernel's controllers are v1), pods' cgroups under the
// node's own root, anonymous access for the API server's logs, exec and
// port-forward, eviction thresholds low enough for a small disk.
func (c *Cluster) kubeletConfig() string {
	n := c.state.Node
	return fmt.Sprintf(`apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
failCgroupV1: false
cgroupDriver: cgroupfs
cgroupRoot: %[1]s
containerRuntimeEndpoint: unix://%[2]s
failSwapOn: false
readOnlyPort: 0
authentication:
  anonymous:
    enabled: true
  webhook:
    enabled: false
authorization:
  mode: AlwaysAllow
serializeImagePulls: false
protectKernelDefaults: false
clusterDNS: [%[3]s]
clusterDomain: cluster.local
resolvConf: %[4]s
podLogsDir: %[5]s
imageGCHighThresholdPercent: 100
imageGCLowThresholdPercent: 99
evictionHard:
  memory.available: 100Mi
  nodefs.available: 1%%
  imagefs.available: 1%%
  nodefs.inodesFree: 1%%
syncFrequency: 10s
fileCheckFrequency: 10s
nodeStatusReportFrequency: 10s
`, n.cgroupRoot(), n.socket(), ClusterDNS, c.nodePath(resolvConfFile), c.nodePath(podLogsDir))
}

// kubeProxyConfig is kube-proxy's configuration: iptables mode in the
// node's namespace. Every Service connection is masqueraded, so that a
// pod reaching a Service backed by a pod on the same bridge gets its
// answer back through the NAT (this kernel has no br_netfilter).
func (c *Cluster) kubeProxyConfig() string {
	n := c.state.Node
	return fmt.Sprintf(`apiVersion: kubeproxy.config.k8s.io/v1alpha1
kind: KubeProxyConfiguration
clientConnection:
  kubeconfig: %[1]s
mode: iptables
clusterCIDR: %[2]s
hostnameOverride: %[3]s
iptables:
  masqueradeAll: true
conntrack:
  maxPerCore: 0
metricsBindAddress: 127.0.0.1:10249
healthzBindAddress: 127.0.0.1:10256
`, c.Kubeconfig(), n.PodCIDR(), n.Name)
}

// corefile is CoreDNS's configuration: the cluster's names from the API
// server, on the host's end of the veth (the kube-dns Service's endpoint),
// and other names from the host's resolver, as a cluster's DNS forwards
// them upstream.
func (c *Cluster) corefile() string {
	n := c.state.Node
	return fmt.Sprintf(`.:53 {
    bind %[1]s
    errors
    kubernetes cluster.local in-addr.arpa ip6.arpa {
        kubeconfig %[2]s %[3]s
        pods insecure
        fallthrough in-addr.arpa ip6.arpa
        ttl 5
    }
    forward . /etc/resolv.conf
    cache 5
}
`, n.HostIP(), c.Kubeconfig(), ContextName)
}
