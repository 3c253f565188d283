package learn

import (
	"strings"
	"unicode"

	"github.com/tutor-run/tutor/engine/internal/termtext"
)

// word is a run of spans between two spaces; it never breaks.
type word struct {
	pieces []span
	br     bool // a hard line break, not a word
}

// words splits spans at white space. Soft line breaks of the source are
// white space too.
func words(spans []span) []word {
	var out []word
	var cur []span
	end := func() {
		if len(cur) > 0 {
			out = append(out, word{pieces: cur})
			cur = nil
		}
	}
	for _, sp := range spans {
		if sp.br {
			end()
			out = append(out, word{br: true})
			continue
		}
		text := sp.text
		for text != "" {
			i := strings.IndexFunc(text, unicode.IsSpace)
			if i < 0 {
				cur = append(cur, span{text: text, st: sp.st})
				break
			}
			if i > 0 {
				cur = append(cur, span{text: text[:i], st: sp.st})
			}
			end()
			text = strings.TrimLeftFunc(text[i:], unicode.IsSpace)
		}
	}
	end()
	return out
}

// paintWord renders w's pieces, each in its own style, so that a line
// break never falls inside a coloured stretch.
func paintWord(w word, color bool) string {
	var b strings.Builder
	for _, p := range w.pieces {
		st := p.st
		if st == code {
			st = termtext.Cyan
		}
		b.WriteString(termtext.Paint(color, st, p.text))
	}
	return b.String()
}

// wrap lays words out in lines of at most width columns, the first line
// starting with first and the others with rest. A word wider than a line
// gets a line of its own.
func wrap(ws []word, width int, first, rest string, color bool) []string {
	var lines []string
	line, prefix := "", first
	used := visibleWidth(prefix)
	empty := true
	emit := func() {
		lines = append(lines, strings.TrimRight(prefix+line, " "))
		line, prefix, used, empty = "", rest, visibleWidth(rest), true
	}
	for _, w := range ws {
		if w.br {
			emit()
			continue
		}
		s := paintWord(w, color)
		n := visibleWidth(s)
		if !empty && used+1+n > width {
			emit()
		}
		if !empty {
			line += " "
			used++
		}
		line += s
		used += n
		empty = false
	}
	if !empty || len(lines) == 0 {
		emit()
	}
	return lines
}
