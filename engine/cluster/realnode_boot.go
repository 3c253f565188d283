package cluster

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"time"

	"github.com/tutor-run/tutor/engine/images"
	corev1 "k8s.io/api/core/v1"
	discoveryv1 "k8s.io/api/discovery/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/apimachinery/pkg/util/intstr"
	"k8s.io/client-go/kubernetes"
)

// How long the real node's parts may take to come up.
const nodeStartTimeout = 60 * time.Second

// prepareNode checks that this machine can run a real node, claims a slot
// and sets up the node's network, recording all of it in the state.
func (c *Cluster) prepareNode(o Options) error {
	if o.RealNodes > 1 {
		return &NodeError{fmt.Errorf("%d real nodes asked for; this machine runs one real node per sandbox", o.RealNodes)}
	}
	if c.state.Nodes < o.RealNodes {
		return fmt.Errorf("options: %d nodes cannot hold %d real ones", c.state.Nodes, o.RealNodes)
	}
	if os.Geteuid() != 0 {
		return &NodeError{errors.New("needs root (kubelet, containerd and the node's network namespace)")}
	}
	n := &realNode{Name: nodeName(c.state.NodePrefix, 0), ImagesDir: o.ImagesDir, Registry: o.Registry}
	var err error
	if n.NodeBinDir, err = nodeBins.checkedDir(o.NodeBinDir); err != nil {
		return err
	}
	tools, err := NodeHostTools()
	if err != nil {
		return err
	}
	if err := nodeNetTools(); err != nil {
		return err
	}
	n.Runc, n.CNIDir = tools.Runc, tools.CNIBinDir
	if n.ImagesDir, err = resolveImagesDir(n.ImagesDir); err != nil {
		return err
	}
	if len(n.Registry) == 0 {
		self, err := tutorExecutable()
		if err != nil {
			return &NodeError{fmt.Errorf("the image registry's command: %w", err)}
		}
		n.Registry = []string{self, "sandbox", "registry"}
	}
	n.Sysctls = readSysctls(kubeletSysctls)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if n.Slot, err = claimSlot(ctx); err != nil {
		return &NodeError{err}
	}
	c.state.Node = n
	if err := n.setupNetwork(ctx); err != nil {
		return &NodeError{err}
	}
	if err := n.makeCgroups(); err != nil {
		return &NodeError{err}
	}
	return c.writeNodeFiles()
}

// resolveImagesDir is dir, or the store `tutor sandbox images` builds,
// when it holds images.
func resolveImagesDir(dir string) (string, error) {
	if dir == "" {
		d, err := images.DefaultDir()
		if err != nil {
			return "", &NodeError{err}
		}
		dir = d
	}
	if _, err := images.Open(dir); err != nil {
		return "", &NodeError{fmt.Errorf("no image store in %s (%v): run `tutor sandbox images` or `make images`", dir, err)}
	}
	return filepath.Abs(dir)
}

// tutorExecutable is the tutor binary that serves the image registry: this
// executable when it is tutor, else (a test binary) the tutor on PATH.
func tutorExecutable() (string, error) {
	self, err := os.Executable()
	if err != nil {
		return "", err
	}
	if filepath.Base(self) == "tutor" {
		return self, nil
	}
	return exec.LookPath("tutor")
}

// nodeNetTools are the host's programs the node's network namespace
// needs besides NodeHostTools: iproute2's ip and util-linux's nsenter.
func nodeNetTools() error {
	var missing []string
	for _, name := range []string{"ip", "nsenter"} {
		if _, err := exec.LookPath(name); err != nil {
			if _, err := os.Stat(filepath.Join("/usr/sbin", name)); err != nil {
				missing = append(missing, name)
			}
		}
	}
	if len(missing) > 0 {
		return &NodeError{fmt.Errorf("missing from this host: %v; install them with: apt-get install -y iproute2 util-linux", missing)}
	}
	return nil
}

