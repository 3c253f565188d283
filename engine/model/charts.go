package model

import (
	"fmt"
	"strings"
)

// ChartValues is a block the reader recognised, by the value names it
// sets, as a chart's values though no helm step takes it: the sets of a
// Terraform helm_release, which install the chart outside the post's
// commands. It is shown, not run; a sandbox run installs the chart with
// it when the post needs the chart and installs it nowhere.
type ChartValues struct {
	// Chart is the chart's name ("cilium").
	Chart string `json:"chart"`
	// Values is the block's text and its first content line.
	Values Values `json:"values"`
	// Pos is the block's opening fence, where plans point.
	Pos Pos `json:"pos"`
}

// VersionSource says how a post names a chart version.
type VersionSource string

// The ways a post names a chart version, in the order ChartVersion trusts
// them: a command that installs the chart says which it installs; a
// pasted status shows what was running, an image only the agent's build.
const (
	// VersionFromHelm is a helm install or upgrade of the chart with
	// --version.
	VersionFromHelm VersionSource = "helm --version"
	// VersionFromStatus is a pasted `cilium status` line "Helm chart
	// version: X".
	VersionFromStatus VersionSource = "cilium status"
	// VersionFromImage is an image quay.io/cilium/cilium:vX.
	VersionFromImage VersionSource = "image"
)

// versionSources orders VersionSource by trust.
var versionSources = []VersionSource{VersionFromHelm, VersionFromStatus, VersionFromImage}

// ChartVersion is one place the post names a version of a chart.
type ChartVersion struct {
	Chart   string        `json:"chart"`
	Version string        `json:"version"`
	From    VersionSource `json:"from"`
	Pos     Pos           `json:"pos"`
}

// String says which version and where, for plans and reports: "1.14.0
// (cilium status at line 231)".
func (v ChartVersion) String() string {
	return fmt.Sprintf("%s (%s at line %d)", v.Version, v.From, v.Pos.Line)
}

// ChartVersion returns the version of chart the post names, and false when
// it names none. The most trusted source wins (VersionFromHelm, then
// VersionFromStatus, then VersionFromImage); within one, the first
// release in the post, else its first pre-release. A release wins because
// a managed install (AKS's own Cilium) shows a build such as
// 0.1.0-<commit> as its chart version, which no chart repository serves,
// and a post often shows that status before the install it is about.
func (t *Tutorial) ChartVersion(chart string) (ChartVersion, bool) {
	for _, from := range versionSources {
		var pre *ChartVersion
		for i, v := range t.ChartVersions {
			if v.Chart != chart || v.From != from {
				continue
			}
			if !strings.Contains(v.Version, "-") {
				return v, true
			}
			if pre == nil {
				pre = &t.ChartVersions[i]
			}
		}
		if pre != nil {
			return *pre, true
		}
	}
	return ChartVersion{}, false
}
