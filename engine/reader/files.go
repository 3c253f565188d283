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
			for _, l := range b.linesOf(st) {
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

// takeFile turns a block the previous paragraph asks the reader to save
// into a step that writes it to that file.
func (b *builder) takeFile(it item) bool {
	name := b.cueFacts().file
	if name == "" && b.pendingFile != "" {
		name = b.pendingFile
	}
	b.pendingFile = ""
	if name == "" && (it.lang == "dockerfile" || it.lang == "containerfile") && b.cueFacts().create {
		name = "Dockerfile"
	}
	if name == "" || len(it.body) == 0 {
		return false
	}
	if b.startsWithCommand(it.body) && strings.Contains(blockText(it), name) {
		return false // a command in the block creates it (cat <<EOF > name)
	}
	isScript := strings.HasSuffix(name, ".sh") || strings.HasSuffix(name, ".bash")
	if shellLangs[it.lang] && !isScript {
		if !strings.Contains(blockText(it), name) {
			b.pendingFile = name // the next block holds it (exports came first)
		}
		return false // the block's commands create it (cat <<EOF > name)
	}
	if _, has := b.transcript(it); has {
		return false
	}
	content := blockText(it)
	s := b.current(it.line)
	block := &model.Block{Info: it.info, Pos: b.pos(it.line), Span: it.span}
	s.Steps = append(s.Steps, &model.Step{Kind: model.KindFile, Pos: b.pos(it.body[0].line), Block: block,
		Path: name, Content: content + "\n"})
	b.cue, b.cueIs = "", nil
	return true
}
