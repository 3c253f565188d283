package chartvalues

import (
	"strings"
	"testing"
)

func TestChart(t *testing.T) {
	tests := []struct {
		name, text, want string
	}{
		{"cilium sets", ciliumSets, "cilium"},
		{"one own value", `{ a = { ParamName = "kubeProxyReplacement" ParamValue = "strict" } }`, "cilium"},
		{"own value under a prefix", `{ a = { ParamName = "cluster.name" ParamValue = "lab" } }`, "cilium"},
		{"own and generic", `{
  a = { ParamName = "image.tag" ParamValue = "v1.14.0" }
  b = { ParamName = "aksbyocni.enabled" ParamValue = "true" }
}`, "cilium"},
		{"name/value attributes", `{ x = { name = "nodeinit.enabled" value = "true" } }`, "cilium"},

		{"only generic values", `{
  a = { ParamName = "image.tag" ParamValue = "v1" }
  b = { ParamName = "resources.limits.cpu" ParamValue = "1" }
}`, ""},
		{"cluster alone is generic", `{ a = { ParamName = "cluster.domain" ParamValue = "x" } }`, ""},
		{"another chart's sets", `{
  a = { ParamName = "controller.replicaCount" ParamValue = "2" }
  b = { ParamName = "controller.service.type" ParamValue = "LoadBalancer" }
}`, ""},
		{"own value beside a foreign key", `{
  a = { ParamName = "hubble.enabled" ParamValue = "true" }
  b = { ParamName = "controller.replicaCount" ParamValue = "2" }
}`, ""},
		{"HCL resource", `resource "helm_release" "cilium" {
  name       = "cilium"
  chart      = "cilium"
  namespace  = "kube-system"
}`, ""},
		{"HCL block in braces", `{
  name  = "hubble.enabled"
  value = "true"
}`, ""},
		{"locals map of strings", `{
  hubble = "true"
  ipam   = "kubernetes"
}`, ""},
		{"YAML cilium values", "hubble:\n  enabled: true\nipam:\n  mode: kubernetes\n", ""},
		{"JSON", `{"hubble": {"enabled": true}}`, ""},
		{"malformed sets", `{ a = { ParamName = "hubble.enabled" } }`, ""},
		{"empty braces", "{\n}", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Chart(tt.text); got != tt.want {
				t.Errorf("Chart = %q, want %q", got, tt.want)
			}
		})
	}
}

// TestCiliumOwnAreCiliumKeys keeps the two lists in step: a value only
// Cilium has must start with a top-level key of Cilium's chart.
func TestCiliumOwnAreCiliumKeys(t *testing.T) {
	for name := range ciliumOwn {
		top, _, _ := strings.Cut(name, ".")
		if !ciliumTopKeys[top] {
			t.Errorf("%s is in ciliumOwn but %s is not a top-level key of Cilium's chart", name, top)
		}
	}
}
