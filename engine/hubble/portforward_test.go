package hubble_test

import (
	"context"
	"errors"
	"fmt"
	"net"
	"testing"
	"time"

	"github.com/tutor-run/tutor/assertions/flows"
	"github.com/tutor-run/tutor/engine/cluster"
	"github.com/tutor-run/tutor/engine/hubble"
	"github.com/tutor-run/tutor/engine/hubble/flowfmt"
	"github.com/tutor-run/tutor/engine/hubble/hubbletest"
	"github.com/tutor-run/tutor/engine/kube/kubetest"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/intstr"
	"k8s.io/apimachinery/pkg/util/wait"
	"k8s.io/client-go/kubernetes"
)

// relay creates a hubble-relay Service and a Running pod behind it in a
// fresh namespace, serves flows on the cluster's Hubble port (where kwok
// forwards the pod's port 4245) and returns the namespace.
func relay(tb testing.TB) string {
	tb.Helper()
	c := kubetest.Cluster(tb)
	client := kubetest.Clientset(tb)
	ns := kubetest.Namespace(tb, client)
	ctx := context.Background()
	labels := map[string]string{"k8s-app": "hubble-relay"}
	svc := &corev1.Service{
		ObjectMeta: metav1.ObjectMeta{Name: hubble.DefaultService, Namespace: ns},
		Spec: corev1.ServiceSpec{Selector: labels, Ports: []corev1.ServicePort{{
			Name: "grpc", Port: 80, TargetPort: intstr.FromString("grpc")}}},
	}
	pod := &corev1.Pod{
		ObjectMeta: metav1.ObjectMeta{Name: "hubble-relay-6b7c9d8f5-x2x9k", Namespace: ns, Labels: labels},
		Spec: corev1.PodSpec{NodeName: c.NodeNames()[0], Containers: []corev1.Container{{
			Name: "hubble-relay", Image: "quay.io/cilium/hubble-relay:v1.14.0",
			Ports: []corev1.ContainerPort{{Name: "grpc", ContainerPort: cluster.HubbleRelayPort}},
		}}},
	}
	if _, err := client.CoreV1().Services(ns).Create(ctx, svc, metav1.CreateOptions{}); err != nil {
		tb.Fatal(err)
	}
	if _, err := client.CoreV1().Pods(ns).Create(ctx, pod, metav1.CreateOptions{}); err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() {
		_ = client.CoreV1().Pods(ns).Delete(context.Background(), pod.Name, *metav1.NewDeleteOptions(0))
		_ = client.CoreV1().Services(ns).Delete(context.Background(), svc.Name, metav1.DeleteOptions{})
	})
	waitRunning(tb, client, ns, pod.Name)
	return ns
}

func waitRunning(tb testing.TB, client kubernetes.Interface, ns, name string) {
	tb.Helper()
	err := wait.PollUntilContextTimeout(context.Background(), 100*time.Millisecond, 30*time.Second, true,
		func(ctx context.Context) (bool, error) {
			p, err := client.CoreV1().Pods(ns).Get(ctx, name, metav1.GetOptions{})
			return err == nil && p.Status.Phase == corev1.PodRunning, nil
		})
	if err != nil {
		tb.Fatalf("pod %s/%s not Running: %v", ns, name, err)
	}
}

// serveOnHubblePort serves flows where kwok forwards the relay pod's port.
func serveOnHubblePort(tb testing.TB, srv *hubbletest.Server) {
	tb.Helper()
	port := kubetest.Cluster(tb).HubblePort()
	l, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", port))
	if err != nil {
		tb.Fatal(err)
	}
	go srv.Serve(l)
	tb.Cleanup(srv.Stop)
}

func TestConnectThroughPortForward(t *testing.T) {
	srv := hubbletest.NewServer(seedFlows()...)
	serveOnHubblePort(t, srv)
	ns := relay(t)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	c, err := hubble.Connect(ctx, hubble.Options{RESTConfig: kubetest.Config(t), Namespace: ns})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	req, err := hubble.ObserveArgs([]string{"--from-pod", "default/testpod", "--to-pod", "basics/basicdeploy"})
	if err != nil {
		t.Fatal(err)
	}
	got, err := c.Flows(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	var lines string
	for _, f := range got {
		lines += flowfmt.Compact(f) + "\n"
	}
	post := `Mar 29 21:06:33.831: default/testpod:48740 (ID:2615) <> basics/basicdeploy-65ff8695df-p58zr:80 (ID:9727) policy-verdict:none INGRESS DENIED (TCP Flags: SYN)
Mar 29 21:06:33.831: default/testpod:48740 (ID:2615) <> basics/basicdeploy-65ff8695df-p58zr:80 (ID:9727) Policy denied DROPPED (TCP Flags: SYN)
Mar 29 21:06:40.099: default/testpod:48740 (ID:2615) -> basics/basicdeploy-65ff8695df-p58zr:80 (ID:9727) to-overlay FORWARDED (TCP Flags: SYN)`
	if r := flows.Compare(post, lines); !r.OK || len(got) != 7 {
		t.Errorf("%d flows; Compare = %q\n%s", len(got), r.Message, r.Diff)
	}
}

func TestPortForwardErrors(t *testing.T) {
	cfg := kubetest.Config(t)
	ns := kubetest.Namespace(t, kubetest.Clientset(t))
	ctx := context.Background()
	_, _, err := hubble.PortForward(ctx, cfg, ns, "hubble-relay", 0)
	var fe *hubble.ForwardError
	if !errors.As(err, &fe) || fe.Service != "hubble-relay" {
		t.Errorf("missing service: err = %v, want a ForwardError", err)
	}
	client := kubetest.Clientset(t)
	svc := &corev1.Service{ObjectMeta: metav1.ObjectMeta{Name: "empty", Namespace: ns},
		Spec: corev1.ServiceSpec{Selector: map[string]string{"app": "none"}, Ports: []corev1.ServicePort{{Port: 80}}}}
	if _, err := client.CoreV1().Services(ns).Create(ctx, svc, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := hubble.PortForward(ctx, cfg, ns, "empty", 0); !errors.Is(err, hubble.ErrNoPod) {
		t.Errorf("no pod: err = %v, want ErrNoPod", err)
	}
}
