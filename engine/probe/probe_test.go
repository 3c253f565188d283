package probe

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/kubernetes/fake"

	"github.com/tutor-run/tutor/engine/shell"
)

// exitShell answers every command with one exit status.
type exitShell int

func (e exitShell) Run(context.Context, string, time.Duration, io.Writer) (shell.Result, error) {
	return shell.Result{ExitCode: int(e)}, nil
}

func TestChecks(t *testing.T) {
	withAz := t.TempDir()
	if err := os.WriteFile(filepath.Join(withAz, "az"), []byte("#!/bin/sh\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	withCilium := fake.NewClientset(&appsv1.DaemonSet{ObjectMeta: metav1.ObjectMeta{Namespace: "kube-system", Name: "cilium"}})
	withRelay := fake.NewClientset(&appsv1.Deployment{ObjectMeta: metav1.ObjectMeta{Namespace: "kube-system", Name: "hubble-relay"}})
	cluster := func(cs kubernetes.Interface) func(context.Context) (kubernetes.Interface, error) {
		return func(context.Context) (kubernetes.Interface, error) { return cs, nil }
	}
	simulated := &corev1.Node{ObjectMeta: metav1.ObjectMeta{Name: "sim", Annotations: map[string]string{"kwok.x-k8s.io/node": "fake"}}}
	real := &corev1.Node{ObjectMeta: metav1.ObjectMeta{Name: "real"}}
	noCluster := func(context.Context) (kubernetes.Interface, error) { return nil, errors.New("no kubeconfig") }
	tests := []struct {
		name, capability string
		checks           Checks
		ok               bool
		why              string
	}{
		{"az missing", "az", Checks{}, false, "the az CLI is not installed"},
		{"az logged out", "az", Checks{Path: withAz, Shell: exitShell(1)}, false, "az is not logged in (run az login)"},
		{"az logged in", "az", Checks{Path: withAz, Shell: exitShell(0)}, true, ""},
		{"cilium there", "cilium", Checks{Cluster: cluster(withCilium)}, true, ""},
		{"cilium missing", "cilium", Checks{Cluster: cluster(withRelay)}, false, "no Cilium agent in the cluster (DaemonSet kube-system/cilium not found)"},
		{"relay there", "hubble", Checks{Cluster: cluster(withRelay)}, true, ""},
		{"relay missing", "hubble", Checks{Cluster: cluster(withCilium)}, false, "no Hubble Relay in the cluster (Deployment kube-system/hubble-relay not found; or give --hubble-server)"},
		{"hubble server given", "hubble", Checks{HubbleServer: "localhost:4245", Cluster: noCluster}, true, ""},
		{"no cluster", "cilium", Checks{Cluster: noCluster}, false, "no cluster to look for cilium in: no kubeconfig"},
		{"a real node", "pods", Checks{Cluster: cluster(fake.NewClientset(simulated, real))}, true, ""},
		{"simulated nodes only", "pods", Checks{Cluster: cluster(fake.NewClientset(simulated))}, false,
			"no node runs containers: the sandbox's nodes are simulated (--real-nodes 1 gives it a real one)"},
		{"no cluster for pods", "pods", Checks{Cluster: noCluster}, false, "no cluster to run pods on: no kubeconfig"},
		{"unknown", "gpu", Checks{}, false, "unknown capability gpu"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ok, why := tt.checks.Probe(context.Background(), tt.capability)
			if ok != tt.ok || why != tt.why {
				t.Errorf("Probe(%q) = %v, %q; want %v, %q", tt.capability, ok, why, tt.ok, tt.why)
			}
		})
	}
}

func TestCachedAsksTheMachineOnce(t *testing.T) {
	asked := map[string]int{}
	p := Cached(func(_ context.Context, c string) (bool, string) {
		asked[c]++
		return false, "no"
	})
	for range 3 {
		for _, c := range []string{"az", "internet", "cilium", "hubble"} {
			p(context.Background(), c)
		}
	}
	for c, want := range map[string]int{"az": 1, "internet": 1, "cilium": 3, "hubble": 3} {
		if got := asked[c]; got != want {
			t.Errorf("%s asked %d times, want %d", c, got, want)
		}
	}
}
