package learn

import (
	"fmt"
	"strings"

	"github.com/tutor-run/tutor/engine/internal/termtext"
	"github.com/tutor-run/tutor/engine/model"
	"github.com/tutor-run/tutor/engine/result"
)

// Summary prints the end of the session: each section with its step
// counts, the totals, and what to do next.
func (s *Session) Summary(run *result.Run) {
	var b strings.Builder
	file := ""
	if run.Tutorial != nil {
		file = run.Tutorial.File
	}
	b.WriteString("\n" + s.paint(termtext.Bold, "Summary") + "\n")
	width := 0
	for _, sec := range run.Sections {
		width = max(width, visibleWidth(sec.Section.Title))
	}
	steps, sections := map[result.Status]int{}, map[result.Status]int{}
	for _, sec := range run.Sections {
		counts := stepCounts(sec)
		for st, n := range counts {
			steps[st] += n
		}
		sections[sec.Status]++
		pad := strings.Repeat(" ", width-visibleWidth(sec.Section.Title))
		line := fmt.Sprintf("  %s %s%s  %s", s.mark(sec.Status), sec.Section.Title, pad, s.paint(termtext.Dim, result.CountList(counts, "no steps")))
		b.WriteString(strings.TrimRight(line, " ") + "\n")
	}
	fmt.Fprintf(&b, "\nSteps: %s. Sections: %s.\n", result.CountList(steps, "none"), result.CountList(sections, "none"))
	b.WriteString(s.next(run, file, steps))
	s.printf("%s", b.String())
}

// next says what the learner can do now.
func (s *Session) next(run *result.Run, file string, steps map[result.Status]int) string {
	var b strings.Builder
	if sec, _ := run.FirstFailure(); sec != nil {
		fmt.Fprintf(&b, "%s %d step(s) failed: the hints above show what the post claims and what ran now.\n",
			s.paint(termtext.Red, "✗"), steps[result.Failed]+steps[result.Errored])
		fmt.Fprintf(&b, "Next: fix the environment (or the post), then go over that part again:\n  tutor learn --from-section %s %s\n", sec.Section.ID, file)
		return b.String()
	}
	if s.quitAt != nil {
		fmt.Fprintf(&b, "You quit in %q; nothing failed.\n", s.quitAt.Title)
		fmt.Fprintf(&b, "Next: pick up where you left off:\n  tutor learn --from-section %s %s\n", s.quitAt.ID, file)
		return b.String()
	}
	if s.skipped > 0 {
		fmt.Fprintf(&b, "%s Every step you ran passed; you skipped %d, and later steps may rely on them.\n", s.paint(termtext.Green, "✓"), s.skipped)
	} else {
		fmt.Fprintf(&b, "%s Every step passed.\n", s.paint(termtext.Green, "✓"))
	}
	fmt.Fprintf(&b, "Next: check the whole post in one go, as CI would:\n  tutor run %s\n", file)
	return b.String()
}

// mark is the coloured symbol of a status.
func (s *Session) mark(st result.Status) string {
	switch st {
	case result.Passed:
		return s.paint(termtext.Green, "✓")
	case result.Failed:
		return s.paint(termtext.Red, "✗")
	case result.Errored:
		return s.paint(termtext.Yellow, "!")
	case result.Blocked:
		return s.paint(termtext.Dim, "⊘")
	}
	return s.paint(termtext.Dim, "○")
}

// stepCounts tallies a section's steps by status; illustrations are
// not steps a learner takes.
func stepCounts(sec *result.Section) map[result.Status]int {
	c := map[result.Status]int{}
	for _, st := range sec.Steps {
		if st.Step != nil && st.Step.Kind == model.KindIllustration {
			continue
		}
		c[st.Status]++
	}
	return c
}
