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
