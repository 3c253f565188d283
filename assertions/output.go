package assertions

import (
	"fmt"
	"strings"

	"github.com/tutor-run/tutor/engine/normalize"
)

// wildcard is an expected-output line that stands for zero or more lines.
const wildcard = "..."

// Output checks the pasted-output claim: once both sides are normalized and
// leading and trailing blank lines dropped, every expected line must equal
// the actual line in the same place, except that an expected line holding
// only "..." matches zero or more actual lines.
func Output(expected, actual string) Result {
	exp, expSkipped := prepare(expected)
	act, actSkipped := prepare(actual)
	if exp == act {
		return pass("output matches")
	}
	// Far more output than the post pasted cannot be made equal by the
	// masks below, which would each copy all of it.
	if len(act) <= 4*len(exp)+64<<10 {
		if sameJSON(exp, act) {
			return pass("output matches as JSON (key order and spacing ignored)")
		}
		if e, a := withoutAdvisories(exp, act); e == a {
			return pass("output matches (warnings and progress lines the post does not show ignored)")
		} else if e != exp || a != act {
			exp, act = e, a
		}
		if sameMeasured(exp, act) {
			return pass("output matches (measurements such as round trips, TTLs and durations ignored)")
		}
		if !hasWildcard(exp) && (sameWords(exp, act) || sameWrapped(expected, actual)) {
			return pass("output matches (line wrapping ignored)")
		}
	}
	if hasWildcard(exp) {
		return matchWildcards(lines(exp), lines(act), expSkipped, actSkipped)
	}
	return mismatch(exp, act, expSkipped, actSkipped)
}

// sameWords reports whether two texts hold the same words in the same
// order once their lines are joined: an author's terminal wrapped a long
// line, or a newer tool wraps it elsewhere.
func sameWords(exp, act string) bool {
	if strings.Count(exp, "\n") == strings.Count(act, "\n") {
		return false
	}
	e, a := strings.Fields(exp), strings.Fields(act)
	if len(e) == len(a) && strings.Join(e, " ") == strings.Join(a, " ") {
		return true
	}
	// A terminal wraps at a column, in the middle of a word.
	return strings.Join(e, "") == strings.Join(a, "")
}

// sameWrapped is sameWords for a line wrapped inside a volatile value
// (a timestamp cut in two normalizes differently): the raw lines are
// joined before they are normalized.
func sameWrapped(expected, actual string) bool {
	e := strings.TrimSpace(expected)
	a := strings.TrimSpace(actual)
	if strings.Count(e, "\n") == strings.Count(a, "\n") {
		return false
	}
	squeeze := func(s string) string {
		return strings.Join(strings.Fields(normalize.Line(strings.ReplaceAll(s, "\n", ""))), "")
	}
	return squeeze(e) == squeeze(a)
}

// mismatch describes how two prepared texts differ.
func mismatch(exp, act string, expSkipped, actSkipped int) Result {
	ops := lineDiff(exp, act)
	msg := describe(ops, strings.Count(exp, "\n"), strings.Count(act, "\n"), expSkipped, actSkipped)
	return Result{Message: msg, Diff: unified(ops)}
}

// hasWildcard reports whether a prepared text has a wildcard line.
func hasWildcard(text string) bool {
	return strings.HasPrefix(text, wildcard+"\n") || strings.Contains(text, "\n"+wildcard+"\n")
}

// prepare normalizes s and drops its leading and trailing blank lines. The
// text keeps one final newline (the line diff wants one on every line), and
// skipped counts the leading lines dropped, so messages give line numbers
// of the text as written.
func prepare(s string) (text string, skipped int) {
	n := normalize.Text(s)
	start := 0
	for start < len(n) && n[start] == '\n' {
		start++
	}
	end := len(n)
	for end > start && n[end-1] == '\n' {
		end--
	}
	switch {
	case start == end:
		return "", start
	case end < len(n):
		return n[start : end+1], start
	}
	return n[start:] + "\n", start
}

// lines splits a prepared text into its lines.
func lines(text string) []string {
	if text == "" {
		return nil
	}
	return strings.Split(text[:len(text)-1], "\n")
}

// describe turns the first difference of a line diff into a message:
//
//	line 3: expected "... Ready ...", got "... NotReady ..."
//	expected 4 lines, got 3: line 2 missing: "..."
func describe(ops []lineOp, nexp, nact, expSkipped, actSkipped int) string {
	var msg string
	aLine, bLine, changes := 0, 0, 0
	for i := 0; i < len(ops); i++ {
		if ops[i].kind == opEqual {
			aLine++
			bLine++
			continue
		}
		changes++
		j := i
		for j < len(ops) && ops[j].kind != opEqual {
			j++
		}
		if changes == 1 {
			var del, ins []string
			for _, op := range ops[i:j] {
				if op.kind == opDelete {
					del = append(del, op.text)
				} else {
					ins = append(ins, op.text)
				}
			}
			switch {
			case len(del) > 0 && len(ins) > 0:
				e, a := excerpts(del[0], ins[0])
				msg = fmt.Sprintf("line %d: expected %q, got %q", aLine+1+expSkipped, e, a)
			case len(del) > 0:
				msg = fmt.Sprintf("line %d missing: %q", aLine+1+expSkipped, Clip(del[0]))
			default:
				msg = fmt.Sprintf("output line %d unexpected: %q", bLine+1+actSkipped, Clip(ins[0]))
			}
		}
		i = j - 1
	}
	switch {
	case nact == 0:
		return fmt.Sprintf("expected %s, got no output", plural(nexp, "line"))
	case nexp == 0:
		return fmt.Sprintf("expected no output, got %s", plural(nact, "line"))
	case nexp != nact:
		msg = fmt.Sprintf("expected %s, got %d: %s", plural(nexp, "line"), nact, msg)
	}
	if changes > 1 {
		msg += fmt.Sprintf(" (and %s)", plural(changes-1, "more difference"))
	}
	return msg
}

// excerpts shortens two differing lines to the words that differ, with
// "..." for the words they share, unless both are short.
func excerpts(exp, act string) (string, string) {
	if len(exp) <= 40 && len(act) <= 40 {
		return exp, act
	}
	ew, aw := strings.Split(exp, " "), strings.Split(act, " ")
	p := 0
	for p < len(ew) && p < len(aw) && ew[p] == aw[p] {
		p++
	}
	s := 0
	for s < len(ew)-p && s < len(aw)-p && ew[len(ew)-1-s] == aw[len(aw)-1-s] {
		s++
	}
	if p > 0 && (p+s == len(ew) || p+s == len(aw)) {
		p-- // show a word of context rather than nothing
	}
	return elide(ew, p, s), elide(aw, p, s)
}

// elide joins w[p:len(w)-s], marking the p words before and s after with
// "...".
func elide(w []string, p, s int) string {
	out := Clip(strings.Join(w[p:len(w)-s], " "))
	if p > 0 {
		out = "... " + out
	}
	if s > 0 {
		out += " ..."
	}
	return out
}

// Clip shortens s to about 60 bytes, on a UTF-8 boundary, for a message
// that quotes it.
func Clip(s string) string {
	const max = 60
	if len(s) <= max {
		return s
	}
	i := max - 3
	for i > 0 && s[i]&0xc0 == 0x80 {
		i--
	}
	return s[:i] + "..."
}

func plural(n int, what string) string {
	if n == 1 {
		return fmt.Sprintf("1 %s", what)
	}
	return fmt.Sprintf("%d %ss", n, what)
}
