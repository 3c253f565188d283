package model

import (
	"strings"
	"testing"
)

func TestFillPlaceholders(t *testing.T) {
	t.Parallel()
	tut := &Tutorial{Sections: []*Section{{Steps: []*Step{
		{Kind: KindShell, Command: "kubectl logs <pod-name> -c <container>", Placeholders: []Placeholder{{Text: "<pod-name>", Name: "pod-name"}, {Text: "<container>", Name: "container"}}},
		{Kind: KindShell, Command: "echo {{< param \"version\" >}}", Placeholders: []Placeholder{{Text: "{{< param \"version\" >}}", Name: "version"}}},
		{Kind: KindShell, Command: "curl http://<EXTERNAL-IP>", Placeholders: []Placeholder{{Text: "<EXTERNAL-IP>", Name: "EXTERNAL-IP"}}},
	}}}}
	vars := map[string]string{"pod-name": "web-0", "container": "app", "VERSION": "1.2.3"}
	FillPlaceholders(tut, func(name string) (string, bool) { v, ok := vars[name]; return v, ok }, func(string) bool { return false })
	steps := tut.Steps()
	if got, want := steps[0].Command, "kubectl logs web-0 -c app"; got != want {
		t.Errorf("filled = %q, want %q", got, want)
	}
	if got, want := steps[1].Command, "echo 1.2.3"; got != want {
		t.Errorf("filled from the environment name = %q, want %q", got, want)
	}
	if steps[2].Skip == "" || !strings.Contains(steps[2].Skip, "--var EXTERNAL-IP=VALUE") || !strings.Contains(steps[2].Skip, "EXTERNAL_IP") {
		t.Errorf("a missing value skips the step with how to give it, got %q", steps[2].Skip)
	}
	if steps[2].Command != "curl http://<EXTERNAL-IP>" {
		t.Errorf("a skipped step keeps its command as written, got %q", steps[2].Command)
	}
}

func TestEnvName(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{"pod-name": "POD_NAME", "EXTERNAL-IP": "EXTERNAL_IP", "aks cluster name": "AKS_CLUSTER_NAME", "x.y": "X_Y"} {
		if got := EnvName(in); got != want {
			t.Errorf("EnvName(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSelectTab(t *testing.T) {
	t.Parallel()
	mk := func() *Tutorial {
		return &Tutorial{Sections: []*Section{
			{ID: "a", Tab: &Tab{Group: 1, Name: "Azure CLI", ID: "azure-cli", Default: true}},
			{ID: "b", Tab: &Tab{Group: 1, Name: "Azure PowerShell", ID: "azure-powershell"}, Skip: "alternative tab"},
			{ID: "c"},
		}}
	}
	tut := mk()
	if err := SelectTab(tut, "azure-powershell"); err != nil {
		t.Fatal(err)
	}
	if tut.Sections[0].Skip == "" || tut.Sections[1].Skip != "" || tut.Sections[2].Skip != "" {
		t.Errorf("skips after choosing the second tab: %q %q %q", tut.Sections[0].Skip, tut.Sections[1].Skip, tut.Sections[2].Skip)
	}
	if err := SelectTab(mk(), "Bicep"); err == nil || !strings.Contains(err.Error(), "tabs: Azure CLI, Azure PowerShell") {
		t.Errorf("an unknown tab names the tabs there are, got %v", err)
	}
}
