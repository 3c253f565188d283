package session

import (
	"strings"
	"testing"

	"github.com/tutor-run/tutor/engine/cluster"
	"github.com/tutor-run/tutor/engine/helm"
	"github.com/tutor-run/tutor/engine/model"
)

func TestPlanCilium(t *testing.T) {
	sets := `{
  a = { ParamName = "hubble.relay.enabled" ParamValue = "true" }
  b = { ParamName = "ipam.mode" ParamValue = "cluster-pool" }
}`
	built := strings.TrimPrefix(cluster.CiliumVersion, "v")
	tests := []struct {
		name    string
		t       model.Tutorial
		version string
		notes   string
		values  string // the value of ipam.mode, or "" when unset
		err     string
	}{
		{"nothing named", model.Tutorial{}, built,
			"version " + built + ": the post names none; the sandbox's Cilium images are built for " + cluster.CiliumVersion +
				" | values: the post shows none; the chart's defaults", "", ""},
		{"version and values", model.Tutorial{
			ChartVersions: []model.ChartVersion{{Chart: "cilium", Version: "1.15.2", From: model.VersionFromImage, Pos: model.Pos{Line: 9}}},
			ChartValues:   []model.ChartValues{{Chart: "cilium", Pos: model.Pos{Line: 20}, Values: model.Values{Text: sets, Pos: model.Pos{Line: 21}}}},
		}, "1.15.2",
			"version 1.15.2: named by the post (image at line 9) | values: the block at line 20, read as Cilium's chart values: hubble.relay.enabled=true, ipam.mode=cluster-pool",
			"cluster-pool", ""},
		{"unreadable values", model.Tutorial{File: "post.md",
			ChartValues: []model.ChartValues{{Chart: "cilium", Pos: model.Pos{Line: 20}, Values: model.Values{Text: "{\n  a = { ParamName = \"x[\" ParamValue = \"1\" }\n}", Pos: model.Pos{Line: 21}}}},
		}, "", "", "", "post.md:22: "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := planCilium(&tt.t)
			if tt.err != "" {
				if err == nil || !strings.HasPrefix(err.Error(), tt.err) {
					t.Fatalf("err = %v, want %q...", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if p.version != tt.version {
				t.Errorf("version %q, want %q", p.version, tt.version)
			}
			if got := strings.Join(p.notes, " | "); got != tt.notes {
				t.Errorf("notes:\n got  %s\n want %s", got, tt.notes)
			}
			var got any = ""
			if ipam, ok := p.values["ipam"].(map[string]any); ok && ipam["mode"] != nil {
				got = ipam["mode"]
			}
			if got != tt.values {
				t.Errorf("ipam.mode %v, want %q", got, tt.values)
			}
		})
	}
}

func TestOverrideNotes(t *testing.T) {
	post := map[string]any{"ipam": map[string]any{"mode": "cluster-pool"}, "hubble": map[string]any{"relay": map[string]any{"enabled": true}}}
	over := []helm.Override{{Key: "ipam.mode", Value: "kubernetes"}, {Key: "k8sServiceHost", Value: "10.250.0.1"}, {Key: "l7Proxy", Value: false}}
	want := "the sandbox set over the post's values, to run on its real node: ipam.mode=kubernetes (the post's: cluster-pool)" +
		" | the sandbox added, to run on its real node: k8sServiceHost, l7Proxy"
	if got := strings.Join(overrideNotes(helm.Set(post, over)), " | "); got != want {
		t.Errorf("notes:\n got  %s\n want %s", got, want)
	}
	if got := overrideNotes(nil); got != nil {
		t.Errorf("no overrides: %q", got)
	}
}
