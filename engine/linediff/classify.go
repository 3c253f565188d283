package linediff

import "strings"

// LineKind says what a line of a unified diff is, so every renderer
// (terminal, HTML, tutor learn) styles diffs the same way.
type LineKind int

// The kinds of diff lines.
const (
	ContextLine LineKind = iota // a line both sides have
	HeaderLine                  // "--- expected" / "+++ actual"
	RemovedLine                 // a line only the old ("-") side has
	AddedLine                   // a line only the new ("+") side has
	HunkLine                    // "@@ -1,2 +1,2 @@"
)

// ClassifyLine returns the kind of one line of a diff Format.Write wrote.
func ClassifyLine(line string) LineKind {
	switch {
	case strings.HasPrefix(line, "+++"), strings.HasPrefix(line, "---"):
		return HeaderLine
	case strings.HasPrefix(line, "+"):
		return AddedLine
	case strings.HasPrefix(line, "-"):
		return RemovedLine
	case strings.HasPrefix(line, "@@"):
		return HunkLine
	}
	return ContextLine
}
