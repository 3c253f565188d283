package reader

import (
	"fmt"
	"path"
	"regexp"
	"sort"
	"strings"

	"github.com/tutor-run/tutor/engine/chartvalues"
	"github.com/tutor-run/tutor/engine/model"
)

// This file finds what a post says about the charts it uses outside its
// helm steps: values blocks without a directive, and the versions it names.

// takeChartValues makes the block a chart's values when no directive
// waits for it and its text is Terraform sets that chartvalues knows by
// their keys: a post that installs Cilium through Terraform shows them so.
// It is shown, not run, and kept in Tutorial.ChartValues.
func (b *builder) takeChartValues(it item) bool {
	if len(b.pending) > 0 || !opensWithBrace(it) {
		return false // a directive says what the block is, or it is no sets block
	}
	text := blockText(it)
	chart := chartvalues.Chart(text)
	if chart == "" {
		return false
	}
	block := &model.Block{Info: it.info, Pos: b.pos(it.line), Span: it.span}
	b.tutorial.ChartValues = append(b.tutorial.ChartValues, model.ChartValues{Chart: chart, Values: model.Values{Text: text, Pos: b.pos(it.line + 1)}, Pos: block.Pos})
	s := b.current(it.line)
	s.Steps = append(s.Steps, &model.Step{Kind: model.KindIllustration, Pos: block.Pos, Block: block,
		Skip: fmt.Sprintf("read as %s chart values (Terraform sets): a sandbox run with a real node installs %s with them when a section needs it and no step installs it", chartTitle(chart), chartTitle(chart))})
	return true
}

// opensWithBrace reports whether the block's first non-blank line starts
// with "{", as Terraform sets do: most blocks are not, and are let go
// before their text is joined and parsed.
func opensWithBrace(it item) bool {
	for _, l := range it.body {
		if t := strings.TrimSpace(l.text); t != "" {
			return strings.HasPrefix(t, "{")
		}
	}
	return false
}

// chartTitle is a chart's name as prose writes it.
func chartTitle(chart string) string {
	if chart == "cilium" {
		return "Cilium"
	}
	return chart
}

var (
	// statusChartVersion is cilium status's line for the chart version.
	statusChartVersion = regexp.MustCompile(`Helm chart version:\s+(v?[0-9][0-9A-Za-z.+-]*)`)
	// agentImage is the Cilium agent's image with a version tag.
	agentImage = regexp.MustCompile(`quay\.io/cilium/cilium:v([0-9]+\.[0-9]+\.[0-9]+(?:-[0-9A-Za-z.]+)?)`)
)

// noteChartVersions records the Cilium chart versions the post names, in
// the order of the post: in its helm install and upgrade commands, run or
// only shown, and in any block's lines (a pasted cilium status, an
// image).
func (b *builder) noteChartVersions(items []item) {
	var found []model.ChartVersion
	add := func(version string, from model.VersionSource, line int) {
		found = append(found, model.ChartVersion{Chart: "cilium", Version: strings.TrimPrefix(version, "v"), From: from, Pos: b.pos(line)})
	}
	for _, st := range b.tutorial.Steps() {
		if st.Block == nil && st.Command != "" { // a command in the prose
			if v := helmCiliumVersion(st.Command); v != "" {
				add(v, model.VersionFromHelm, st.Pos.Line)
			}
		}
	}
	for _, it := range items {
		if it.kind != itemBlock {
			continue
		}
		for i := 0; i < len(it.body); i++ {
			// A line goes on over the lines its backslashes continue.
			line, text := it.body[i].line, it.body[i].text
			for i+1 < len(it.body) {
				t := strings.TrimRight(text, " \t")
				if !strings.HasSuffix(t, "\\") {
					break
				}
				i++
				text = strings.TrimSuffix(t, "\\") + " " + it.body[i].text
			}
			// Every line of every block passes here: the patterns run only
			// on lines that hold their fixed words.
			if strings.Contains(text, "Helm chart version:") {
				if m := statusChartVersion.FindStringSubmatch(text); m != nil {
					add(m[1], model.VersionFromStatus, line)
				}
			}
			if strings.Contains(text, "quay.io/cilium/cilium:v") {
				if m := agentImage.FindStringSubmatch(text); m != nil {
					add(m[1], model.VersionFromImage, line)
				}
			}
			if strings.Contains(text, "helm") {
				if v := helmCiliumVersion(text); v != "" {
					add(v, model.VersionFromHelm, line)
				}
			}
		}
	}
	sort.SliceStable(found, func(i, j int) bool { return found[i].Pos.Line < found[j].Pos.Line })
	b.tutorial.ChartVersions = found
}

// helmCiliumVersion returns the --version of a helm install or upgrade of
// Cilium's chart in a command line, or "". The chart is Cilium's when it
// is REPO/cilium (or oci://.../cilium), or cilium with --repo at
// helm.cilium.io. Words are split on blanks, which is enough for a
// version; a prompt or sudo before helm does not matter.
func helmCiliumVersion(line string) string {
	w := strings.Fields(line)
	for i := range w {
		w[i] = strings.Trim(w[i], `"'`)
	}
	for i := 0; i+1 < len(w); i++ {
		if w[i] == "helm" && (w[i+1] == "install" || w[i+1] == "upgrade") {
			if v := ciliumInstallVersion(w[i+2:]); v != "" {
				return v
			}
		}
	}
	return ""
}

// ciliumInstallVersion reads the arguments of one helm install or upgrade,
// up to the end of the command.
func ciliumInstallVersion(args []string) string {
	var version, repo string
	cilium, bare := false, false
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "|" || a == "&&" || a == "||" || a == ";" {
			break
		}
		next := ""
		if i+1 < len(args) {
			next = args[i+1]
		}
		switch {
		case a == "--version":
			version, i = next, i+1
		case strings.HasPrefix(a, "--version="):
			version = strings.TrimPrefix(a, "--version=")
		case a == "--repo":
			repo, i = next, i+1
		case strings.HasPrefix(a, "--repo="):
			repo = strings.TrimPrefix(a, "--repo=")
		case strings.HasPrefix(a, "-"):
		case strings.Contains(a, "/") && path.Base(a) == "cilium":
			cilium = true
		case a == "cilium":
			bare = true
		}
	}
	if (cilium || bare && strings.Contains(repo, "helm.cilium.io")) && chartVersion.MatchString(version) {
		return strings.TrimPrefix(version, "v")
	}
	return ""
}

// chartVersion is a chart version as a post may write it (1.14.0, v1.15,
// 1.16.0-rc.1), not a template's placeholder ({{% param "ciliumVersion" %}},
// $CILIUM_VERSION) that only the site's build fills in.
var chartVersion = regexp.MustCompile(`^v?\d+\.\d+(\.\d+)?([-+][0-9A-Za-z.-]+)?$`)
