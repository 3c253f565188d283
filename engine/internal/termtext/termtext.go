// Package termtext holds what the terminal reporter (engine/report) and
// tutor learn (engine/learn) both do to text they show at a terminal:
// stream a step's output line by line, clean each line of it, strip
// escape sequences, cut and indent messages, and paint text in one
// palette.
package termtext

import (
	"regexp"
	"strings"

	"github.com/tutor-run/tutor/engine/normalize"
)

// ansi matches terminal escape sequences: CSI (colours, cursor moves), OSC
// (titles, links) and the two-byte escapes.
var ansi = regexp.MustCompile(`\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[@-Z\\-_])`)

// StripANSI removes terminal escape sequences from s.
func StripANSI(s string) string {
	if !strings.Contains(s, "\x1b") {
		return s
	}
	return ansi.ReplaceAllString(s, "")
}

// FirstLine is s, trimmed, up to its first newline, with " …" when more
// lines follow.
func FirstLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return strings.TrimSpace(s[:i]) + " …"
	}
	return s
}

// IndentRest indents every line of s but the first.
func IndentRest(s, indent string) string {
	return strings.ReplaceAll(strings.TrimRight(s, "\n"), "\n", "\n"+indent)
}

// OutputPrefix starts every line of a step's output as it is shown again.
const OutputPrefix = "  │ "

// OutputLines is the line func of the Stream of a step's output: each
// line cleaned by OutputLine, after a dimmed OutputPrefix, with its
// newline.
func OutputLines(color bool) func([]byte) string {
	prefix := Paint(color, Dim, OutputPrefix)
	return func(b []byte) string { return prefix + OutputLine(b, color) + "\n" }
}

// OutputLine is one line of a step's output (without its newline) as it
// is shown again: a progress bar's last draw, escape sequences kept only
// when color is on (and then reset at the line's end), invalid UTF-8 and
// the control characters that would move the cursor dropped.
func OutputLine(b []byte, color bool) string {
	s := strings.TrimSuffix(string(b), "\r")
	if i := strings.LastIndexByte(s, '\r'); i >= 0 {
		s = s[i+1:] // a progress bar: the terminal would show the last draw
	}
	if !color {
		s = StripANSI(s)
	}
	s = normalize.DropControls(strings.ToValidUTF8(s, "\uFFFD"), color)
	if color && strings.Contains(s, "\x1b") {
		s += "\x1b[0m" // the command's colours end with its line
	}
	return s
}
