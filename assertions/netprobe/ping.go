package netprobe

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/tutor-run/tutor/assertions"
)

var (
	pingHeader  = regexp.MustCompile(`^PING ([^\s(]+)`)
	pingSummary = regexp.MustCompile(`(\d+) packets transmitted, (\d+) (?:packets )?received(?:, \+(\d+) errors)?, ([\d.]+)% packet loss`)
	pingReply   = regexp.MustCompile(`^\d+ bytes from `)
	pingError   = regexp.MustCompile(`(unknown host|Name or service not known|Temporary failure in name resolution|Destination Host Unreachable|Destination Net Unreachable|Network is unreachable|Request timeout|bad address|Operation not permitted|100% packet loss)`)
)

// pingFacts is what one ping run reports.
type pingFacts struct {
	target  string
	loss    string // none, some, all, or "" when no summary
	replies bool
	errors  []string
}

func (f pingFacts) String() string {
	var parts []string
	if f.target != "" {
		parts = append(parts, "ping "+f.target)
	}
	if f.loss != "" {
		parts = append(parts, f.loss+" lost")
	} else if f.replies {
		parts = append(parts, "replies")
	}
	parts = append(parts, f.errors...)
	return strings.Join(parts, ", ")
}

func readPing(text string) pingFacts {
	var f pingFacts
	seen := map[string]bool{}
	for _, l := range strings.Split(text, "\n") {
		l = strings.TrimSpace(l)
		if strings.HasPrefix(l, "PING ") {
			if m := pingHeader.FindStringSubmatch(l); m != nil {
				f.target = m[1]
			}
		}
		if pingReply.MatchString(l) {
			f.replies = true
		}
		if m := summaryOf(l); m != nil {
			sent, _ := strconv.Atoi(m[1])
			got, _ := strconv.Atoi(m[2])
			switch {
			case got == 0:
				f.loss = "all"
			case got < sent:
				f.loss = "some"
			default:
				f.loss = "none"
			}
			continue
		}
		if !mayBeError(l) {
			continue
		}
		if m := pingError.FindString(l); m != "" && m != "100% packet loss" && !seen[m] {
			if m == "Name or service not known" || m == "Temporary failure in name resolution" || m == "bad address" {
				m = "unknown host"
			}
			seen[m] = true
			f.errors = append(f.errors, m)
		}
	}
	return f
}

// Ping judges ping's output by its facts.
func Ping(expected, actual string) assertions.Result {
	e, a := readPing(expected), readPing(actual)
	if e.target == "" && e.loss == "" && len(e.errors) == 0 {
		return assertions.Output(expected, actual)
	}
	var probs []string
	if e.target != "" && a.target != e.target {
		probs = append(probs, fmt.Sprintf("the run pinged %q, the post %q", a.target, e.target))
	}
	el, al := e.loss, a.loss
	if el == "" && e.replies {
		el = "none"
	}
	if al == "" && a.replies {
		al = "none"
	}
	if el != al {
		probs = append(probs, fmt.Sprintf("%s packets lost in the run, %s in the post", orNo(al), orNo(el)))
	}
	if strings.Join(e.errors, ",") != strings.Join(a.errors, ",") {
		probs = append(probs, fmt.Sprintf("the run reports %s, the post %s", list(a.errors), list(e.errors)))
	}
	if len(probs) == 0 {
		return assertions.Result{OK: true, Message: "ping reports the same: " + e.String() + " (round trips, TTLs and packet counts ignored)"}
	}
	return assertions.Result{Message: strings.Join(probs, "; "), Diff: assertions.Diff(expected, actual)}
}

func orNo(s string) string {
	if s == "" {
		return "no summary of"
	}
	return s
}

func list(s []string) string {
	if len(s) == 0 {
		return "no error"
	}
	return strings.Join(s, ", ")
}

// errorWords are in every line pingError matches.
var errorWords = []string{"nknown", "not known", "ailure", "nreachable", "timeout", "bad address", "not permitted"}

// mayBeError is a quick test before pingError.
func mayBeError(l string) bool {
	for _, w := range errorWords {
		if strings.Contains(l, w) {
			return true
		}
	}
	return false
}

// summaryOf matches ping's summary line.
func summaryOf(l string) []string {
	if !strings.Contains(l, "packets transmitted") {
		return nil
	}
	return pingSummary.FindStringSubmatch(l)
}
