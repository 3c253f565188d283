package assertions

import (
	"regexp"
	"strings"

	"github.com/tutor-run/tutor/engine/normalize"
)

// Contains checks that actual contains want, either as written or once both
// are normalized (so spacing, ages or hashes in want do not have to match
// the run's).
func Contains(actual, want string) Result {
	if _, ok := find(actual, want); ok {
		return pass("output contains %q", Clip(want))
	}
	return fail("output does not contain %q", Clip(want))
}

// NotContains checks that actual contains want neither as written nor once
// both are normalized.
func NotContains(actual, want string) Result {
	if m, ok := find(actual, want); ok {
		return fail("output contains %q at line %d: %q", Clip(want), m.line, m.excerpt())
	}
	return pass("output does not contain %q", Clip(want))
}

// found is where find found the wanted text: in text (the output, raw or
// normalized), at byte at, on 1-based line line.
type found struct {
	text     string
	at, n    int
	line     int
	lineFrom int
}

// find reports where actual contains want, raw or normalized.
func find(actual, want string) (found, bool) {
	if i := strings.Index(actual, want); i >= 0 {
		return locate(actual, i, len(want)), true
	}
	a := normalize.Text(actual)
	w := strings.Trim(normalize.Text(want), "\n")
	if i := strings.Index(a, w); i >= 0 {
		return locate(a, i, len(w)), true
	}
	return found{}, false
}

func locate(text string, at, n int) found {
	return found{
		text: text, at: at, n: n,
		line:     1 + strings.Count(text[:at], "\n"),
		lineFrom: strings.LastIndexByte(text[:at], '\n') + 1,
	}
}

// excerpt returns the line of the match, cut to about 30 bytes on each
// side of it.
func (f found) excerpt() string {
	const side = 30
	end := len(f.text)
	if i := strings.IndexByte(f.text[f.at:], '\n'); i >= 0 {
		end = f.at + i
	}
	end = max(end, f.at+f.n)
	from, to := f.lineFrom, end
	prefix, suffix := "", ""
	if f.at-from > side { // start at a word
		from, prefix = f.at-side, "... "
		if k := strings.IndexByte(f.text[from:f.at], ' '); k >= 0 {
			from += k + 1
		}
	}
	if to-(f.at+f.n) > side { // end at a word
		to, suffix = f.at+f.n+side, " ..."
		if k := strings.LastIndexByte(f.text[f.at+f.n:to], ' '); k >= 0 {
			to = f.at + f.n + k
		}
	}
	for from > f.lineFrom && f.text[from]&0xc0 == 0x80 {
		from--
	}
	for to < end && f.text[to]&0xc0 == 0x80 {
		to++
	}
	return prefix + f.text[from:to] + suffix
}

// Regex checks that the RE2 expression pattern matches actual, in
// multi-line mode (^ and $ match at line boundaries). The output is tried as
// it is and then normalized, so colour codes and column padding do not get
// in the way. A pattern that does not compile is a failed claim.
func Regex(actual, pattern string) Result {
	re, err := regexp.Compile("(?m)" + pattern)
	if err != nil {
		return fail("bad regular expression %q: %v", Clip(pattern), err)
	}
	if re.MatchString(actual) || re.MatchString(normalize.Text(actual)) {
		return pass("output matches %q", Clip(pattern))
	}
	return fail("output does not match %q", Clip(pattern))
}
