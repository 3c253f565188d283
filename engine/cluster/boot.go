package cluster

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
)

// How long Start waits for each step, and how often it looks.
const (
	etcdTimeout      = 30 * time.Second
	apiserverTimeout = 60 * time.Second
	nodesTimeout     = 60 * time.Second
	pollInterval     = 50 * time.Millisecond
)

// boot starts the components in order and waits for each to be ready.
// etcd comes first as kube-apiserver's preflight check would otherwise wait
// a whole second; the others start together once the API server is ready.
func (c *Cluster) boot(ctx context.Context) error {
	p, pki := c.state.Ports, func(f string) string { return c.path(pkiDir, f) }
	etcdURL := "http://127.0.0.1:" + strconv.Itoa(p.Etcd)
	peerURL := "http://127.0.0.1:" + strconv.Itoa(p.EtcdPeer)
	if err := c.spawn("etcd", "--name", "tutor", "--data-dir", c.path(etcdDir),
		"--listen-client-urls", etcdURL, "--advertise-client-urls", etcdURL,
		"--listen-peer-urls", peerURL, "--initial-advertise-peer-urls", peerURL,
		"--initial-cluster", "tutor="+peerURL,
		// A short election timeout makes the single member leader in ~0.1s, not 0.5-1s.
		"--heartbeat-interval", "20", "--election-timeout", "200",
		"--unsafe-no-fsync", "--log-level", "warn"); err != nil {
		return err
	}
	if err := c.poll(ctx, "etcd", etcdTimeout, func(ctx context.Context) error {
		return httpOK(ctx, http.DefaultClient, etcdURL+"/health")
	}); err != nil {
		return err
	}

	kubeconfig := c.Kubeconfig()
	if err := c.spawn("kube-apiserver", "--etcd-servers", etcdURL,
		"--bind-address", c.apiserverIP(), "--advertise-address", c.apiserverIP(), "--secure-port", strconv.Itoa(p.APIServer),
		"--endpoint-reconciler-type", "none", // a loopback advertise address cannot be an endpoint
		"--cert-dir", c.path(pkiDir), "--tls-cert-file", pki(apiserverCert), "--tls-private-key-file", pki(apiserverKey),
		"--client-ca-file", pki(caCert),
		"--service-account-issuer", "https://kubernetes.default.svc.cluster.local",
		"--service-account-key-file", pki(saPub), "--service-account-signing-key-file", pki(saKey),
		"--service-cluster-ip-range", ServiceCIDR,
		"--authorization-mode", "Node,RBAC", "--allow-privileged",
		// logs and exec go to kwok's kubelet API on the node's InternalIP
		"--kubelet-preferred-address-types", "InternalIP",
		"--kubelet-client-certificate", pki(adminCert), "--kubelet-client-key", pki(adminKey)); err != nil {
		return err
	}
	client, err := c.clientset(5 * time.Second)
	if err != nil {
		return err
	}
	if err := c.poll(ctx, "kube-apiserver", apiserverTimeout, func(ctx context.Context) error {
		_, err := client.Discovery().RESTClient().Get().AbsPath("/readyz").DoRaw(ctx)
		return err
	}); err != nil {
		return err
	}

	if err := c.spawn("kube-controller-manager",
		"--kubeconfig", kubeconfig, "--authentication-kubeconfig", kubeconfig, "--authorization-kubeconfig", kubeconfig,
		"--bind-address", "127.0.0.1", "--secure-port", strconv.Itoa(p.ControllerManager), "--leader-elect=false",
		"--service-account-private-key-file", pki(saKey), "--root-ca-file", pki(caCert),
		"--cluster-signing-cert-file", pki(caCert), "--cluster-signing-key-file", pki(caKey),
		"--service-cluster-ip-range", ServiceCIDR); err != nil {
		return err
	}
	if err := c.spawn("kube-scheduler",
		"--kubeconfig", kubeconfig, "--authentication-kubeconfig", kubeconfig, "--authorization-kubeconfig", kubeconfig,
		"--bind-address", "127.0.0.1", "--secure-port", strconv.Itoa(p.Scheduler), "--leader-elect=false"); err != nil {
		return err
	}
	if err := c.spawn("kwok", "--kubeconfig", kubeconfig, "--config", c.path(kwokConfigFile),
		"--manage-all-nodes=false", "--manage-nodes-with-annotation-selector", "kwok.x-k8s.io/node=fake",
		// Required: without leases the node lifecycle controller marks the nodes NotReady after ~50s.
		"--node-lease-duration-seconds", "40",
		"--cidr", "10.244.0.1/16", "--node-ip", "127.0.0.1", "--node-port", strconv.Itoa(p.Kwok),
		"--server-address", "127.0.0.1:"+strconv.Itoa(p.Kwok),
		"--tls-cert-file", pki(kwokCert), "--tls-private-key-file", pki(kwokKey)); err != nil {
		return err
	}
	if err := c.createNodes(ctx, client); err != nil {
		return err
	}
	if c.state.Node != nil {
		if err := c.bootNode(ctx, client); err != nil {
			return err
		}
	}
	return c.poll(ctx, "nodes and default service account", nodesTimeout, func(ctx context.Context) error {
		if ready, err := c.readyNodes(ctx, client); err != nil || ready < c.state.Nodes {
			return fmt.Errorf("%d of %d nodes ready (%v)", ready, c.state.Nodes, err)
		}
		_, err := client.CoreV1().ServiceAccounts(metav1.NamespaceDefault).Get(ctx, "default", metav1.GetOptions{})
		return err
	})
}

