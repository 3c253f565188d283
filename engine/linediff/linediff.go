// Package linediff diffs two lists of lines and writes the result as a
// unified diff. Output checks (assertions) and update mode's --diff
// preview both use it, so there is one diff algorithm and one writer, and
// a diff reads the same wherever tutor shows one.
package linediff

import (
	"strings"
	"time"
	"unicode/utf8"

	"github.com/sergi/go-diff/diffmatchpatch"
)

// Kind is what a run of lines does in a line diff.
type Kind byte

// The kinds of runs.
const (
	Equal  Kind = iota // lines both sides have
	Delete             // lines only a has
	Insert             // lines only b has
)

// Op is a run of N lines of a line diff, N at least 1: equal lines
// advance both sides, deleted lines only a, inserted lines only b.
type Op struct {
	Kind Kind
	N    int
}

// maxLines is how many distinct lines Lines can encode as runes (one rune
// per line, the UTF-16 surrogates left out).
const maxLines = utf8.MaxRune + 1 - 0x800

// Lines diffs a and b with go-diff's line mode: each distinct line becomes
// one rune and the rune strings are diffed. Past timeout the diff is
// still correct, only less minimal; inputs with more distinct lines than
// runes get Plain.
func Lines(a, b []string, timeout time.Duration) []Op {
	ids := map[string]int{}
	encode := func(ls []string) []rune {
		rs := make([]rune, len(ls))
		for i, l := range ls {
			id, ok := ids[l]
			if !ok {
				id = len(ids)
				ids[l] = id
			}
			if id >= 0xD800 {
				id += 0x800 // skip the surrogates, which are not runes
			}
			rs[i] = rune(id)
		}
		return rs
	}
	ra, rb := encode(a), encode(b)
	if len(ids) > maxLines {
		return Plain(a, b)
	}
	dmp := diffmatchpatch.New()
	dmp.DiffTimeout = timeout
	var ops []Op
	for _, d := range dmp.DiffMainRunes(ra, rb, false) {
		n := utf8.RuneCountInString(d.Text)
		if n == 0 {
			continue
		}
		switch d.Type {
		case diffmatchpatch.DiffEqual:
			ops = append(ops, Op{Equal, n})
		case diffmatchpatch.DiffDelete:
			ops = append(ops, Op{Delete, n})
		case diffmatchpatch.DiffInsert:
			ops = append(ops, Op{Insert, n})
		}
	}
	return ops
}

// Plain keeps the common head and tail of a and b and marks the rest
// changed: correct, not minimal, and linear for inputs too big to diff.
func Plain(a, b []string) []Op {
	p, s := commonEnds(a, b)
	var ops []Op
	for _, op := range []Op{{Equal, p}, {Delete, len(a) - p - s}, {Insert, len(b) - p - s}, {Equal, s}} {
		if op.N > 0 {
			ops = append(ops, op)
		}
	}
	return ops
}

// commonEnds returns how many leading and trailing lines a and b share
// (the trailing count never overlaps the leading one).
func commonEnds(a, b []string) (head, tail int) {
	for head < len(a) && head < len(b) && a[head] == b[head] {
		head++
	}
	for tail < len(a)-head && tail < len(b)-head && a[len(a)-1-tail] == b[len(b)-1-tail] {
		tail++
	}
	return head, tail
}

// Split splits s after each newline, so every line keeps its ending; a
// last line without one is kept as it is, and so differs from the same
// line with a newline.
func Split(s string) []string {
	var lines []string
	for len(s) > 0 {
		i := strings.IndexByte(s, '\n') + 1
		if i == 0 {
			i = len(s)
		}
		lines = append(lines, s[:i])
		s = s[i:]
	}
	return lines
}
