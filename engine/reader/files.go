package reader

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/tutor-run/tutor/engine/model"
)

// applyFile finds the local file a kubectl command applies: -f app.yaml,
// --filename=./app.yaml.
var applyFile = regexp.MustCompile(`\b(?:apply|create|replace)\b.*?\s(?:-f|--filename)[ =]([^\s;|&]+)`)

// writesFile finds a command that writes a file: cat > x, tee x, cp a x.
var writesFile = regexp.MustCompile(`(?:>\s*|\btee\s+(?:-a\s+)?|\bcp\s+\S+\s+|\bmv\s+\S+\s+|\bcurl\b.*\s-o\s*|\bwget\b.*\s-O\s*)["']?([^\s"';|&]+)`)

// bindManifestsToFiles turns a manifest the post shows into the file a
// later command applies, when nothing else writes that file: the author
// meant "save this as app.yaml" without saying so. Applying the block as
// well as the file would apply it twice; applying a file that is not
// there would fail for no fault of the post.
func (b *builder) bindManifestsToFiles() {
	written := map[string]bool{}
	var lastManifest *model.Step
	lastSection := -1
	for si, s := range b.tutorial.Sections {
		for _, st := range s.Steps {
			switch st.Kind {
			case model.KindFile:
				written[st.Path] = true
				continue
			case model.KindManifest:
				if st.Runs() {
					lastManifest, lastSection = st, si
				}
				continue
			case model.KindShell, model.KindBackground:
			default:
				continue
			}
			for _, l := range commandLines(st.Command) {
				for _, m := range writesFile.FindAllStringSubmatch(l, -1) {
					written[strings.TrimPrefix(m[1], "./")] = true
				}
				m := applyFile.FindStringSubmatch(l)
				if m == nil {
					continue
				}
				name := strings.TrimPrefix(m[1], "./")
				if written[name] || strings.Contains(name, "://") || name == "-" || strings.ContainsAny(name, "$*{<") ||
					!(strings.HasSuffix(name, ".yaml") || strings.HasSuffix(name, ".yml") || strings.HasSuffix(name, ".json")) {
					continue
				}
				if lastManifest == nil || si-lastSection > 1 {
					continue
				}
				m2 := lastManifest
				m2.Kind, m2.Path, m2.Content = model.KindFile, name, m2.Manifest+"\n"
				m2.Note = fmt.Sprintf("saved as %s: the command at line %d applies that file", name, st.Pos.Line)
				m2.Manifest, m2.Delete, m2.NoWait = "", false, false
				written[name], lastManifest = true, nil
			}
		}
	}
}
