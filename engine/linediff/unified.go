package linediff

import (
	"fmt"
	"strings"
)

// contextLines is the number of unchanged lines shown around each change.
const contextLines = 3

// NoNewline follows, as diff and patch do, a last line without a newline.
const NoNewline = "\\ No newline at end of file\n"

// Format is what differs between the unified diffs tutor writes: the names
// on the "---" and "+++" lines and how long a diff may get.
type Format struct {
	// From and To name the old ("-") and new ("+") sides.
	From, To string
	// MaxLines caps the lines of hunks written; a cut diff ends with
	// "@@ diff cut at N lines @@". 0 means no cap.
	MaxLines int
}

// Write returns the unified diff of a and b that ops describe: the two
// file lines, then "@@ -l,n +l,n @@" hunks with three lines of context.
// Lines keep their bytes, carriage returns included; one without a
// newline is followed by NoNewline, so the diff applies with patch.
func (f Format) Write(a, b []string, ops []Op) string {
	var kinds []Kind // one per line: what the edit script does to it
	for _, op := range ops {
		for range op.N {
			kinds = append(kinds, op.Kind)
		}
	}
	var out strings.Builder
	fmt.Fprintf(&out, "--- %s\n+++ %s\n", f.From, f.To)
	ai, bi := 0, 0 // lines of a and b before kinds[k]
	written := 0   // hunk lines written so far
	for k := 0; k < len(kinds); {
		c := nextChange(kinds, k)
		if c < 0 {
			break
		}
		start := max(k, c-contextLines)
		ai, bi = ai+start-k, bi+start-k // the context skipped is equal lines
		stop := hunkEnd(kinds, c)
		cut := f.MaxLines > 0 && written+stop-start > f.MaxLines
		if cut {
			stop = start + f.MaxLines - written
		}
		aLen, bLen := 0, 0
		for _, kind := range kinds[start:stop] {
			aLen, bLen = advance(kind, aLen, bLen)
		}
		fmt.Fprintf(&out, "@@ -%s +%s @@\n", hunkRange(ai, aLen), hunkRange(bi, bLen))
		i, j := ai, bi
		for _, kind := range kinds[start:stop] {
			switch kind {
			case Equal:
				writeLine(&out, ' ', a[i])
			case Delete:
				writeLine(&out, '-', a[i])
			case Insert:
				writeLine(&out, '+', b[j])
			}
			i, j = advance(kind, i, j)
		}
		if cut {
			fmt.Fprintf(&out, "@@ diff cut at %d lines @@\n", f.MaxLines)
			break
		}
		written += stop - start
		ai, bi, k = ai+aLen, bi+bLen, stop
	}
	return out.String()
}

// hunkEnd returns where the hunk with the change at c ends: after the last
// change that follows its predecessor closely enough for their contexts
// to touch, plus the context after it.
func hunkEnd(kinds []Kind, c int) int {
	end := c
	for {
		for end < len(kinds) && kinds[end] != Equal {
			end++
		}
		n := nextChange(kinds, end)
		if n < 0 || n-end > 2*contextLines {
			break
		}
		end = n
	}
	return min(len(kinds), end+contextLines)
}

// writeLine writes one line of a hunk.
func writeLine(b *strings.Builder, mark byte, line string) {
	b.WriteByte(mark)
	b.WriteString(line)
	if !strings.HasSuffix(line, "\n") {
		b.WriteString("\n" + NoNewline)
	}
}

// nextChange returns the index of the first non-equal line at or after k,
// or -1.
func nextChange(kinds []Kind, k int) int {
	for ; k < len(kinds); k++ {
		if kinds[k] != Equal {
			return k
		}
	}
	return -1
}

// advance counts a line of kind k on the sides it belongs to.
func advance(k Kind, a, b int) (int, int) {
	switch k {
	case Delete:
		return a + 1, b
	case Insert:
		return a, b + 1
	}
	return a + 1, b + 1
}

// hunkRange formats one side of a hunk header as diff -u does: the 1-based
// first line and the count (the line before, when the count is 0), ",1"
// left out.
func hunkRange(before, n int) string {
	switch n {
	case 0:
		return fmt.Sprintf("%d,0", before)
	case 1:
		return fmt.Sprintf("%d", before+1)
	}
	return fmt.Sprintf("%d,%d", before+1, n)
}
