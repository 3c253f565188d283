package kube_test

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/tutor-run/tutor/assertions/readiness"
	"github.com/tutor-run/tutor/engine/kube"
	"github.com/tutor-run/tutor/engine/kube/kubetest"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/fields"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/client-go/kubernetes"
)

// manifest50 is a Namespace and 49 objects in it: ConfigMaps, Services
// and Deployments.
func manifest50(ns string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "apiVersion: v1\nkind: Namespace\nmetadata: {name: %s}\n", ns)
	for i := range 49 {
		switch i % 3 {
		case 0:
			fmt.Fprintf(&b, "---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: cm-%d, namespace: %s}\ndata: {key: value-%d}\n", i, ns, i)
		case 1:
			fmt.Fprintf(&b, "---\napiVersion: v1\nkind: Service\nmetadata: {name: svc-%d, namespace: %s}\nspec:\n  selector: {app: app-%d}\n  ports: [{port: 80}]\n", i, ns, i)
		default:
			fmt.Fprintf(&b, "---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: app-%d, namespace: %s}\nspec:\n  selector: {matchLabels: {app: app-%d}}\n  template:\n    metadata: {labels: {app: app-%d}}\n    spec: {containers: [{name: c, image: nginx}]}\n", i, ns, i, i)
		}
	}
	return b.String()
}

func BenchmarkApply50(b *testing.B) {
	c := newClient(b, "")
	ctx := context.Background()
	var ready time.Duration
	for i := 0; b.Loop(); i++ {
		ns := fmt.Sprintf("bench-apply-%d-%d", time.Now().UnixNano()%1e6, i)
		objs, err := c.Apply(ctx, manifest50(ns))
		if err != nil {
			b.Fatal(err)
		}
		if len(objs) != 50 {
			b.Fatalf("applied %d objects", len(objs))
		}
		b.StopTimer()
		start := time.Now()
		wctx, cancel := context.WithTimeout(ctx, time.Minute)
		if err := c.WaitReady(wctx, objs); err != nil {
			b.Fatal(err)
		}
		cancel()
		ready += time.Since(start)
		_ = c.Kubernetes().CoreV1().Namespaces().Delete(ctx, ns, metav1.DeleteOptions{})
		b.StartTimer()
	}
	b.ReportMetric(float64(ready.Milliseconds())/float64(b.N), "ready-ms/op")
}

// BenchmarkReadyNoticed measures how soon WaitReady returns once what it
// waits for is ready.
//
// deployment: Apply a 1-replica Deployment and WaitReady; apply-to-ready-ms
// is the whole, notice-lag-ms how long after an independent watch saw the
// Deployment ready WaitReady returned (both are watches, so this is the
// overhead of WaitReady's own processing, and can be negative).
//
// pod-status: a pod on a node nobody runs; the benchmark itself sets its
// Ready condition through the status subresource; status-to-return-ms is
// from just before that request to WaitReady's return.
func BenchmarkReadyNoticed(b *testing.B) {
	client := kubetest.Clientset(b)
	ns := kubetest.Namespace(b, client)
	c := newClient(b, ns)
	b.Run("deployment", func(b *testing.B) {
		var total, lag time.Duration
		for i := 0; b.Loop(); i++ {
			name := fmt.Sprintf("notice-%d-%d", time.Now().UnixNano()%1e6, i)
			seen := watchReady(b, c, ns, name)
			start := time.Now()
			objs, err := c.Apply(context.Background(), fmt.Sprintf("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: %s}\nspec:\n  selector: {matchLabels: {app: %s}}\n  template:\n    metadata: {labels: {app: %s}}\n    spec: {containers: [{name: c, image: nginx}]}\n", name, name, name))
			if err != nil {
				b.Fatal(err)
			}
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			if err := c.WaitReady(ctx, objs); err != nil {
				b.Fatal(err)
			}
			done := time.Now()
			cancel()
			total += done.Sub(start)
			lag += done.Sub(<-seen)
		}
		b.ReportMetric(float64(total.Microseconds())/1000/float64(b.N), "apply-to-ready-ms")
		b.ReportMetric(float64(lag.Microseconds())/1000/float64(b.N), "notice-lag-ms")
	})
	b.Run("pod-status", func(b *testing.B) {
		var lats []time.Duration
		for i := 0; b.Loop(); i++ {
			lats = append(lats, podStatusToReturn(b, client, c, ns, fmt.Sprintf("ghost-%d-%d", time.Now().UnixNano()%1e6, i)))
		}
		sort.Slice(lats, func(i, j int) bool { return lats[i] < lats[j] })
		var sum time.Duration
		for _, l := range lats {
			sum += l
		}
		b.ReportMetric(float64(sum.Microseconds())/1000/float64(len(lats)), "status-to-return-ms")
		b.ReportMetric(float64(lats[len(lats)-1].Microseconds())/1000, "max-ms")
	})
}

