package reader

import (
	"strings"

	"github.com/tutor-run/tutor/engine/model"
)

// This file keeps each section's prose, for people stepping through it.

// usesPrompts reports whether any shell block holds a prompt line.
func (r *read) usesPrompts(items []item) bool {
	for _, it := range items {
		if it.kind == itemBlock && shellLangs[it.lang] {
			if _, has := r.transcript(it); has {
				return true
			}
		}
	}
	return false
}

// prose gives each section the markdown between its heading and the next,
// without code blocks and comments: what `tutor learn` shows before the
// section's steps.
func (r *read) prose(t *model.Tutorial, items []item) {
	hidden := map[int]bool{}
	for _, it := range items {
		if it.kind == itemBlock || it.kind == itemComment {
			for l := it.line; l <= it.last; l++ {
				hidden[l] = true
			}
		}
	}
	for i, s := range t.Sections {
		from, to := s.Pos.Line+1, len(r.lines)
		if s.Level == 0 { // the preamble starts at the top (after frontmatter)
			from = r.bodyStart
		}
		if i+1 < len(t.Sections) {
			to = t.Sections[i+1].Pos.Line - 1
		}
		var lines []string
		for l := from; l <= to; l++ {
			if text, ok := r.lineText(l); ok && !hidden[l] {
				lines = append(lines, text)
			}
		}
		s.Prose = strings.TrimSpace(collapseBlank(lines))
	}
}

// collapseBlank joins lines, keeping at most one blank line in a row.
func collapseBlank(lines []string) string {
	var b strings.Builder
	blank := false
	for _, l := range lines {
		if strings.TrimSpace(l) == "" {
			if !blank {
				b.WriteByte('\n')
			}
			blank = true
			continue
		}
		blank = false
		b.WriteString(l)
		b.WriteByte('\n')
	}
	return b.String()
}
