package cluster_test

import (
	"context"
	"errors"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/intstr"
	"k8s.io/client-go/kubernetes"

	"github.com/tutor-run/tutor/engine/cluster"
)

func clientFor(t *testing.T, c *cluster.Cluster) kubernetes.Interface {
	t.Helper()
	cfg, err := c.RESTConfig()
	if err != nil {
		t.Fatal(err)
	}
	client, err := kubernetes.NewForConfig(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return client
}

// kubectl runs the cluster's kubectl on its kubeconfig.
func kubectl(t *testing.T, c *cluster.Cluster, args ...string) string {
	t.Helper()
	cmd := exec.Command(filepath.Join(c.BinDir(), "kubectl"), append([]string{"--kubeconfig", c.Kubeconfig()}, args...)...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("kubectl %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// eventually calls check every 50ms until it returns nil or timeout passes.
func eventually(t *testing.T, timeout time.Duration, check func() error) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		err := check()
		if err == nil {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("after %s: %v", timeout, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func namespace(t *testing.T, client kubernetes.Interface, name string) {
	t.Helper()
	ns := &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: name}}
	if _, err := client.CoreV1().Namespaces().Create(t.Context(), ns, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
}

func TestNodesReady(t *testing.T) {
	c := sharedCluster(t)
	if got, want := c.NodeNames(), []string{"tutor-node-0", "tutor-node-1"}; !slices.Equal(got, want) {
		t.Errorf("NodeNames() = %v, want %v", got, want)
	}
	nodes, err := clientFor(t, c).CoreV1().Nodes().List(t.Context(), metav1.ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, n := range nodes.Items {
		names = append(names, n.Name)
	}
	if !slices.Equal(names, c.NodeNames()) {
		t.Errorf("nodes = %v, want %v", names, c.NodeNames())
	}
	// kubectl's ROLES and VERSION columns come from our labels and node info.
	out := kubectl(t, c, "get", "nodes", "--no-headers")
	for line := range strings.Lines(out) {
		// NAME STATUS ROLES AGE VERSION
		f := strings.Fields(line)
		if len(f) != 5 || f[1] != "Ready" || f[2] != "agent" || f[4] != cluster.KubernetesVersion {
			t.Errorf("kubectl get nodes: %q, want a Ready agent at %s", line, cluster.KubernetesVersion)
		}
	}
}

func TestStatus(t *testing.T) {
	c := sharedCluster(t)
	s, err := c.Status(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if !s.Running() {
		t.Errorf("Status().Running() = false: %+v", s.Components)
	}
	if got, want := s.ServerVersion, cluster.KubernetesVersion; got != want {
		t.Errorf("ServerVersion = %q, want %q", got, want)
	}
	if s.NodesReady != 2 || s.Nodes != 2 {
		t.Errorf("nodes ready %d of %d, want 2 of 2", s.NodesReady, s.Nodes)
	}
}

func TestDeploymentAvailable(t *testing.T) {
	c := sharedCluster(t)
	client := clientFor(t, c)
	namespace(t, client, "deploy")
	labels := map[string]string{"app": "web"}
	d := &appsv1.Deployment{
		ObjectMeta: metav1.ObjectMeta{Name: "web"},
		Spec: appsv1.DeploymentSpec{
			Replicas: new(int32(3)),
			Selector: &metav1.LabelSelector{MatchLabels: labels},
			Template: corev1.PodTemplateSpec{
				ObjectMeta: metav1.ObjectMeta{Labels: labels},
				Spec: corev1.PodSpec{Containers: []corev1.Container{{
					Name: "nginx", Image: "nginx:1.27",
					ReadinessProbe: &corev1.Probe{ProbeHandler: corev1.ProbeHandler{
						HTTPGet: &corev1.HTTPGetAction{Path: "/", Port: intstr.FromInt32(80)},
					}},
				}}},
			},
		},
	}
	t0 := time.Now()
	if _, err := client.AppsV1().Deployments("deploy").Create(t.Context(), d, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	eventually(t, 30*time.Second, func() error {
		got, err := client.AppsV1().Deployments("deploy").Get(t.Context(), "web", metav1.GetOptions{})
		if err != nil {
			return err
		}
		if got.Status.AvailableReplicas != 3 {
			return errors.New("available replicas: " + got.Status.String())
		}
		return nil
	})
	t.Logf("deployment available after %s", time.Since(t0).Round(time.Millisecond))

	// kwok serves logs and exec through the API server: logs show the fake
	// line, exec runs on this host.
	if out := kubectl(t, c, "-n", "deploy", "logs", "deploy/web"); !strings.Contains(out, "fake log line from kwok") {
		t.Errorf("kubectl logs = %q, want the fake line", out)
	}
	if out := kubectl(t, c, "-n", "deploy", "exec", "deploy/web", "--", "echo", "hello from exec"); out != "hello from exec\n" {
		t.Errorf("kubectl exec = %q, want %q", out, "hello from exec\n")
	}
}

func TestLoadBalancerIngress(t *testing.T) {
	c := sharedCluster(t)
	client := clientFor(t, c)
	namespace(t, client, "lb")
	svc := &corev1.Service{
		ObjectMeta: metav1.ObjectMeta{Name: "web"},
		Spec: corev1.ServiceSpec{
			Type:     corev1.ServiceTypeLoadBalancer,
			Selector: map[string]string{"app": "web"},
			Ports:    []corev1.ServicePort{{Port: 80, TargetPort: intstr.FromInt32(80)}},
		},
	}
	if _, err := client.CoreV1().Services("lb").Create(t.Context(), svc, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	eventually(t, 30*time.Second, func() error {
		got, err := client.CoreV1().Services("lb").Get(t.Context(), "web", metav1.GetOptions{})
		if err != nil {
			return err
		}
		if ing := got.Status.LoadBalancer.Ingress; len(ing) == 0 || ing[0].IP != cluster.LoadBalancerIP {
			return errors.New("no ingress IP " + cluster.LoadBalancerIP + ": " + got.Status.String())
		}
		return nil
	})
}

// BenchmarkStartStop measures Start until nodes are Ready, and Stop.
func BenchmarkStartStop(b *testing.B) {
	skipWithoutBinaries(b)
	var start, stop time.Duration
	for i := 0; i < b.N; i++ {
		o := testOptions(filepath.Join(b.TempDir(), "state"))
		o.Log = nil
		t0 := time.Now()
		c, err := cluster.Start(context.Background(), o)
		if err != nil {
			b.Fatal(err)
		}
		t1 := time.Now()
		if err := c.Stop(context.Background()); err != nil {
			b.Fatal(err)
		}
		start, stop = start+t1.Sub(t0), stop+time.Since(t1)
	}
	b.ReportMetric(start.Seconds()/float64(b.N), "start-s/op")
	b.ReportMetric(stop.Seconds()/float64(b.N), "stop-s/op")
}
