package flows

import (
	"fmt"
	"slices"
	"strings"

	"github.com/tutor-run/tutor/assertions"
)

// maxDiffExtra caps the "+" lines (kinds only the cluster showed) of a Diff.
const maxDiffExtra = 40

// KindSet collects the distinct kinds of flow lines, in first-seen order.
type KindSet struct {
	kinds []Kind
	seen  map[Kind]bool
	// Lines counts the flow lines added; Skipped the lines that were not
	// flow lines (blank lines aside).
	Lines, Skipped int
}

// NewKindSet returns an empty set.
func NewKindSet() *KindSet { return &KindSet{seen: map[Kind]bool{}} }

// AddLine adds the kind of one compact line; other lines count as skipped.
func (s *KindSet) AddLine(line string) {
	if strings.TrimSpace(line) == "" {
		return
	}
	l, err := ParseLine(line)
	if err != nil {
		s.Skipped++
		return
	}
	s.Add(KindOf(l))
}

// Add adds one kind.
func (s *KindSet) Add(k Kind) {
	s.Lines++
	if !s.seen[k.key()] {
		s.seen[k.key()] = true
		s.kinds = append(s.kinds, k)
	}
}

// AddText adds every line of text.
func (s *KindSet) AddText(text string) {
	for line := range strings.Lines(text) {
		s.AddLine(strings.TrimRight(line, "\r\n"))
	}
}

// Kinds are the distinct kinds, in first-seen order.
func (s *KindSet) Kinds() []Kind { return s.kinds }

// Has reports whether k was added (at any path point, when forwarded).
func (s *KindSet) Has(k Kind) bool { return s.seen[k.key()] }

// translates reports whether the set holds a Translation kind.
func (s *KindSet) translates() bool { return slices.ContainsFunc(s.kinds, Kind.Translation) }

// Compare checks a pasted `hubble observe` transcript against the one the
// run printed, as sets of flow kinds (see Kind): order, multiplicity and
// the details Kind drops do not count. Every kind the post shows must
// appear; kinds only the run shows are listed in the message but do not
// fail, since a live cluster always has more traffic than a post shows.
func Compare(expected, actual string) assertions.Result {
	exp, act := NewKindSet(), NewKindSet()
	exp.AddText(expected)
	act.AddText(actual)
	return CompareSets(exp, act)
}

// CompareSets is Compare for kinds already collected (for example
// streamed from Hubble).
func CompareSets(exp, act *KindSet) assertions.Result {
	if len(exp.kinds) == 0 {
		return assertions.Result{Message: "the post shows no hubble flow lines to compare"}
	}
	var missing, untranslated []Kind
	translates := act.translates()
	for _, k := range exp.kinds {
		switch {
		case act.Has(k):
		case k.Translation() && !translates:
			untranslated = append(untranslated, k)
		default:
			missing = append(missing, k)
		}
	}
	extra := 0
	for _, k := range act.kinds {
		if !exp.Has(k) {
			extra++
		}
	}
	if len(missing) == 0 {
		msg := fmt.Sprintf("all %d flow kinds the post shows appear", len(exp.kinds)-len(untranslated))
		if len(untranslated) > 0 {
			msg += fmt.Sprintf(" but %d TRANSLATED kinds, which only Cilium's socket load balancer prints (the cluster shows none: it translates Service addresses elsewhere, such as kube-proxy)", len(untranslated))
		}
		if extra > 0 {
			msg += fmt.Sprintf("; the cluster also shows %d other kinds", extra)
		}
		if exp.Skipped > 0 {
			msg += fmt.Sprintf(" (%d lines of the post are not flow lines)", exp.Skipped)
		}
		return assertions.Result{OK: true, Message: msg}
	}
	msg := missingMessage(missing[0], act)
	if len(missing) > 1 {
		msg += fmt.Sprintf(" (and %d more flow kinds the cluster did not show)", len(missing)-1)
	}
	return assertions.Result{Message: msg, Diff: kindDiff(exp, act)}
}

// missingMessage names a kind the post shows and says what the cluster
// showed between the same endpoints instead.
func missingMessage(k Kind, act *KindSet) string {
	var instead []string
	for _, a := range act.kinds {
		if a.Src == k.Src && a.Dst == k.Dst && a.Port == k.Port {
			instead = append(instead, a.Event())
		}
	}
	msg := fmt.Sprintf("flow %s %q: the post shows it, the cluster did not", k.Endpoints(), k.Event())
	switch {
	case len(instead) == 0:
		return msg + " (it shows no flow between them)"
	case len(instead) > 3:
		return msg + fmt.Sprintf(" (it shows: %s and %d more)", strings.Join(instead[:3], "; "), len(instead)-3)
	}
	return msg + " (it shows: " + strings.Join(instead, "; ") + ")"
}

// kindDiff lists the kinds of both sides, sorted: "-" only the post,
// "+" only the cluster, " " both.
func kindDiff(exp, act *KindSet) string {
	type row struct {
		op   byte
		text string
	}
	var rows []row
	for _, k := range exp.kinds {
		op := byte(' ')
		if !act.Has(k) {
			op = '-'
		}
		rows = append(rows, row{op, k.String()})
	}
	extra := 0
	for _, k := range act.kinds {
		if !exp.Has(k) {
			extra++
			if extra <= maxDiffExtra {
				rows = append(rows, row{'+', k.String()})
			}
		}
	}
	slices.SortStableFunc(rows, func(a, b row) int { return strings.Compare(a.text, b.text) })
	var b strings.Builder
	b.WriteString("--- post (flow kinds)\n+++ cluster (flow kinds)\n")
	for _, r := range rows {
		b.WriteByte(r.op)
		b.WriteString(r.text)
		b.WriteByte('\n')
	}
	if extra > maxDiffExtra {
		fmt.Fprintf(&b, "+... %d more kinds only the cluster shows\n", extra-maxDiffExtra)
	}
	return b.String()
}
