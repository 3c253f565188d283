package update

import (
	"bytes"
	"fmt"
	"strings"
)

// diffContext is the number of unchanged lines shown around each change.
const diffContext = 3

// noNewline marks, as diff and patch do, a last line without a newline.
const noNewline = "\\ No newline at end of file\n"

// Diff returns a unified diff (--- a/path, +++ b/path, @@ hunks with three
// lines of context) from old to new, for --diff previews; "" when they are
// equal. It applies with `patch -p1` or `git apply`. Lines keep their bytes,
// carriage returns included.
func Diff(path string, old, new []byte) string {
	if bytes.Equal(old, new) {
		return ""
	}
	a, b := splitLines(old), splitLines(new)
	// One op per line: what each line of the edit script does.
	var kinds []opKind
	for _, op := range diffLines(a, b) {
		for n := 0; n < op.n; n++ {
			kinds = append(kinds, op.kind)
		}
	}
	var out strings.Builder
	fmt.Fprintf(&out, "--- a/%s\n+++ b/%s\n", path, path)
	ai, bi := 0, 0 // lines of a and b before kinds[k]
	for k := 0; k < len(kinds); {
		c := nextChange(kinds, k)
		if c < 0 {
			break
		}
		start := max(k, c-diffContext)
		for ; k < start; k++ {
			ai, bi = ai+1, bi+1 // context skipped is equal lines
		}
		end := c
		for {
			for end < len(kinds) && kinds[end] != opEqual {
				end++
			}
			n := nextChange(kinds, end)
			if n < 0 || n-end > 2*diffContext {
				break
			}
			end = n
		}
		stop := min(len(kinds), end+diffContext)
		var body strings.Builder
		aLen, bLen := 0, 0
		for _, kind := range kinds[start:stop] {
			switch kind {
			case opEqual:
				writeLine(&body, ' ', a[ai+aLen])
				aLen, bLen = aLen+1, bLen+1
			case opDelete:
				writeLine(&body, '-', a[ai+aLen])
				aLen++
			case opInsert:
				writeLine(&body, '+', b[bi+bLen])
				bLen++
			}
		}
		fmt.Fprintf(&out, "@@ -%s +%s @@\n%s", hunkRange(ai, aLen), hunkRange(bi, bLen), body.String())
		ai, bi, k = ai+aLen, bi+bLen, stop
	}
	return out.String()
}

// splitLines splits s after each newline; a last line without one is kept
// as it is, so it differs from the same line with a newline.
func splitLines(s []byte) []string {
	var lines []string
	for len(s) > 0 {
		i := bytes.IndexByte(s, '\n') + 1
		if i == 0 {
			i = len(s)
		}
		lines = append(lines, string(s[:i]))
		s = s[i:]
	}
	return lines
}

// writeLine writes one line of a hunk.
func writeLine(b *strings.Builder, mark byte, line string) {
	b.WriteByte(mark)
	b.WriteString(line)
	if !strings.HasSuffix(line, "\n") {
		b.WriteString("\n" + noNewline)
	}
}

// nextChange returns the index of the first non-equal line at or after k,
// or -1.
func nextChange(kinds []opKind, k int) int {
	for ; k < len(kinds); k++ {
		if kinds[k] != opEqual {
			return k
		}
	}
	return -1
}

// hunkRange formats one side of a hunk header: the 1-based first line and
// the count (the line before, when the count is 0), ",1" left out.
func hunkRange(before, n int) string {
	switch n {
	case 0:
		return fmt.Sprintf("%d,0", before)
	case 1:
		return fmt.Sprintf("%d", before+1)
	}
	return fmt.Sprintf("%d,%d", before+1, n)
}
