package helm

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/tutor-run/tutor/engine/kube/kubetest"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// TestCiliumLive does what the seed post does: add the Cilium repository
// (mirrored), install chart 1.14.0 with the post's values block and
// --wait, then upgrade --install with a --set change and uninstall.
func TestCiliumLive(t *testing.T) {
	dir := ciliumChartsDir(t)
	cl := kubetest.Cluster(t)
	client := kubetest.Clientset(t)
	c := newTestClient(t, cl.Kubeconfig(), dir)
	ctx := context.Background()

	if got, want := run(t, c, "repo add cilium https://helm.cilium.io/", nil).Output, "\"cilium\" has been added to your repositories\n"; got != want {
		t.Errorf("repo add output = %q, want %q", got, want)
	}
	if got, want := run(t, c, "repo update", nil).Output, "Hang tight while we grab the latest from your chart repositories...\n"+
		"...Successfully got an update from the \"cilium\" chart repository\nUpdate Complete. ⎈Happy Helming!⎈\n"; got != want {
		t.Errorf("repo update output = %q, want %q", got, want)
	}

	values, err := ParseValues(seedBlock)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	res := run(t, c, "install cilium cilium/cilium --version 1.14.0 --namespace kube-system --wait --timeout 2m", values)
	t.Logf("install --wait took %v", time.Since(start))
	if res.Status != "deployed" || res.Revision != 1 || res.Chart != "cilium" || res.ChartVersion != "1.14.0" || res.AppVersion != "1.14.0" || res.Namespace != "kube-system" {
		t.Errorf("install result = %+v", res)
	}
	for _, want := range []string{"NAME: cilium\nLAST DEPLOYED: ", "\nNAMESPACE: kube-system\nSTATUS: deployed\nREVISION: 1\nTEST SUITE: None\nNOTES:\nYou have successfully installed Cilium with Hubble Relay and Hubble UI."} {
		if !strings.Contains(res.Output, want) {
			t.Errorf("install output lacks %q:\n%s", want, res.Output)
		}
	}
	for _, name := range []string{"cilium", "cilium-node-init"} {
		ds, err := client.AppsV1().DaemonSets("kube-system").Get(ctx, name, metav1.GetOptions{})
		if err != nil {
			t.Error(err)
			continue
		}
		if ds.Status.NumberReady != kubetest.Nodes {
			t.Errorf("DaemonSet %s: %d pods ready, want %d", name, ds.Status.NumberReady, kubetest.Nodes)
		}
	}
	for _, name := range []string{"cilium-operator", "hubble-relay", "hubble-ui"} {
		if _, err := client.AppsV1().Deployments("kube-system").Get(ctx, name, metav1.GetOptions{}); err != nil {
			t.Error(err)
		}
	}

	res = run(t, c, "upgrade --install cilium cilium/cilium --version 1.14.0 -n kube-system --reuse-values --set operator.replicas=1", nil)
	if res.Status != "deployed" || res.Revision != 2 {
		t.Errorf("upgrade result = %+v", res)
	}
	if want := "Release \"cilium\" has been upgraded. Happy Helming!\nNAME: cilium\n"; !strings.HasPrefix(res.Output, want) {
		t.Errorf("upgrade output = %q, want prefix %q", res.Output, want)
	}
	op, err := client.AppsV1().Deployments("kube-system").Get(ctx, "cilium-operator", metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if got := *op.Spec.Replicas; got != 1 {
		t.Errorf("cilium-operator replicas = %d after --set operator.replicas=1, want 1", got)
	}
	if _, err := client.AppsV1().Deployments("kube-system").Get(ctx, "hubble-relay", metav1.GetOptions{}); err != nil {
		t.Errorf("--reuse-values lost the values block: %v", err)
	}

	if gone, err := c.Uninstall(ctx, "cilium", "kube-system"); err != nil || gone {
		t.Fatalf("Uninstall = %v, %v; want false, nil", gone, err)
	}
	if _, err := client.AppsV1().DaemonSets("kube-system").Get(ctx, "cilium", metav1.GetOptions{}); err == nil {
		t.Error("DaemonSet cilium still there after Uninstall")
	}
	if gone, err := c.Uninstall(ctx, "cilium", "kube-system"); err != nil || !gone {
		t.Fatalf("second Uninstall = %v, %v; want true, nil", gone, err)
	}
}
