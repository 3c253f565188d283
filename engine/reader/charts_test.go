package reader

import (
	"fmt"
	"strings"
	"testing"
)

// fence makes a fenced block of lines with an info string; ``` cannot be
// written inside a raw string.
func fence(info string, lines ...string) string {
	return "```" + info + "\n" + strings.Join(lines, "\n") + "\n```\n\n"
}

func TestChartValuesBlocks(t *testing.T) {
	sets := []string{`{`, `  "a" = { ParamName = "ipam.mode", ParamValue = "kubernetes" },`, `  "b" = { ParamName = "hubble.relay.enabled", ParamValue = "true" }`, `}`}
	const taken = "read as Cilium chart values (Terraform sets)"
	tests := []struct {
		name, post string
		// values lists Tutorial.ChartValues; skip starts the reason the
		// post's first block is not run.
		values, skip string
	}{
		{"go block", "# Install\n\n" + fence("go", sets...), "cilium line=4", taken},
		{"hcl block", "# Install\n\n" + fence("hcl", sets...), "cilium line=4", taken},
		{"unlabelled block", "# Install\n\n" + fence("", sets...), "cilium line=4", taken},
		{"json block", "# Install\n\n" + fence("json", sets...), "cilium line=4", taken},
		{"HCL resource", "# Install\n\n" + fence("hcl", `resource "helm_release" "cilium" {`, `  chart = "cilium"`, `}`),
			"", "hcl blocks are not run"},
		{"another chart's sets", "# Install\n\n" + fence("go", `{`, `  a = { ParamName = "controller.replicaCount" ParamValue = "2" }`, `}`),
			"", "go blocks are not run"},
		{"YAML values", "# Install\n\n" + fence("yaml", "hubble:", "  enabled: true"),
			"", "YAML without apiVersion or kind is not a manifest"},
		{"a values directive wins", "# Install\n\n<!-- tutor: values -->\n\n" + fence("go", sets...) + fence("console", "$ helm install cilium cilium/cilium -n kube-system"),
			"", "values for the helm step after it"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tu, err := Read("post.md", []byte(tt.post))
			if err != nil {
				t.Fatal(err)
			}
			var values []string
			for _, v := range tu.ChartValues {
				values = append(values, fmt.Sprintf("%s line=%d", v.Chart, v.Values.Pos.Line))
			}
			if got := strings.Join(values, ", "); got != tt.values {
				t.Errorf("chart values %q, want %q", got, tt.values)
			}
			if st := tu.Steps()[0]; !strings.HasPrefix(st.Skip, tt.skip) {
				t.Errorf("first step %s at line %d: skip %q, want %q...", st.Kind, st.Pos.Line, st.Skip, tt.skip)
			}
		})
	}
}

func TestChartVersions(t *testing.T) {
	status := fence("console", "$ cilium status", "Cilium:             OK", "Helm chart version:    0.1.0-5f2a9c1", "")
	tests := []struct {
		name, post string
		// found lists Tutorial.ChartVersions; want is ChartVersion's pick.
		found, want string
	}{
		{"none", "# A\n\n" + fence("console", "$ kubectl get nodes"), "", ""},
		{"helm install", "# A\n\n" + fence("console", "$ helm install cilium cilium/cilium --version 1.15.3 -n kube-system"),
			"1.15.3 (helm --version at line 4)", "1.15.3 (helm --version at line 4)"},
		{"helm upgrade, --version=, v prefix", "# A\n\n" + fence("bash", "helm upgrade --install cilium cilium/cilium --version=v1.13.2"),
			"1.13.2 (helm --version at line 4)", "1.13.2 (helm --version at line 4)"},
		{"continuation lines", "# A\n\n" + fence("bash", "helm install cilium cilium/cilium \\", "  --namespace kube-system \\", "  --version 1.14.6"),
			"1.14.6 (helm --version at line 4)", "1.14.6 (helm --version at line 4)"},
		{"--repo and a bare chart", "# A\n\n" + fence("bash", "helm install cilium cilium --repo https://helm.cilium.io/ --version 1.16.0"),
			"1.16.0 (helm --version at line 4)", "1.16.0 (helm --version at line 4)"},
		{"oci chart", "# A\n\n" + fence("bash", "helm install cilium oci://example.com/charts/cilium --version 1.16.1"),
			"1.16.1 (helm --version at line 4)", "1.16.1 (helm --version at line 4)"},
		{"in the prose", "# A\n\nRun `helm install cilium cilium/cilium --version 1.12.1`.\n",
			"1.12.1 (helm --version at line 3)", "1.12.1 (helm --version at line 3)"},
		{"a site template's placeholder is no version", "# A\n\n" + fence("bash", `helm upgrade -i cilium cilium/cilium --version {{% param "ciliumVersion" %}}`, "helm install cilium cilium/cilium --version $CILIUM_VERSION"),
			"", ""},
		{"another chart's version", "# A\n\n" + fence("bash", "helm install ingress ingress-nginx/ingress-nginx --version 4.0.1", "helm install cilium cilium/cilium"),
			"", ""},
		{"a pasted status: the release wins over a managed build", "# A\n\n" + status + fence("console", "$ cilium status", "Helm chart version:    1.14.2"),
			"0.1.0-5f2a9c1 (cilium status at line 6), 1.14.2 (cilium status at line 12)", "1.14.2 (cilium status at line 12)"},
		{"an image", "# A\n\n" + fence("yaml", "image: quay.io/cilium/cilium:v1.14.4@sha256:0123abcd"),
			"1.14.4 (image at line 4)", "1.14.4 (image at line 4)"},
		{"helm first, whatever the order", "# A\n\n" + fence("", "image: quay.io/cilium/cilium:v1.13.0") + fence("bash", "helm install cilium cilium/cilium --version 1.14.1"),
			"1.13.0 (image at line 4), 1.14.1 (helm --version at line 8)", "1.14.1 (helm --version at line 8)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tu, err := Read("post.md", []byte(tt.post))
			if err != nil {
				t.Fatal(err)
			}
			var found []string
			for _, v := range tu.ChartVersions {
				found = append(found, v.String())
			}
			if got := strings.Join(found, ", "); got != tt.found {
				t.Errorf("found %q, want %q", got, tt.found)
			}
			got := ""
			if v, ok := tu.ChartVersion("cilium"); ok {
				got = v.String()
			}
			if got != tt.want {
				t.Errorf("ChartVersion = %q, want %q", got, tt.want)
			}
		})
	}
}
