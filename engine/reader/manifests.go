package reader

import (
	"regexp"
	"strings"

	"github.com/tutor-run/tutor/engine/model"
)

// topKey and docSplit find a manifest's top-level keys and documents.
var (
	topKey   = regexp.MustCompile(`^(apiVersion|kind)\s*:`)
	docSplit = regexp.MustCompile(`^---\s*$`)
)

// configAPI matches the apiVersion of a tool's configuration file, which
// looks like a manifest but is read by the tool (kind, kubeadm, the
// kubelet, kustomize, k3d), not applied.
var configAPI = regexp.MustCompile(`(?m)^apiVersion:\s*["']?((kind|kubeadm|kubelet\.config|kubeproxy\.config|apiserver\.config|kustomize\.config|k3d|ctlptl|skaffold|audit)[\w.-]*)/(\S+?)["']?\s*$`)

// manifestStep returns a manifest step for a YAML block that holds
// Kubernetes objects, or an illustration for other YAML.
func (b *builder) manifestStep(it item, block *model.Block) *model.Step {
	out := makeOutput(it.body, b.read)
	st := &model.Step{Kind: model.KindIllustration, Pos: block.Pos, Block: block, Skip: "YAML without apiVersion or kind is not a manifest"}
	if out == nil {
		return st
	}
	type doc struct {
		line             int
		apiVersion, kind bool
		empty            bool
	}
	docs := []doc{{line: it.body[0].line, empty: true}}
	for _, l := range it.body {
		if docSplit.MatchString(l.text) {
			docs = append(docs, doc{line: l.line + 1, empty: true})
			continue
		}
		d := &docs[len(docs)-1]
		if m := topKey.FindStringSubmatch(l.text); m != nil {
			d.apiVersion = d.apiVersion || m[1] == "apiVersion"
			d.kind = d.kind || m[1] == "kind"
		}
		if t := strings.TrimSpace(l.text); t != "" && !strings.HasPrefix(t, "#") {
			if d.empty {
				d.line = l.line
			}
			d.empty = false
		}
	}
	isManifest := false
	for _, d := range docs {
		isManifest = isManifest || d.apiVersion || d.kind
	}
	if !isManifest {
		return st
	}
	if m := configAPI.FindStringSubmatch(out.Text); m != nil {
		st.Skip = "a configuration file read by " + m[2] + " (apiVersion " + m[1] + "/" + m[3] + "), not an object for the API server"
		return st
	}
	for _, d := range docs {
		switch {
		case d.empty:
		case !d.apiVersion && !d.kind:
			b.warnf(d.line, "YAML document has neither apiVersion nor kind: it cannot be applied")
		case !d.apiVersion:
			b.warnf(d.line, "manifest has no apiVersion: the API server will reject it")
		case !d.kind:
			b.warnf(d.line, "manifest has no kind: the API server will reject it")
		}
	}
	return &model.Step{Kind: model.KindManifest, Pos: out.Pos, Block: block, Manifest: out.Text}
}
