package kube

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
)

const deploymentYAML = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: basics, generation: 1}
spec: {replicas: 2}
status: {observedGeneration: 1, replicas: 2, updatedReplicas: 2, availableReplicas: 0}
`

func deploymentObject() Object {
	return Object{GVK: schema.GroupVersionKind{Group: "apps", Version: "v1", Kind: "Deployment"}, Resource: deploymentsGVR, Namespace: "basics", Name: "web"}
}

func TestWaitReadyWatches(t *testing.T) {
	f := newFakeCluster(t, object(t, deploymentYAML))
	f.whenWatching(t, "deployments", func() {
		d := object(t, deploymentYAML)
		d.Object["status"].(map[string]any)["availableReplicas"] = int64(2)
		if _, err := f.dyn.Resource(deploymentsGVR).Namespace("basics").UpdateStatus(context.Background(), d, metav1.UpdateOptions{}); err != nil {
			t.Error(err)
		}
	})
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	cm := Object{GVK: schema.GroupVersionKind{Version: "v1", Kind: "ConfigMap"}, Resource: configMapsGVR, Namespace: "basics", Name: "not-watched"}
	start := time.Now()
	if err := f.WaitReady(ctx, []Object{cm, deploymentObject()}); err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("WaitReady took %v", d)
	}
}

func TestWaitReadyNotReady(t *testing.T) {
	pod := object(t, `apiVersion: v1
kind: Pod
metadata: {name: testpod, namespace: basics}
status:
  phase: Pending
  conditions:
  - {type: PodScheduled, status: "False", reason: Unschedulable, message: "0/2 nodes are available"}
`)
	f := newFakeCluster(t, object(t, deploymentYAML), pod)
	// No Resource: WaitReady maps the kind.
	missing := Object{GVK: schema.GroupVersionKind{Version: "v1", Kind: "Service"}, Namespace: "basics", Name: "gone"}
	podObj := Object{GVK: schema.GroupVersionKind{Version: "v1", Kind: "Pod"}, Resource: podsGVR, Namespace: "basics", Name: "testpod"}
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	err := f.WaitReady(ctx, []Object{deploymentObject(), missing, podObj})
	var nr *NotReadyError
	if !errors.As(err, &nr) {
		t.Fatalf("err = %v, want a *NotReadyError", err)
	}
	want := []string{
		"deployment basics/web: 0 of 2 replicas available",
		"service basics/gone: not found",
		"pod basics/testpod: not Ready, Pending; PodScheduled=False (Unschedulable: 0/2 nodes are available)",
	}
	if got := strings.Join(nr.Pending, "\n"); got != strings.Join(want, "\n") {
		t.Errorf("pending:\n%s\nwant:\n%s", got, strings.Join(want, "\n"))
	}
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Error("a timeout does not unwrap to context.DeadlineExceeded")
	}
	if !strings.HasPrefix(err.Error(), "3 objects not ready: deployment basics/web") {
		t.Errorf("error = %q", err)
	}
}

func TestWaitReadyDoneAtOnce(t *testing.T) {
	f := newFakeCluster(t, object(t, `apiVersion: v1
kind: Pod
metadata: {name: job-pod, namespace: basics}
status: {phase: Succeeded}
`), object(t, `apiVersion: v1
kind: Service
metadata: {name: web, namespace: basics}
spec: {type: ClusterIP}
`))
	objs := []Object{
		{GVK: schema.GroupVersionKind{Version: "v1", Kind: "Pod"}, Resource: podsGVR, Namespace: "basics", Name: "job-pod"},
		{GVK: schema.GroupVersionKind{Version: "v1", Kind: "Service"}, Resource: servicesGVR, Namespace: "basics", Name: "web"},
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	if err := f.WaitReady(ctx, objs); err != nil {
		t.Fatal(err)
	}
	for _, a := range f.dyn.Actions() {
		if a.GetVerb() == "watch" {
			t.Errorf("watched %s although everything was ready", a.GetResource().Resource)
		}
	}
}