// bootNode starts the real node's components and registers what the
// cluster needs of it: the kube-dns Service and the node's labels.
func (c *Cluster) bootNode(ctx context.Context, client kubernetes.Interface) error {
	n := c.state.Node
	if err := c.spawn("registry", "--store", n.ImagesDir, "--listen", n.registry()); err != nil {
		return err
	}
	if err := c.poll(ctx, "image registry", nodeStartTimeout, func(ctx context.Context) error {
		return httpOK(ctx, http.DefaultClient, "http://"+n.registry()+"/v2/")
	}); err != nil {
		return err
	}
	if err := c.spawn("coredns", "-conf", c.nodePath(corefileFile)); err != nil {
		return err
	}
	if err := c.spawn("containerd", "--config", c.nodePath(containerdConfigFile)); err != nil {
		return err
	}
	if err := c.poll(ctx, "containerd", nodeStartTimeout, func(ctx context.Context) error {
		conn, err := (&net.Dialer{}).DialContext(ctx, "unix", n.socket())
		if err == nil {
			conn.Close()
		}
		return err
	}); err != nil {
		return err
	}
	if err := c.spawn("kube-proxy", "--config", c.nodePath(kubeProxyConfigFile)); err != nil {
		return err
	}
	if err := c.spawn("kubelet", "--config", c.nodePath(kubeletConfigFile), "--kubeconfig", c.Kubeconfig(),
		"--root-dir", n.kubeletRoot(), "--hostname-override", n.Name, "--node-ip", n.NodeIP(), "--v=1"); err != nil {
		return err
	}
	if err := c.createClusterDNS(ctx, client); err != nil {
		return err
	}
	return c.poll(ctx, "node "+n.Name+" registered", nodeStartTimeout, func(ctx context.Context) error {
		return c.labelRealNode(ctx, client)
	})
}

// labelRealNode gives the node the role labels the simulated nodes have,
// which kubelet may not set on itself, and marks it real.
func (c *Cluster) labelRealNode(ctx context.Context, client kubernetes.Interface) error {
	patch := `{"metadata":{"labels":{"kubernetes.io/role":"agent","node-role.kubernetes.io/agent":"","tutor.run/node":"real"}}}`
	_, err := client.CoreV1().Nodes().Patch(ctx, c.state.Node.Name, types.MergePatchType, []byte(patch), metav1.PatchOptions{})
	return err
}

// createClusterDNS makes the kube-dns Service at ClusterDNS, its endpoint
// CoreDNS on the host's end of the veth.
func (c *Cluster) createClusterDNS(ctx context.Context, client kubernetes.Interface) error {
	labels := map[string]string{"k8s-app": "kube-dns", "kubernetes.io/name": "CoreDNS"}
	svc := &corev1.Service{
		ObjectMeta: metav1.ObjectMeta{Name: "kube-dns", Namespace: metav1.NamespaceSystem, Labels: labels},
		Spec: corev1.ServiceSpec{
			ClusterIP: ClusterDNS,
			Ports: []corev1.ServicePort{
				{Name: "dns", Protocol: corev1.ProtocolUDP, Port: 53, TargetPort: intstr.FromInt32(53)},
				{Name: "dns-tcp", Protocol: corev1.ProtocolTCP, Port: 53, TargetPort: intstr.FromInt32(53)},
			},
		},
	}
	if _, err := client.CoreV1().Services(metav1.NamespaceSystem).Create(ctx, svc, metav1.CreateOptions{}); err != nil && !apierrors.IsAlreadyExists(err) {
		return fmt.Errorf("kube-dns service: %w", err)
	}
	ready := true
	port := func(name string, p corev1.Protocol) discoveryv1.EndpointPort {
		n, num := name, int32(53)
		return discoveryv1.EndpointPort{Name: &n, Protocol: &p, Port: &num}
	}
	slice := &discoveryv1.EndpointSlice{
		ObjectMeta: metav1.ObjectMeta{Name: "kube-dns-host", Namespace: metav1.NamespaceSystem,
			Labels: map[string]string{discoveryv1.LabelServiceName: "kube-dns", discoveryv1.LabelManagedBy: "tutor.run"}},
		AddressType: discoveryv1.AddressTypeIPv4,
		Endpoints:   []discoveryv1.Endpoint{{Addresses: []string{c.state.Node.HostIP()}, Conditions: discoveryv1.EndpointConditions{Ready: &ready}}},
		Ports:       []discoveryv1.EndpointPort{port("dns", corev1.ProtocolUDP), port("dns-tcp", corev1.ProtocolTCP)},
	}
	if _, err := client.DiscoveryV1().EndpointSlices(metav1.NamespaceSystem).Create(ctx, slice, metav1.CreateOptions{}); err != nil && !apierrors.IsAlreadyExists(err) {
		return fmt.Errorf("kube-dns endpoints: %w", err)
	}
	return nil
}

// CheckRealNode reports whether this machine can give a sandbox a real
// node from the default places: root, the node binaries, the host's tools.
func CheckRealNode() error {
	if os.Geteuid() != 0 {
		return &NodeError{errors.New("needs root (kubelet, containerd and the node's network namespace)")}
	}
	if err := CheckNodeBinaries(""); err != nil {
		return err
	}
	if _, err := NodeHostTools(); err != nil {
		return err
	}
	return nodeNetTools()
}
