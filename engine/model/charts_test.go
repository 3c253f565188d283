package model

import "testing"

func TestChartVersion(t *testing.T) {
	at := func(chart, version string, from VersionSource, line int) ChartVersion {
		return ChartVersion{Chart: chart, Version: version, From: from, Pos: Pos{Line: line}}
	}
	tests := []struct {
		name     string
		versions []ChartVersion
		want     string // ChartVersion.String, or "" for none
	}{
		{"none", nil, ""},
		{"helm wins over a status before it", []ChartVersion{
			at("cilium", "1.15.1", VersionFromStatus, 3), at("cilium", "1.14.2", VersionFromHelm, 9)}, "1.14.2 (helm --version at line 9)"},
		{"status wins over an image", []ChartVersion{
			at("cilium", "1.13.0", VersionFromImage, 2), at("cilium", "1.14.0", VersionFromStatus, 5)}, "1.14.0 (cilium status at line 5)"},
		{"image when alone", []ChartVersion{at("cilium", "1.14.4", VersionFromImage, 7)}, "1.14.4 (image at line 7)"},
		{"first release of a source", []ChartVersion{
			at("cilium", "1.14.0", VersionFromStatus, 4), at("cilium", "1.14.5", VersionFromStatus, 8)}, "1.14.0 (cilium status at line 4)"},
		{"a managed build gives way to a release", []ChartVersion{
			at("cilium", "0.1.0-abc123", VersionFromStatus, 4), at("cilium", "1.14.0", VersionFromStatus, 8)}, "1.14.0 (cilium status at line 8)"},
		{"a pre-release when nothing else", []ChartVersion{
			at("cilium", "1.15.0-rc.1", VersionFromHelm, 4), at("cilium", "1.15.0-rc.2", VersionFromHelm, 8)}, "1.15.0-rc.1 (helm --version at line 4)"},
		{"a pre-release of a better source wins", []ChartVersion{
			at("cilium", "1.14.0", VersionFromImage, 2), at("cilium", "1.15.0-rc.1", VersionFromHelm, 8)}, "1.15.0-rc.1 (helm --version at line 8)"},
		{"another chart's", []ChartVersion{at("tetragon", "1.0.0", VersionFromHelm, 2)}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tu := &Tutorial{ChartVersions: tt.versions}
			v, ok := tu.ChartVersion("cilium")
			got := ""
			if ok {
				got = v.String()
			}
			if got != tt.want {
				t.Errorf("ChartVersion = %q, want %q", got, tt.want)
			}
		})
	}
}
