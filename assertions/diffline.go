package assertions

import "strings"

// DiffLineKind says what a line of a Diff is, so every renderer (terminal,
// HTML, tutor learn) styles diffs the same way.
type DiffLineKind int

// The kinds of diff lines.
const (
	DiffContext DiffLineKind = iota // a line both sides have
	DiffHeader                      // "--- expected" / "+++ actual"
	DiffRemoved                     // a line only the expected side has
	DiffAdded                       // a line only the actual side has
	DiffHunk                        // "@@ -1,2 +1,2 @@"
)

// ClassifyDiffLine returns the kind of one line of a Diff.
func ClassifyDiffLine(line string) DiffLineKind {
	switch {
	case strings.HasPrefix(line, "+++"), strings.HasPrefix(line, "---"):
		return DiffHeader
	case strings.HasPrefix(line, "+"):
		return DiffAdded
	case strings.HasPrefix(line, "-"):
		return DiffRemoved
	case strings.HasPrefix(line, "@@"):
		return DiffHunk
	}
	return DiffContext
}

// CommonEnds returns how many leading and trailing lines a and b share
// (the trailing count never overlaps the leading one): the linear fallback
// of the line diffs here and in update mode.
func CommonEnds(a, b []string) (head, tail int) {
	for head < len(a) && head < len(b) && a[head] == b[head] {
		head++
	}
	for tail < len(a)-head && tail < len(b)-head && a[len(a)-1-tail] == b[len(b)-1-tail] {
		tail++
	}
	return head, tail
}