// poll calls check until it succeeds, a component exits, or timeout.
func (c *Cluster) poll(ctx context.Context, what string, timeout time.Duration, check func(context.Context) error) error {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	tick := time.NewTicker(pollInterval)
	defer tick.Stop()
	for {
		if err := c.exited(); err != nil {
			return err
		}
		err := check(ctx)
		if err == nil {
			c.log.printf("%s ready", what)
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("%s not ready: %w (last check: %v); component logs:\n%s", what, ctx.Err(), err, c.logTails(15))
		case <-tick.C:
		}
	}
}

// httpOK GETs url and fails unless the answer is 200.
func httpOK(ctx context.Context, client *http.Client, url string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	resp, err := client.Do(req)
	if err != nil {
		return err
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("GET %s: %s", url, resp.Status)
	}
	return nil
}

// createNodes registers the simulated nodes, which kwok then runs. The
// labels are those of an AKS agent node, so `kubectl get nodes` shows the
// role "agent".
func (c *Cluster) createNodes(ctx context.Context, client kubernetes.Interface) error {
	capacity := corev1.ResourceList{
		corev1.ResourceCPU:    resource.MustParse("32"),
		corev1.ResourceMemory: resource.MustParse("256Gi"),
		corev1.ResourcePods:   resource.MustParse("110"),
	}
	var taints []corev1.Taint
	if c.state.Node != nil {
		taints = []corev1.Taint{{Key: SimulatedTaint, Value: "true", Effect: corev1.TaintEffectNoSchedule}}
	}
	for _, name := range c.NodeNames() {
		if name == c.RealNode() {
			continue // its kubelet registers it
		}
		node := &corev1.Node{
			ObjectMeta: metav1.ObjectMeta{
				Name: name,
				Annotations: map[string]string{
					"kwok.x-k8s.io/node":           "fake",
					"node.alpha.kubernetes.io/ttl": "0",
				},
				Labels: map[string]string{
					"kubernetes.io/hostname":           name,
					"kubernetes.io/os":                 "linux",
					"kubernetes.io/arch":               "amd64",
					"kubernetes.io/role":               "agent",
					"node-role.kubernetes.io/agent":    "",
					"node.kubernetes.io/instance-type": "kwok",
					"type":                             "kwok",
				},
			},
			Spec: corev1.NodeSpec{Taints: taints},
			Status: corev1.NodeStatus{
				Capacity:    capacity,
				Allocatable: capacity,
				NodeInfo: corev1.NodeSystemInfo{
					KubeletVersion:  KubernetesVersion,
					Architecture:    "amd64",
					OperatingSystem: "linux",
				},
			},
		}
		_, err := client.CoreV1().Nodes().Create(ctx, node, metav1.CreateOptions{})
		if err != nil && !apierrors.IsAlreadyExists(err) {
			return fmt.Errorf("create node %s: %w", name, err)
		}
	}
	c.log.printf("created simulated nodes of %s .. %s", nodeName(c.state.NodePrefix, 0), nodeName(c.state.NodePrefix, c.state.Nodes-1))
	return nil
}

// readyNodes counts our nodes whose Ready condition is True.
func (c *Cluster) readyNodes(ctx context.Context, client kubernetes.Interface) (int, error) {
	nodes, err := client.CoreV1().Nodes().List(ctx, metav1.ListOptions{})
	if err != nil {
		return 0, err
	}
	ours := map[string]bool{}
	for _, n := range c.NodeNames() {
		ours[n] = true
	}
	ready := 0
	for _, n := range nodes.Items {
		for _, cond := range n.Status.Conditions {
			if ours[n.Name] && cond.Type == corev1.NodeReady && cond.Status == corev1.ConditionTrue {
				ready++
			}
		}
	}
	return ready, nil
}
