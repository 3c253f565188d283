package posts

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/tutor-run/tutor/engine/model"
	"github.com/tutor-run/tutor/engine/result"
)

// TestLoad counts steps, estimates weights and says what each post needs.
func TestLoad(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{
		"bash.md":  post("```console\n$ echo two\ntwo\n```\n\n<!-- tutor: skip not now -->\n```console\n$ echo skipped\n```\n"),
		"apply.md": post("```yaml\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: demo\n```\n\n```console\n$ k get ns demo\n```\n"),
		"kind.md":  "# Own cluster\n\n```console\n$ kind create cluster\n$ kubectl get nodes\n```\n",
		"aks.md": "# AKS\n\n<!-- tutor: needs internet -->\n```console\n$ az group create -n rg -l westeurope\n$ az aks get-credentials -n demo -g rg\n$ kubectl get nodes\n```\n" +
			"\n<!-- tutor: expect cilium ok -->\n",
		"helm.md":     "# Cilium\n\n```console\n$ helm install cilium cilium/cilium -n kube-system\n$ cilium status\n```\n\n<!-- tutor: expect flows to world -->\n",
		"hubble.md":   "# Flows\n\n```console\n$ hubble observe --last 5\n```\n",
		"skipped.md":  "# Skipped\n\n<!-- tutor: skip-section elsewhere -->\n```console\n$ kubectl get nodes\n```\n",
		"broken.md":   "# Broken\n\n```console\n$ echo\n",
		"measured.md": post(""),
	})
	t.Chdir(dir)
	t0 := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	run := func(file string, started time.Time, d time.Duration) *result.Run {
		return &result.Run{Tutorial: &model.Tutorial{File: file}, Started: started, Duration: d}
	}
	interrupted := run("measured.md", t0.Add(time.Hour), time.Second)
	interrupted.Interrupted = true
	failed := run("measured.md", t0.Add(2*time.Hour), time.Second)
	failed.Failed = &result.PostFailure{Message: "crashed", Status: 3}
	timings := []*result.Run{
		run("./measured.md", t0, 90*time.Second),
		run("measured.md", t0.Add(-time.Hour), 30*time.Second), // older
		interrupted, failed, nil, {Duration: time.Hour}, // no tutorial
		run("elsewhere.md", t0, time.Hour),
	}
	got, err := Load([]string{"bash.md", "apply.md", "kind.md", "aks.md", "helm.md", "hubble.md", "skipped.md", "broken.md", "measured.md"}, timings)
	if err != nil {
		t.Fatal(err)
	}
	want := []Post{
		{File: "bash.md", Steps: 2, Weight: estimatePost + 2*estimateCommand, Estimated: true, Needs: []string{}},
		{File: "apply.md", Steps: 3, Weight: estimatePost + 2*estimateCommand + estimateManifest, Estimated: true, Needs: []string{"cluster"}},
		{File: "kind.md", Steps: 2, Weight: estimatePost + 2*estimateCommand, Estimated: true, Needs: []string{}},
		{File: "aks.md", Steps: 4, Weight: estimatePost + 3*estimateCommand + estimateClaim, Estimated: true, Needs: []string{"az", "cilium", "internet"}},
		{File: "helm.md", Steps: 3, Weight: estimatePost + estimateHelm + estimateCommand + estimateClaim, Estimated: true, Needs: []string{"cluster"}},
		{File: "hubble.md", Steps: 1, Weight: estimatePost + estimateCommand, Estimated: true, Needs: []string{"cluster", "hubble"}},
		{File: "skipped.md", Steps: 0, Weight: estimatePost, Estimated: true, Needs: []string{}},
		{File: "broken.md", Weight: estimatePost, Estimated: true, Needs: []string{}, Problem: "broken.md:3: code fence opened here is never closed: everything after it would be read as code"},
		{File: "measured.md", Steps: 1, Weight: 90 * time.Second, Needs: []string{}},
	}
	if len(got) != len(want) {
		t.Fatalf("%d posts, want %d", len(got), len(want))
	}
	for i := range want {
		if (got[i].Tutorial == nil) != (want[i].Problem != "") {
			t.Errorf("post %d: tutorial %v, want one unless it has a problem", i, got[i].Tutorial)
		}
		got[i].Tutorial = nil // compared above: the rest by value
		if !reflect.DeepEqual(got[i], want[i]) {
			t.Errorf("post %d\n got %+v\nwant %+v", i, got[i], want[i])
		}
	}
	if _, err := Load([]string{"nowhere.md"}, nil); err == nil || !strings.Contains(err.Error(), "nowhere.md") {
		t.Errorf("a missing file: error %v", err)
	}
}
