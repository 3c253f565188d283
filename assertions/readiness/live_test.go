package readiness_test

import (
	"github.com/tutor-run/tutor/engine/model"

	"context"
	"strings"
	"testing"
	"time"

	"github.com/tutor-run/tutor/assertions"
	"github.com/tutor-run/tutor/assertions/readiness"
	"github.com/tutor-run/tutor/engine/kube/kubetest"
	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/dynamic"
	"k8s.io/utils/ptr"
)

// checker is a Checker for the shared cluster.
func checker(t *testing.T, ns string) readiness.Checker {
	t.Helper()
	dyn, err := dynamic.NewForConfig(kubetest.Config(t))
	if err != nil {
		t.Fatal(err)
	}
	return readiness.Checker{Client: kubetest.Clientset(t), Dynamic: dyn, Namespace: ns}
}

// check parses words and checks the claim once.
func check(t *testing.T, c readiness.Checker, words string) assertions.Result {
	t.Helper()
	claim, err := model.ParseClusterClaim(strings.Fields(words))
	if err != nil {
		t.Fatal(err)
	}
	return c.Check(context.Background(), claim)
}

// eventually checks a claim until it holds, as an `eventually` step would,
// and returns the last result and the first failing one.
func eventually(t *testing.T, c readiness.Checker, words string) (last, firstFail assertions.Result) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		r := check(t, c, words)
		if !r.OK && firstFail.Message == "" {
			firstFail = r
		}
		if r.OK || time.Now().After(deadline) {
			if !r.OK {
				t.Fatalf("%s: still failing after 30s: %s", words, r.Message)
			}
			return r, firstFail
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func TestLiveNodes(t *testing.T) {
	c := checker(t, "")
	for _, tt := range []struct {
		words   string
		ok      bool
		message string
	}{
		{"nodes ready", true, "2 of 2 nodes Ready"},
		{"nodes ready 2", true, "2 of 2 nodes Ready"},
		{"nodes ready 3", false, "2 of 2 nodes Ready, expected 3"},
		{"nodes notready", false, "0 of 2 nodes NotReady; Ready: "},
		{"nodes notready 0", true, "0 of 2 nodes NotReady"},
	} {
		r := check(t, c, tt.words)
		if r.OK != tt.ok || !strings.HasPrefix(r.Message, tt.message) {
			t.Errorf("%s: got %v %q, want %v %q", tt.words, r.OK, r.Message, tt.ok, tt.message)
		}
	}
}

func TestLiveNodeNotReady(t *testing.T) {
	c := checker(t, "")
	client := kubetest.Clientset(t)
	// No kwok annotation: nobody heartbeats this node.
	node := &corev1.Node{ObjectMeta: metav1.ObjectMeta{Name: "aks-nodepool1-0"}}
	if _, err := client.CoreV1().Nodes().Create(context.Background(), node, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := client.CoreV1().Nodes().Delete(context.Background(), node.Name, metav1.DeleteOptions{}); err != nil {
			t.Error(err)
		}
	})
	r := check(t, c, "nodes ready")
	if r.OK || !strings.HasPrefix(r.Message, "2 of 3 nodes Ready; NotReady: aks-nodepool1-0 (") {
		t.Errorf("nodes ready: got %v %q", r.OK, r.Message)
	}
	t.Logf("nodes ready: %s", r.Message)
	if r := check(t, c, "nodes notready 1"); !r.OK || !strings.HasPrefix(r.Message, "1 of 3 nodes NotReady: aks-nodepool1-0 (") {
		t.Errorf("nodes notready 1: got %v %q", r.OK, r.Message)
	}
	if r := check(t, c, "nodes ready 2"); !r.OK {
		t.Errorf("nodes ready 2: got %v %q", r.OK, r.Message)
	}
}

