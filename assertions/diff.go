package assertions

import (
	"fmt"
	"strings"
	"time"

	"github.com/sergi/go-diff/diffmatchpatch"
)

const (
	// diffTimeout bounds the diff of pathological inputs; past it the
	// diff is correct but less minimal.
	diffTimeout = 500 * time.Millisecond
	// diffContext is the number of unchanged lines around each change.
	diffContext = 3
	// maxDiffLines caps the lines of a rendered diff.
	maxDiffLines = 1000
	// maxDiffInput is the most lines diffmatchpatch can encode as runes
	// (one per distinct line); beyond it a plainer diff is used.
	maxDiffInput = 1_000_000
)

// Diff returns a unified diff of the normalized expected ("-") and actual
// ("+") texts, ignoring leading and trailing blank lines, or "" when they
// are equal. Placeholders such as <TIME> and <HASH> show what was ignored.
func Diff(expected, actual string) string {
	exp, _ := prepare(expected)
	act, _ := prepare(actual)
	if exp == act {
		return ""
	}
	return unified(lineDiff(exp, act))
}

type opKind byte

const (
	opEqual  opKind = ' '
	opDelete opKind = '-'
	opInsert opKind = '+'
)

// lineOp is one line of a line diff.
type lineOp struct {
	kind opKind
	text string
}

// lineDiff diffs two prepared texts (every line ends in a newline) line by
// line.
func lineDiff(a, b string) []lineOp {
	na, nb := strings.Count(a, "\n"), strings.Count(b, "\n")
	if na+nb > maxDiffInput {
		return plainDiff(lines(a), lines(b))
	}
	dmp := diffmatchpatch.New()
	dmp.DiffTimeout = diffTimeout
	ca, cb, table := dmp.DiffLinesToChars(a, b)
	diffs := dmp.DiffCharsToLines(dmp.DiffMain(ca, cb, false), table)
	ops := make([]lineOp, 0, max(na, nb)+16)
	for _, d := range diffs {
		kind := opEqual
		switch d.Type {
		case diffmatchpatch.DiffDelete:
			kind = opDelete
		case diffmatchpatch.DiffInsert:
			kind = opInsert
		}
		for t := d.Text; t != ""; {
			i := strings.IndexByte(t, '\n')
			ops = append(ops, lineOp{kind, t[:i]})
			t = t[i+1:]
		}
	}
	return ops
}

// plainDiff marks everything between the common head and tail of a and b
// as changed: correct, not minimal, and linear for inputs too big to diff.
func plainDiff(a, b []string) []lineOp {
	p, s := CommonEnds(a, b)
	ops := make([]lineOp, 0, len(a)+len(b)-p-s)
	for _, l := range a[:p] {
		ops = append(ops, lineOp{opEqual, l})
	}
	for _, l := range a[p : len(a)-s] {
		ops = append(ops, lineOp{opDelete, l})
	}
	for _, l := range b[p : len(b)-s] {
		ops = append(ops, lineOp{opInsert, l})
	}
	for _, l := range a[len(a)-s:] {
		ops = append(ops, lineOp{opEqual, l})
	}
	return ops
}

// unified renders a line diff with "@@ -l,n +l,n @@" hunk headers and
// diffContext lines of context, at most maxDiffLines lines of hunks.
func unified(ops []lineOp) string {
	var out strings.Builder
	out.WriteString("--- expected\n+++ actual\n")
	written := 0
	aLine, bLine := 0, 0 // lines of each side before ops[i]
	for i := 0; i < len(ops); {
		c := nextChange(ops, i)
		if c < 0 {
			break
		}
		start := max(i, c-diffContext)
		for ; i < start; i++ {
			aLine, bLine = advance(ops[i].kind, aLine, bLine)
		}
		// Extend the hunk while the next change is close enough for
		// the contexts to touch.
		last := c
		for {
			n := nextChange(ops, last+1)
			if n < 0 || n-last-1 > 2*diffContext {
				break
			}
			last = n
			for last+1 < len(ops) && ops[last+1].kind != opEqual {
				last++
			}
		}
		stop := min(len(ops), last+diffContext+1)
		cut := written+stop-start > maxDiffLines
		if cut {
			stop = start + maxDiffLines - written
		}
		aLen, bLen := 0, 0
		for _, op := range ops[start:stop] {
			aLen, bLen = advance(op.kind, aLen, bLen)
		}
		fmt.Fprintf(&out, "@@ -%s +%s @@\n", hunkRange(aLine, aLen), hunkRange(bLine, bLen))
		for _, op := range ops[start:stop] {
			out.WriteByte(byte(op.kind))
			out.WriteString(op.text)
			out.WriteByte('\n')
		}
		if cut {
			fmt.Fprintf(&out, "@@ diff cut at %d lines @@\n", maxDiffLines)
			break
		}
		written += stop - start
		aLine, bLine = aLine+aLen, bLine+bLen
		i = stop
	}
	return out.String()
}

// nextChange returns the index of the first non-equal op at or after i, or
// -1.
func nextChange(ops []lineOp, i int) int {
	for ; i < len(ops); i++ {
		if ops[i].kind != opEqual {
			return i
		}
	}
	return -1
}

// advance counts an op's line on the sides it belongs to.
func advance(k opKind, a, b int) (int, int) {
	switch k {
	case opDelete:
		return a + 1, b
	case opInsert:
		return a, b + 1
	}
	return a + 1, b + 1
}

// hunkRange formats "start,length" as diff -u does: an empty range starts
// at the line before it.
func hunkRange(before, n int) string {
	if n == 0 {
		return fmt.Sprintf("%d,0", before)
	}
	if n == 1 {
		return fmt.Sprintf("%d", before+1)
	}
	return fmt.Sprintf("%d,%d", before+1, n)
}
