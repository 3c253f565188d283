package update

import (
	"time"
	"unicode/utf8"

	"github.com/sergi/go-diff/diffmatchpatch"

	"github.com/tutor-run/tutor/assertions"
)

// diffTimeout bounds the diff of pathological inputs; past it the diff is
// still correct, only less minimal.
const diffTimeout = time.Second

// opKind is what a run of lines does in a line diff.
type opKind byte

const (
	opEqual opKind = iota
	opDelete
	opInsert
)

// lineOp is a run of n lines of a line diff: equal lines advance both
// sides, deleted lines only a, inserted lines only b.
type lineOp struct {
	kind opKind
	n    int
}

// maxLines is how many distinct lines diffLines can encode as runes (one
// rune per line, the UTF-16 surrogates left out).
const maxLines = utf8.MaxRune + 1 - 0x800

// diffLines diffs two lists of lines with go-diff's line mode: each
// distinct line becomes one rune and the rune strings are diffed.
func diffLines(a, b []string) []lineOp {
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
		return plainDiff(a, b)
	}
	dmp := diffmatchpatch.New()
	dmp.DiffTimeout = diffTimeout
	var ops []lineOp
	for _, d := range dmp.DiffMainRunes(ra, rb, false) {
		n := utf8.RuneCountInString(d.Text)
		switch d.Type {
		case diffmatchpatch.DiffEqual:
			ops = append(ops, lineOp{opEqual, n})
		case diffmatchpatch.DiffDelete:
			ops = append(ops, lineOp{opDelete, n})
		case diffmatchpatch.DiffInsert:
			ops = append(ops, lineOp{opInsert, n})
		}
	}
	return ops
}

// plainDiff keeps the common head and tail of a and b and marks the rest
// changed: correct, not minimal, for inputs too big to encode.
func plainDiff(a, b []string) []lineOp {
	p, s := assertions.CommonEnds(a, b)
	return []lineOp{{opEqual, p}, {opDelete, len(a) - p - s}, {opInsert, len(b) - p - s}, {opEqual, s}}
}