func TestLiveRollout(t *testing.T) {
	client := kubetest.Clientset(t)
	ns := kubetest.Namespace(t, client)
	c := checker(t, ns)
	labels := map[string]string{"app": "basicdeploy"}
	d := &appsv1.Deployment{
		ObjectMeta: metav1.ObjectMeta{Name: "basicdeploy"},
		Spec: appsv1.DeploymentSpec{
			Replicas: ptr.To[int32](2),
			Selector: &metav1.LabelSelector{MatchLabels: labels},
			Template: corev1.PodTemplateSpec{
				ObjectMeta: metav1.ObjectMeta{Labels: labels},
				Spec:       corev1.PodSpec{Containers: []corev1.Container{{Name: "nginx", Image: "nginx"}}},
			},
		},
	}
	if r := check(t, c, "rollout deployment/basicdeploy"); r.OK || r.Message != "deployment "+ns+"/basicdeploy not found" {
		t.Errorf("before create: got %v %q", r.OK, r.Message)
	}
	if _, err := client.AppsV1().Deployments(ns).Create(context.Background(), d, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	last, first := eventually(t, c, "rollout deployment/basicdeploy -n "+ns)
	t.Logf("first: %s; last: %s", first.Message, last.Message)
	if want := "deployment " + ns + "/basicdeploy: 2 of 2 replicas available"; last.Message != want {
		t.Errorf("got %q, want %q", last.Message, want)
	}
	typedOnly := readiness.Checker{Client: client, Namespace: ns}
	if r := check(t, typedOnly, "rollout deploy/basicdeploy"); !r.OK {
		t.Errorf("typed client: %s", r.Message)
	}
	if last, _ := eventually(t, c, "pod ready "+podOf(t, ns, "app=basicdeploy")); !strings.HasSuffix(last.Message, ": Ready") {
		t.Errorf("pod ready: %q", last.Message)
	}
}

// podOf names a pod that matches selector.
func podOf(t *testing.T, ns, selector string) string {
	t.Helper()
	pods, err := kubetest.Clientset(t).CoreV1().Pods(ns).List(context.Background(), metav1.ListOptions{LabelSelector: selector})
	if err != nil || len(pods.Items) == 0 {
		t.Fatalf("no pod matches %s: %v", selector, err)
	}
	return pods.Items[0].Name
}

func TestLiveServiceIngress(t *testing.T) {
	client := kubetest.Clientset(t)
	ns := kubetest.Namespace(t, client)
	c := checker(t, ns)
	for _, svc := range []*corev1.Service{
		{ObjectMeta: metav1.ObjectMeta{Name: "basicdeploy"}, Spec: corev1.ServiceSpec{Type: corev1.ServiceTypeLoadBalancer,
			Selector: map[string]string{"app": "basicdeploy"}, Ports: []corev1.ServicePort{{Port: 80}}}},
		{ObjectMeta: metav1.ObjectMeta{Name: "internal"}, Spec: corev1.ServiceSpec{Ports: []corev1.ServicePort{{Port: 80}}}},
	} {
		if _, err := client.CoreV1().Services(ns).Create(context.Background(), svc, metav1.CreateOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	last, first := eventually(t, c, "service basicdeploy -n "+ns+" has-ingress")
	t.Logf("first: %q; last: %q", first.Message, last.Message)
	if want := "service " + ns + "/basicdeploy: LoadBalancer ingress 127.0.0.1"; last.Message != want {
		t.Errorf("got %q, want %q", last.Message, want)
	}
	if r := check(t, c, "service internal has-ingress"); r.OK || !strings.Contains(r.Message, "type ClusterIP, not LoadBalancer") {
		t.Errorf("cluster IP service: got %v %q", r.OK, r.Message)
	}
}

func TestLivePodNotReady(t *testing.T) {
	client := kubetest.Clientset(t)
	ns := kubetest.Namespace(t, client)
	c := checker(t, ns)
	pod := &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: "testpod"}, Spec: corev1.PodSpec{
		NodeSelector: map[string]string{"disk": "ssd"},
		Containers:   []corev1.Container{{Name: "curl", Image: "curlimages/curl"}},
	}}
	if _, err := client.CoreV1().Pods(ns).Create(context.Background(), pod, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		r := check(t, c, "pod ready testpod")
		if r.OK {
			t.Fatalf("an unschedulable pod is Ready: %s", r.Message)
		}
		if strings.Contains(r.Message, "Unschedulable") {
			t.Logf("message: %s", r.Message)
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("no Unschedulable reason after 10s: %s", r.Message)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
