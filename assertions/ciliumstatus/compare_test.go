package ciliumstatus

import (
	"strings"
	"testing"

	"github.com/tutor-run/tutor/assertions/internal/fixture"
)

// sample reads the input section of testdata/name.txtar.
func sample(t testing.TB, name string) string {
	t.Helper()
	return fixture.Section(t, "testdata/"+name+".txtar", "input")
}

func TestCompare(t *testing.T) {
	post := sample(t, "seed-byocni")
	for _, tt := range []struct {
		name    string
		actual  string
		opts    Options
		ok      bool
		message string // a substring of Result.Message
	}{
		{"same", post, Options{}, true, "cilium status matches"},
		{"colours and another layout", "\x1b[33m    /¯¯\\\n" + strings.ReplaceAll(fixture.Edit(t, post,
			"Cilium:             OK", "Cilium:  \x1b[32mOK\x1b[0m"), "    ", "  "), Options{}, true, "cilium status matches"},
		{"relay disabled", fixture.Edit(t, post, "Hubble Relay:       OK", "Hubble Relay:       disabled"),
			Options{}, false, "Hubble Relay: the post shows OK, the cluster shows disabled"},
		{"agent errors", fixture.Edit(t, post, "Cilium:             OK", "Cilium:             1 errors, 2 warnings"),
			Options{}, false, "Cilium: the post shows OK, the cluster shows 1 errors, 2 warnings"},
		{"daemonset not ready", fixture.Edit(t, post, "Desired: 3, Ready: 3/3, Available: 3/3", "Desired: 3, Ready: 2/3, Available: 2/3, Unavailable: 1/3"),
			Options{}, false, "DaemonSet cilium: Ready 2/3, Unavailable 1/3, the post shows Ready 3/3"},
		{"nothing ready", fixture.Edit(t, post, "Desired: 3, Ready: 3/3, Available: 3/3", "Desired: 3, Unavailable: 3/3"),
			Options{}, false, "DaemonSet cilium: Ready 0/3, Unavailable 3/3, the post shows Ready 3/3"},
		{"smaller cluster", fixture.Edit(t, post, "Desired: 3, Ready: 3/3, Available: 3/3", "Desired: 2, Ready: 2/2, Available: 2/2",
			"cilium             Running: 3", "cilium             Running: 2", "29/29", "12/12"),
			Options{}, true, "DaemonSet cilium: Desired 2, the post shows 3"},
		{"workload order", fixture.Edit(t, post, "Deployment             hubble-ui          Desired: 1, Ready: 1/1, Available: 1/1\n", ""),
			Options{}, false, "Deployment hubble-ui: the post shows it, the cluster has none"},
		{"extra workload", fixture.Edit(t, post, "Containers:", "DaemonSet              cilium-envoy       Desired: 3, Ready: 3/3, Available: 3/3\nContainers:"),
			Options{}, true, "DaemonSet cilium-envoy: in the cluster, not in the post"},
		{"pending container", fixture.Edit(t, post, "cilium             Running: 3", "cilium             Pending: 1, Running: 2"),
			Options{}, false, "Containers cilium: Pending: 1, Running: 2, the post shows Running: 3"},
		{"unmanaged pods", fixture.Edit(t, post, "29/29", "27/29"), Options{}, false, "Cluster Pods: 27/29 managed by Cilium, the post shows all (29/29 managed by Cilium)"},
		{"managed unknown", fixture.Edit(t, post, "29/29", "?/12"), Options{}, true, "Cluster Pods: not judged"},
		{"drift", fixture.Edit(t, post, "cilium:v1.14.0@sha256:5a94", "cilium:v1.14.5@sha256:aaaa", "Helm chart version:    1.14.0", "Helm chart version:    1.14.5"),
			Options{}, true, "drift: Helm chart version 1.14.0 → 1.14.5; drift: image cilium quay.io/cilium/cilium:v1.14.0 → v1.14.5"},
		{"strict drift", fixture.Edit(t, post, "cilium:v1.14.0@sha256:5a94", "cilium:v1.14.5@sha256:aaaa"),
			Options{StrictVersions: true}, false, "version: image cilium quay.io/cilium/cilium:v1.14.0 → v1.14.5"},
		{"digest only", fixture.Edit(t, post, "cilium:v1.14.0@sha256:5a94", "cilium:v1.14.0@sha256:bbbb"), Options{StrictVersions: true}, true, "cilium status matches"},
		{"not a status", "Error: Unable to connect", Options{}, false, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := Compare(post, tt.actual, tt.opts)
			if r.OK != tt.ok || !strings.Contains(r.Message, tt.message) {
				t.Errorf("got %v %q\nwant %v %q", r.OK, r.Message, tt.ok, tt.message)
			}
			if r.OK != (r.Diff == "") {
				t.Errorf("ok %v with diff %q", r.OK, r.Diff)
			}
		})
	}
}

