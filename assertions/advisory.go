package assertions

import (
	"encoding/json"
	"reflect"
	"regexp"
	"strings"
)

// Tools print lines around their real output that are not what a post
// claims: kubectl's "Warning:" lines (a missing last-applied annotation, a
// deprecated API, version skew), klog lines, helm's and az's "WARNING:"
// notices, preview and deprecation notices. And progress that depends on
// speed: the number of "Waiting for deployment ... rollout" lines kubectl
// rollout status prints. A faithful rerun that prints more or fewer of
// them says the same thing.

var (
	// advisoryLine is a notice a tool prints beside its output.
	advisoryLine = regexp.MustCompile(`^(Warning: |WARNING: |warning: |[WI]\d{4} (\d\d:\d\d:\d\d\.\d+|<TIME>) +\d+ |This command is (in preview|experimental)|Command group '[^']*' is (in preview|experimental)|The command .* is deprecated|Flag --\S+ has been deprecated|The behavior of this command has been altered by the following extension|Extension '[^']*' is (in preview|experimental)|.*is in preview and under development\. Reference and support levels)`)
	// progressLine is a line that says a wait is still going on.
	progressLine = regexp.MustCompile(`^Waiting for (deployment|daemon set|statefulset|deployment spec update|rollout)\b.*`)
)

// dropAdvisories removes the advisory lines from both sides, unless the
// pasted output is nothing but advisories (then the warning is what the
// post shows, as in "the API server warns you:"), and the progress lines of
// a wait (the line after them is the claim). It returns the lines to
// compare, and whether it removed any.
func dropAdvisories(expected, actual []string) (exp, act []string, changed bool) {
	keepAdvisories := len(expected) > 0
	for _, l := range expected {
		if strings.TrimSpace(l) != "" && !advisoryLine.MatchString(l) {
			keepAdvisories = false
			break
		}
	}
	drop := func(lines []string, advisories bool) []string {
		out := lines[:0:0]
		for _, l := range lines {
			if progressLine.MatchString(l) || advisories && advisoryLine.MatchString(l) {
				changed = true
				continue
			}
			out = append(out, l)
		}
		return out
	}
	exp = drop(expected, !keepAdvisories)
	act = drop(actual, !keepAdvisories)
	return exp, act, changed
}

// withoutAdvisories applies dropAdvisories to two prepared texts.
func withoutAdvisories(exp, act string) (string, string) {
	if !mayHoldAdvisory(act) && !mayHoldAdvisory(exp) {
		return exp, act
	}
	e, a, changed := dropAdvisories(lines(exp), lines(act))
	if !changed {
		return exp, act
	}
	join := func(l []string) string {
		if len(l) == 0 {
			return ""
		}
		return strings.Join(l, "\n") + "\n"
	}
	return join(e), join(a)
}

// mayHoldAdvisory is a quick test before the patterns.
func mayHoldAdvisory(s string) bool {
	return strings.Contains(s, "arning") || strings.Contains(s, "ARNING") || strings.Contains(s, "Waiting for") ||
		strings.Contains(s, "ommand") || strings.Contains(s, "Flag --") || strings.Contains(s, "preview") ||
		strings.Contains(s, "xperimental") || strings.Contains(s, "xtension") || klogish(s)
}

// klogish reports whether a text may hold a klog line (I0710 14:43:38...):
// a line that starts with I or W and a digit.
func klogish(s string) bool {
	for i := 0; i+1 < len(s); {
		if (s[i] == 'I' || s[i] == 'W') && s[i+1] >= '0' && s[i+1] <= '9' {
			return true
		}
		j := strings.IndexByte(s[i:], '\n')
		if j < 0 {
			return false
		}
		i += j + 1
	}
	return false
}

// sameJSON reports whether two prepared texts are the same JSON document
// once decoded: `-o json` prints keys in an order a rerun need not keep.
func sameJSON(exp, act string) bool {
	e, a := strings.TrimSpace(exp), strings.TrimSpace(act)
	if e == "" || a == "" || (e[0] != '{' && e[0] != '[') || (a[0] != '{' && a[0] != '[') {
		return false
	}
	var ev, av any
	if json.Unmarshal([]byte(e), &ev) != nil || json.Unmarshal([]byte(a), &av) != nil {
		return false
	}
	return reflect.DeepEqual(ev, av)
}

// WithoutAdvisories drops the advisory and progress lines of one output
// (unless it is nothing but advisories): what is left is the document or
// table a rule parses.
func WithoutAdvisories(text string) string {
	if !mayHoldAdvisory(text) {
		return text
	}
	ls := strings.Split(text, "\n")
	_, out, changed := dropAdvisories(nil, ls)
	if !changed {
		return text
	}
	return strings.Join(out, "\n")
}
