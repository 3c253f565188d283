package assertions

import (
	"regexp"
	"strings"
)

// An author who masked a value when pasting (token=REDACTED, ****,
// xxxxxxxx, <your-token>, XXXXXXXX inside a subscription ID) claims "some
// value is here": the masked part matches whatever the run prints in its
// place, and tutor's own redaction marker ([REDACTED:NAME], which --update
// writes into a post) is a mask too, so an updated post matches the run
// that wrote it.

// mask finds the masked parts of a pasted line.
var mask = regexp.MustCompile(`\[REDACTED(:[A-Za-z0-9_]+)?\]|\bREDACTED\b|<redacted>|\*{3,}|\b[xX]{4,}\b|[xX]{6,}|` +
	`(?:\b|-)[xX]{4,}(?:-[xX]{4,}){1,4}\b|<(?:your|my)[-_ ][^<>]{1,40}>|<[a-z][-a-z_ ]{0,30}(?:token|secret|password|key|id)>`)

// maskNeedle is a quick test before the pattern.
func maskNeedle(s string) bool {
	return strings.Contains(s, "REDACTED") || strings.Contains(s, "***") || strings.Contains(s, "xxxx") ||
		strings.Contains(s, "XXXX") || strings.Contains(s, "<redacted>") || strings.Contains(s, "<your") ||
		strings.Contains(s, "<my") || strings.Contains(s, "token>") || strings.Contains(s, "secret>") ||
		strings.Contains(s, "password>") || strings.Contains(s, "key>") || strings.Contains(s, "id>")
}

// maskedLine turns a pasted line with masks into a pattern for a whole run
// line, or returns nil when the line has none.
func maskedLine(l string) *regexp.Regexp {
	if !maskNeedle(l) {
		return nil
	}
	locs := mask.FindAllStringIndex(l, -1)
	if locs == nil {
		return nil
	}
	var b strings.Builder
	b.WriteString(`^`)
	prev := 0
	for _, loc := range locs {
		b.WriteString(regexp.QuoteMeta(l[prev:loc[0]]))
		if loc[1] == len(l) {
			b.WriteString(`\S.*`)
		} else {
			b.WriteString(`\S+?`)
		}
		prev = loc[1]
	}
	b.WriteString(regexp.QuoteMeta(l[prev:]))
	b.WriteString(`$`)
	return regexp.MustCompile(b.String())
}

// Unmask returns the pasted output with each line that holds a mask
// replaced by the line of the run's output it stands for: the first line,
// after the one the previous masked line took, that reads the same outside
// the masks. Lines that match nothing stay as pasted, so the comparison
// that follows reports them.
func Unmask(expected, actual string) string {
	if !maskNeedle(expected) {
		return expected
	}
	exp := strings.Split(expected, "\n")
	act := strings.Split(actual, "\n")
	norm := make([]string, len(act))
	for i, a := range act {
		norm[i] = strings.Join(strings.Fields(a), " ")
	}
	changed := false
	next := 0
	for i, e := range exp {
		re := maskedLine(strings.Join(strings.Fields(e), " "))
		if re == nil {
			continue
		}
		for j := next; j < len(act); j++ {
			if re.MatchString(norm[j]) {
				exp[i], next, changed = act[j], j+1, true
				break
			}
		}
	}
	if !changed {
		return expected
	}
	return strings.Join(exp, "\n")
}

// Masked reports whether pasted holds a mask and got reads the same
// outside it: a value an author masked matches whatever the run printed.
func Masked(pasted, got string) bool {
	re := maskedLine(pasted)
	return re != nil && re.MatchString(got)
}
