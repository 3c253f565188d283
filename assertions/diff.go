package assertions

import (
	"time"

	"github.com/tutor-run/tutor/engine/linediff"
)

const (
	// diffTimeout bounds the diff of pathological inputs; past it the
	// diff is correct but less minimal.
	diffTimeout = 500 * time.Millisecond
	// maxDiffLines caps the lines of a rendered diff.
	maxDiffLines = 1000
	// maxDiffInput is how many lines, both sides together, a claim diffs
	// minimally; beyond it the diff is linediff.Plain's, linear. It was
	// set under go-diff's limit of one rune per distinct line, which
	// linediff.Lines now checks for itself.
	maxDiffInput = 1_000_000
)

// diffFormat is how a claim's diff reads: the post's text against the
// run's, cut where a reader would stop reading.
var diffFormat = linediff.Format{From: "expected", To: "actual", MaxLines: maxDiffLines}

// Diff returns a unified diff of the normalized expected ("-") and actual
// ("+") texts, ignoring leading and trailing blank lines, or "" when they
// are equal. Placeholders such as <TIME> and <HASH> show what was ignored.
func Diff(expected, actual string) string {
	exp, _ := prepare(expected)
	act, _ := prepare(actual)
	if exp == act {
		return ""
	}
	return unified(exp, act)
}

// lineDiff diffs two prepared texts line by line; the lines it returns
// keep their newlines.
func lineDiff(exp, act string) (a, b []string, ops []linediff.Op) {
	a, b = linediff.Split(exp), linediff.Split(act)
	if len(a)+len(b) > maxDiffInput {
		return a, b, linediff.Plain(a, b)
	}
	return a, b, linediff.Lines(a, b, diffTimeout)
}

// unified is the diff of two prepared texts as a claim shows it.
func unified(exp, act string) string {
	a, b, ops := lineDiff(exp, act)
	return diffFormat.Write(a, b, ops)
}
