package assertions

import (
	"fmt"
	"strings"
)

// chunk is a run of expected lines between wildcards; start is the index
// of its first line in the expected lines.
type chunk struct {
	start int
	lines []string
}

// matchWildcards matches expected lines holding "..." wildcards against
// the actual lines. The chunks between wildcards are fixed, so placing each
// at its leftmost occurrence after the previous one is correct: it leaves
// the most room for the rest. The first chunk is anchored at the start
// unless a wildcard precedes it, the last at the end unless one follows.
func matchWildcards(el, al []string, expSkipped, actSkipped int) Result {
	var chunks []chunk
	for i := 0; i < len(el); {
		if el[i] == wildcard {
			i++
			continue
		}
		j := i
		for j < len(el) && el[j] != wildcard {
			j++
		}
		chunks = append(chunks, chunk{i, el[i:j]})
		i = j
	}
	expLine := func(i int) int { return i + 1 + expSkipped }
	actLine := func(i int) int { return i + 1 + actSkipped }

	// expanded is the expected text with each wildcard replaced by the
	// lines it matched: the diff then shows only the real difference.
	var expanded []string
	pos := 0
	for _, c := range chunks {
		wildBefore := c.start > 0 && el[c.start-1] == wildcard
		end := c.start + len(c.lines)
		wildAfter := end < len(el)
		var msg string
		switch {
		case !wildBefore:
			if i := firstMismatch(c.lines, al[pos:]); i >= 0 {
				msg = mismatchAt(c, i, al, pos+i, expLine, actLine)
				break
			}
			expanded = append(expanded, c.lines...)
			pos += len(c.lines)
		case !wildAfter:
			start := len(al) - len(c.lines)
			if start < pos {
				msg = fmt.Sprintf("line %d: expected %s at the end of output", expLine(c.start), plural(len(c.lines), "line"))
				if pos > 0 {
					msg += fmt.Sprintf(" after output line %d", actLine(pos-1))
				}
				msg += fmt.Sprintf(", got %d", len(al)-pos)
				break
			}
			// The wildcard takes what the tail leaves, matched or not.
			expanded = append(expanded, al[pos:start]...)
			if i := firstMismatch(c.lines, al[start:]); i >= 0 {
				msg = mismatchAt(c, i, al, start+i, expLine, actLine)
				wildBefore = false
				break
			}
			expanded = append(expanded, c.lines...)
			pos = len(al)
		default:
			j := index(al, pos, c.lines)
			if j < 0 {
				msg = fmt.Sprintf("line %d: no match for %q", expLine(c.start), Clip(c.lines[0]))
				if len(c.lines) > 1 {
					msg += fmt.Sprintf(" and the %s after it", plural(len(c.lines)-1, "line"))
				}
				if pos > 0 {
					msg += fmt.Sprintf(" after output line %d", actLine(pos-1))
				}
				break
			}
			expanded = append(expanded, al[pos:j]...)
			expanded = append(expanded, c.lines...)
			pos = j + len(c.lines)
		}
		if msg != "" {
			from := c.start
			if wildBefore {
				from--
			}
			expanded = append(expanded, el[from:]...)
			return Result{Message: msg, Diff: unified(join(expanded), join(al))}
		}
	}
	return pass("output matches")
}

// firstMismatch returns the first i where want[i] differs from got[i] (or
// got has no line i), or -1.
func firstMismatch(want, got []string) int {
	for i, w := range want {
		if i >= len(got) || got[i] != w {
			return i
		}
	}
	return -1
}

// mismatchAt describes line i of chunk c against actual line j.
func mismatchAt(c chunk, i int, al []string, j int, expLine, actLine func(int) int) string {
	want, n := c.lines[i], expLine(c.start+i)
	if j >= len(al) {
		return fmt.Sprintf("line %d: expected %q, got end of output", n, Clip(want))
	}
	e, a := excerpts(want, al[j])
	msg := fmt.Sprintf("line %d: expected %q, got %q", n, e, a)
	if actLine(j) != n {
		msg += fmt.Sprintf(" at output line %d", actLine(j))
	}
	return msg
}

// index returns the first index at or after pos where the lines of c occur
// in al, or -1.
func index(al []string, pos int, c []string) int {
	for j := pos; j+len(c) <= len(al); j++ {
		if al[j] == c[0] && firstMismatch(c, al[j:j+len(c)]) < 0 {
			return j
		}
	}
	return -1
}

// join makes lines a text for unified.
func join(ls []string) string {
	if len(ls) == 0 {
		return ""
	}
	return strings.Join(ls, "\n") + "\n"
}