// TestReadyNoticedFast holds WaitReady to its target: it returns less than
// 200 ms after the status update that makes a pod Ready.
func TestReadyNoticedFast(t *testing.T) {
	client := kubetest.Clientset(t)
	ns := kubetest.Namespace(t, client)
	c := newClient(t, ns)
	var worst time.Duration
	for i := range 5 {
		worst = max(worst, podStatusToReturn(t, client, c, ns, fmt.Sprintf("ghost-%d", i)))
	}
	t.Logf("worst of 5: %v from the status update to WaitReady's return", worst)
	if worst > 200*time.Millisecond {
		t.Errorf("WaitReady returned %v after the pod became Ready, want < 200ms", worst)
	}
}

// podStatusToReturn creates a pod bound to a node that does not exist (so
// neither kwok nor a kubelet touches it), starts WaitReady on it, marks it
// Ready through the status subresource, and returns the time from just
// before that update to WaitReady's return.
func podStatusToReturn(tb testing.TB, client kubernetes.Interface, c *kube.Client, ns, name string) time.Duration {
	tb.Helper()
	ctx := context.Background()
	pod := &corev1.Pod{
		ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: ns},
		Spec:       corev1.PodSpec{NodeName: "nobody-runs-this-node", Containers: []corev1.Container{{Name: "c", Image: "nginx"}}},
	}
	pod, err := client.CoreV1().Pods(ns).Create(ctx, pod, metav1.CreateOptions{})
	if err != nil {
		tb.Fatal(err)
	}
	obj := kube.Object{GVK: schema.GroupVersionKind{Version: "v1", Kind: "Pod"}, Resource: schema.GroupVersionResource{Version: "v1", Resource: "pods"}, Namespace: ns, Name: name}
	wctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	returned := make(chan error, 1)
	go func() { returned <- c.WaitReady(wctx, []kube.Object{obj}) }()
	time.Sleep(300 * time.Millisecond) // let WaitReady list and start watching
	pod.Status.Phase = corev1.PodRunning
	pod.Status.Conditions = []corev1.PodCondition{{Type: corev1.PodReady, Status: corev1.ConditionTrue, LastTransitionTime: metav1.Now()}}
	start := time.Now()
	if _, err := client.CoreV1().Pods(ns).UpdateStatus(ctx, pod, metav1.UpdateOptions{}); err != nil {
		tb.Fatal(err)
	}
	if err := <-returned; err != nil {
		tb.Fatal(err)
	}
	d := time.Since(start)
	_ = client.CoreV1().Pods(ns).Delete(ctx, name, metav1.DeleteOptions{GracePeriodSeconds: new(int64)})
	return d
}

// watchReady watches a Deployment by itself and sends the time it first
// sees it ready.
func watchReady(tb testing.TB, c *kube.Client, ns, name string) <-chan time.Time {
	tb.Helper()
	gvr := schema.GroupVersionResource{Group: "apps", Version: "v1", Resource: "deployments"}
	w, err := c.Dynamic().Resource(gvr).Namespace(ns).Watch(context.Background(), metav1.ListOptions{FieldSelector: fields.OneTermEqualSelector("metadata.name", name).String()})
	if err != nil {
		tb.Fatal(err)
	}
	seen := make(chan time.Time, 1)
	go func() {
		defer w.Stop()
		for ev := range w.ResultChan() {
			if obj, ok := ev.Object.(*unstructured.Unstructured); ok && readiness.Ready(obj).OK {
				seen <- time.Now()
				return
			}
		}
	}()
	return seen
}