func TestCompareDiff(t *testing.T) {
	post := sample(t, "seed-byocni")
	r := Compare(post, fixture.Edit(t, post, "Hubble Relay:       OK", "Hubble Relay:       disabled"), Options{})
	if !strings.Contains(r.Diff, "-Hubble Relay: OK\n+Hubble Relay: disabled\n") {
		t.Errorf("diff:\n%s", r.Diff)
	}
}

// TestCompareSeedPosts compares the seed's AKS-managed Cilium with its
// BYOCNI install: the facts that changed are reported.
func TestCompareSeedPosts(t *testing.T) {
	r := Compare(sample(t, "seed-azurecni"), sample(t, "seed-byocni"), Options{})
	want := "Hubble Relay: the post shows disabled, the cluster shows OK (Deployment hubble-relay: in the cluster, not in the post; " +
		"Deployment hubble-ui: in the cluster, not in the post; drift: Helm chart version 0.1.0-3127877da2a229fb171bf4c5d84fcaf9aa8584c3 → 1.14.0; " +
		"drift: image cilium mcr.microsoft.com/oss/cilium/cilium:1.13.10-1 → quay.io/cilium/cilium:v1.14.0; " +
		"drift: image cilium-operator mcr.microsoft.com/oss/cilium/operator-generic:1.13.10 → quay.io/cilium/operator-generic:v1.14.0)"
	if r.OK || r.Message != want {
		t.Errorf("got %v %q\nwant %q", r.OK, r.Message, want)
	}
}

func TestParse(t *testing.T) {
	fixture.CheckParse(t, Parse, dump, []fixture.ParseCase{
		{Name: "collapsed spaces, no logo", Text: "Cilium: OK\nHubble: disabled\nDaemonSet cilium Desired: 2, Ready: 2/2, Available: 2/2\n" +
			"Containers: cilium Running: 2\n cilium-operator Pending: 1\nImage versions cilium quay.io/cilium/cilium:v1.9.5: 2\n",
			Want: "component \"Cilium\": OK\ncomponent \"Hubble\": disabled\nworkload DaemonSet cilium: Desired: 2, Ready: 2/2, Available: 2/2\n" +
				"containers cilium: Running: 2\ncontainers cilium-operator: Pending: 1\nhelm chart: \"\"\nimage cilium: quay.io/cilium/cilium:v1.9.5: 2\n"},
		{Name: "errors and warnings", Text: "    /¯¯\\\n /¯¯\\__/¯¯\\    Cilium:     1 errors, 1 warnings\n\n" +
			"Errors:     cilium    cilium-x7k2p    controller endpoint-gc is failing\nWarnings:   cilium    cilium-x7k2p    1 endpoints are not ready\n",
			Want: "component \"Cilium\": 1 errors, 1 warnings\nhelm chart: \"\"\n" +
				"problem warning=false cilium cilium-x7k2p: controller endpoint-gc is failing\nproblem warning=true cilium cilium-x7k2p: 1 endpoints are not ready\n"},
		{Name: "unknown state is an error", Text: " /¯¯\\__/¯¯\\    Operator:   Unknown\n", Want: "component \"Operator\": 1 errors\nhelm chart: \"\"\n"},
		{Name: "repeated summary keeps the last", Text: "Cilium: 1 errors\nDaemonSet cilium Desired: 1, Unavailable: 1/1\nCilium: OK\nDaemonSet cilium Desired: 1, Ready: 1/1, Available: 1/1\n",
			Want: "component \"Cilium\": OK\nworkload DaemonSet cilium: Desired: 1, Ready: 1/1, Available: 1/1\nhelm chart: \"\"\n"},
	})
	if _, err := Parse("yumemaru@azure:~$ cilium status\nError: unable to connect\n"); err != ErrNotStatus {
		t.Errorf("not a status: err %v", err)
	}
}

func TestIsCiliumStatus(t *testing.T) {
	aliases := map[string]string{"cs": "cilium status"}
	fixture.CheckCommands(t, "IsCiliumStatus", IsCiliumStatus, aliases, map[string]bool{
		"cilium status":                                             true,
		"cilium status --wait":                                      true,
		"cilium status --wait --wait-duration 10m":                  true,
		"/usr/local/bin/cilium --context aks status -n kube-system": true,
		"KUBECONFIG=/k cilium status":                               true,
		"cilium status -o summary":                                  true,
		"cs --wait":                                                 true,
		"cilium status -o json":                                     false,
		"cilium status --output=json":                               false,
		"cilium status -ojson":                                      false,
		"cilium status | grep OK":                                   false,
		"cilium hubble enable":                                      false,
		"cilium":                                                    false,
		"cilium status extra":                                       false,
		"kubectl -n kube-system exec ds/cilium -- cilium status":    false,
	})
}
