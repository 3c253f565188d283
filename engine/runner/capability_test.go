package runner

import (
	"context"
	"strings"
	"testing"

	"github.com/tutor-run/tutor/engine/result"
)

func TestCapabilitiesSkipSections(t *testing.T) {
	const post = "# Create\n\n```console\n$ az aks create -n lab -g rg\n$ az aks get-credentials -n lab -g rg\n```\n\n" +
		"# Nodes\n\n```console\n$ kubectl get no\n```\n\n" +
		"# Local\n\n```console\n$ echo hi\nhi\n```\n\n" +
		"# Web\n\n<!-- tutor: needs internet -->\n\n```console\n$ echo pretend-curl\n```\n\n" +
		"# Status\n\n```console\n$ cilium status\n```\n"
	asked := map[string]int{}
	probe := func(_ context.Context, c string) (bool, string) {
		asked[c]++
		switch c {
		case "az":
			return false, "the az CLI is not installed"
		case "internet":
			return false, "no internet access"
		}
		return false, "no Cilium agent in the cluster"
	}
	res := runPost(t, post, Options{Cluster: Cluster{Probe: probe}})
	if got, want := statuses(res), "create=skipped nodes=skipped local=passed web=skipped status=skipped"; got != want {
		t.Errorf("statuses: %s, want %s", got, want)
	}
	for i, want := range []string{
		"needs az: the az CLI is not installed",
		`depends on "Create", which makes the cluster and was skipped (needs az: the az CLI is not installed)`,
		"",
		"needs internet: no internet access",
		`depends on "Create"`,
	} {
		if got := res.Sections[i].Reason; !strings.HasPrefix(got, want) {
			t.Errorf("section %d reason %q, want %q", i, got, want)
		}
	}
	if got := res.ExitCode(); got != result.ExitPassed {
		t.Errorf("exit %d, want 0: skipped is not failed", got)
	}
	if asked["az"] != 1 {
		t.Errorf("az probed %d times, want once", asked["az"])
	}

	// With a cluster of its own the later sections are not blocked, and
	// --require turns a missing capability into an environment failure.
	res = runPost(t, post, Options{Selection: Selection{Sections: []string{"create", "status"}}, Cluster: Cluster{Probe: probe, ClusterProvided: true, Require: []string{"az"}}})
	if got, want := statuses(res), "create=failed nodes=skipped local=skipped web=skipped status=blocked"; got != want {
		t.Errorf("statuses: %s, want %s", got, want)
	}
	res = runPost(t, post, Options{Selection: Selection{Sections: []string{"status"}}, Cluster: Cluster{Probe: probe, ClusterProvided: true}})
	if got := res.Sections[4].Reason; got != "needs cilium: no Cilium agent in the cluster" {
		t.Errorf("status reason %q", got)
	}
	res = runPost(t, post, Options{Selection: Selection{Sections: []string{"create"}}, Cluster: Cluster{Probe: probe, Require: []string{"az"}}})
	if got := res.ExitCode(); got != result.ExitEnvironment {
		t.Errorf("exit %d, want %d", got, result.ExitEnvironment)
	}
}
