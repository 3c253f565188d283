package kube_test

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/tutor-run/tutor/engine/kube"
	"github.com/tutor-run/tutor/engine/kube/kubetest"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

func TestWaitReadyNotReadyLive(t *testing.T) {
	ns := kubetest.Namespace(t, kubetest.Clientset(t))
	c := newClient(t, ns)
	manifest := `apiVersion: apps/v1
kind: Deployment
metadata: {name: nowhere}
spec:
  selector: {matchLabels: {app: nowhere}}
  template:
    metadata: {labels: {app: nowhere}}
    spec:
      nodeSelector: {disk: ssd}
      containers: [{name: c, image: nginx}]
---
apiVersion: v1
kind: Pod
metadata: {name: stuck}
spec:
  nodeSelector: {disk: ssd}
  containers: [{name: c, image: nginx}]
---
apiVersion: v1
kind: ConfigMap
metadata: {name: ready-at-once}
`
	objs, err := c.Apply(context.Background(), manifest)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	err = c.WaitReady(ctx, objs)
	var nr *kube.NotReadyError
	if !errors.As(err, &nr) {
		t.Fatalf("err = %v, want a *NotReadyError", err)
	}
	t.Logf("error: %v", err)
	if len(nr.Pending) != 2 {
		t.Fatalf("pending %q", nr.Pending)
	}
	if want := "deployment " + ns + "/nowhere: 0 of 1 replicas available"; nr.Pending[0] != want {
		t.Errorf("pending[0] = %q, want %q", nr.Pending[0], want)
	}
	if want := "pod " + ns + "/stuck: not Ready, Pending; PodScheduled=False (Unschedulable: 0/"; !strings.HasPrefix(nr.Pending[1], want) {
		t.Errorf("pending[1] = %q, want prefix %q", nr.Pending[1], want)
	}
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Error("not a deadline")
	}
}

func TestWaitReadyWorkloads(t *testing.T) {
	ns := kubetest.Namespace(t, kubetest.Clientset(t))
	c := newClient(t, ns)
	manifest, err := os.ReadFile("testdata/workloads.yaml")
	if err != nil {
		t.Fatal(err)
	}
	workloads := func(image string) string { return strings.ReplaceAll(string(manifest), "IMAGE", image) }
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	for _, image := range []string{"nginx:1.27", "nginx:1.28"} {
		start := time.Now()
		objs, err := c.Apply(ctx, workloads(image))
		if err != nil {
			t.Fatal(err)
		}
		if err := c.WaitReady(ctx, objs); err != nil {
			t.Fatal(err)
		}
		t.Logf("%s: applied and ready in %v", image, time.Since(start))
	}
	// The rollout to 1.28 is complete: no pod of the old template is left.
	pods, err := c.Kubernetes().CoreV1().Pods(ns).List(ctx, metav1.ListOptions{LabelSelector: "app in (web, db, agent)"})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range pods.Items {
		if p.DeletionTimestamp == nil && p.Spec.Containers[0].Image != "nginx:1.28" {
			t.Errorf("pod %s still runs %s", p.Name, p.Spec.Containers[0].Image)
		}
	}
}
