package helm

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/tutor-run/tutor/engine/kube/kubetest"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
)

func greeting(t *testing.T, client kubernetes.Interface, ns, name string) string {
	t.Helper()
	cm, err := client.CoreV1().ConfigMaps(ns).Get(context.Background(), name, metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return cm.Data["greeting"]
}

// TestLocalChartLive installs testdata/tiny and checks the precedence of
// values files < attached block < --set, status, list and uninstall.
func TestLocalChartLive(t *testing.T) {
	cl := kubetest.Cluster(t)
	client := kubetest.Clientset(t)
	ns := kubetest.Namespace(t, client)
	c := newTestClient(t, cl.Kubeconfig(), "")

	res := run(t, c, "install hi ./tiny -n "+ns+" -f values-file.yaml --wait", nil)
	if got, want := greeting(t, client, ns, "hi-tiny"), "from-file"; got != want {
		t.Errorf("greeting = %q, want %q", got, want)
	}
	if !strings.HasSuffix(res.Output, "NOTES:\nSay from-file to hi.\n") || res.Chart != "tiny" || res.Revision != 1 {
		t.Errorf("install result = %+v", res)
	}
	block := map[string]any{"greeting": "from-block"}
	run(t, c, "upgrade hi ./tiny -n "+ns+" -f values-file.yaml", block)
	if got, want := greeting(t, client, ns, "hi-tiny"), "from-block"; got != want {
		t.Errorf("greeting = %q, want %q (the block beats values files)", got, want)
	}
	res = run(t, c, "upgrade hi ./tiny -n "+ns+" -f values-file.yaml --set greeting=from-set", block)
	if got, want := greeting(t, client, ns, "hi-tiny"), "from-set"; got != want {
		t.Errorf("greeting = %q, want %q (--set beats the block)", got, want)
	}
	if res.Revision != 3 {
		t.Errorf("revision = %d, want 3", res.Revision)
	}
	if block["greeting"] != "from-block" {
		t.Errorf("Run changed the caller's values block: %v", block)
	}

	st := run(t, c, "status hi -n "+ns, nil)
	if want := "NAMESPACE: " + ns + "\nSTATUS: deployed\nREVISION: 3\n"; !strings.Contains(st.Output, want) {
		t.Errorf("status output lacks %q:\n%s", want, st.Output)
	}
	ls := run(t, c, "list -n "+ns, nil).Output
	if !strings.HasPrefix(ls, "NAME") || !strings.Contains(ls, "deployed\ttiny-0.1.0\t1.0\n") {
		t.Errorf("list output:\n%s", ls)
	}
	if got, want := run(t, c, "uninstall hi -n "+ns, nil).Output, "release \"hi\" uninstalled\n"; got != want {
		t.Errorf("uninstall output = %q, want %q", got, want)
	}
	cmd, _ := Parse([]string{"uninstall", "hi", "-n", ns})
	if _, err := c.Run(context.Background(), cmd, nil); err == nil || !strings.Contains(err.Error(), "not found") {
		t.Errorf("uninstall of a missing release: err = %v, want not found", err)
	}
}

// TestWaitTimeoutLive installs a Deployment no node can run with --wait: the
// release ends up failed and Run returns a *ReleaseError.
func TestWaitTimeoutLive(t *testing.T) {
	cl := kubetest.Cluster(t)
	client := kubetest.Clientset(t)
	ns := kubetest.Namespace(t, client)
	c := newTestClient(t, cl.Kubeconfig(), "")
	cmd, err := Parse(strings.Fields("install stuck ./tiny --set stuck=true --wait --timeout 2s -n " + ns))
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Run(context.Background(), cmd, nil)
	var re *ReleaseError
	if !errors.As(err, &re) {
		t.Fatalf("err = %v, want a *ReleaseError", err)
	}
	t.Logf("error: %v", err)
	if re.Release != "stuck" || re.Status != "failed" || !strings.Contains(re.Description, "context deadline exceeded") {
		t.Errorf("ReleaseError = %+v", re)
	}
}

// TestKubeContextError checks that a bad kube context is an error that
// names it, not a panic or a silent default.
func TestKubeContextError(t *testing.T) {
	c := newTestClient(t, "testdata/values-file.yaml", "")
	_, err := c.Run(context.Background(), Command{Verb: "list", KubeContext: "nowhere"}, nil)
	if err == nil {
		t.Fatal("no error")
	}
	if !strings.Contains(err.Error(), "context was not found for specified context: nowhere") {
		t.Errorf("error %q does not name the context", err)
	}
}
