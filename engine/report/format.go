package report

import (
	"fmt"
	"strings"
	"time"

	"github.com/tutor-run/tutor/engine/internal/termtext"
	"github.com/tutor-run/tutor/engine/model"
	"github.com/tutor-run/tutor/engine/result"
)

// formatDuration writes d compactly: 350ms, 1.2s, 2m05s, 1h02m.
func formatDuration(d time.Duration) string {
	switch {
	case d < 0:
		return "0ms"
	case d < 999500*time.Microsecond:
		return fmt.Sprintf("%dms", d.Round(time.Millisecond).Milliseconds())
	case d < 59950*time.Millisecond:
		s := fmt.Sprintf("%.1f", d.Round(100*time.Millisecond).Seconds())
		return strings.TrimSuffix(s, ".0") + "s"
	case d < time.Hour-500*time.Millisecond:
		d = d.Round(time.Second)
		return fmt.Sprintf("%dm%02ds", int(d.Minutes()), int(d.Seconds())%60)
	default:
		d = d.Round(time.Minute)
		return fmt.Sprintf("%dh%02dm", int(d.Hours()), int(d.Minutes())%60)
	}
}

// tutorialFile is the file of the run's tutorial, or "" when unknown.
func tutorialFile(run *result.Run) string {
	if run.Tutorial == nil {
		return ""
	}
	return run.Tutorial.File
}

// tutorialName is the tutorial's title, else its file, else "tutorial".
func tutorialName(run *result.Run) string {
	switch {
	case run.Tutorial != nil && run.Tutorial.Title != "":
		return run.Tutorial.Title
	case tutorialFile(run) != "":
		return tutorialFile(run)
	default:
		return "tutorial"
	}
}

// sectionTitle names a section even when the runner left the model out.
func sectionTitle(sec *result.Section) string {
	switch {
	case sec.Section == nil:
		return "(unknown section)"
	case sec.Section.Title != "":
		return sec.Section.Title
	case sec.Section.ID != "":
		return sec.Section.ID
	default:
		return "(untitled section)"
	}
}

// where formats pos as file:line, taking the file from the run when the
// position does not carry one.
func where(run *result.Run, pos model.Pos) string {
	if pos.File == "" {
		pos.File = tutorialFile(run)
	}
	return pos.String()
}

// stepWhere is where a step starts, or the section's place when the step
// has no model.
func stepWhere(run *result.Run, sec *result.Section, st *result.Step) string {
	switch {
	case st.Step != nil:
		return where(run, st.Step.Pos)
	case sec.Section != nil:
		return where(run, sec.Section.Pos)
	default:
		return where(run, model.Pos{})
	}
}

// stepCommand is the command of a step as the post writes it.
func stepCommand(st *result.Step) string {
	if st.Step == nil {
		return ""
	}
	return st.Step.Command
}

// broken reports whether a step failed or errored.
func broken(st *result.Step) bool {
	return st.Status == result.Failed || st.Status == result.Errored
}

// sectionNote is the one-line explanation shown next to a section: its
// reason, else the message of its first broken step.
func sectionNote(sec *result.Section) string {
	if sec.Reason != "" {
		return termtext.FirstLine(sec.Reason)
	}
	for _, st := range sec.Steps {
		if broken(st) && st.Failure != nil {
			return termtext.FirstLine(st.Failure.Message)
		}
		if broken(st) && st.Reason != "" {
			return termtext.FirstLine(st.Reason)
		}
	}
	return ""
}

// failureDiff is the diff of a broken step, or "".
func failureDiff(st *result.Step) string {
	if st.Failure == nil {
		return ""
	}
	return strings.TrimRight(st.Failure.Diff, "\n")
}

// totals lists the section counts of run, e.g. "4 passed, 1 failed".
func totals(run *result.Run) string {
	return result.CountList(countSections(run), "no sections")
}

// exitMeaning says what a run's exit status means.
func exitMeaning(run *result.Run, code int) string {
	switch code {
	case result.ExitPassed:
		if run.Counts()[result.Passed] == 0 {
			return "nothing failed, but nothing was checked: every section was skipped"
		}
		return "every claim holds"
	case result.ExitClaimBroken:
		return "a claim of the tutorial no longer holds"
	case result.ExitUsage:
		return "the tutorial could not be run as written"
	case result.ExitEnvironment:
		return "the environment failed, not the tutorial"
	case result.ExitInterrupted:
		return "interrupted"
	default:
		return "unexpected exit status"
	}
}

// lines splits s into lines without their newlines; "" has no lines.
func lines(s string) []string {
	s = strings.TrimSuffix(s, "\n")
	if s == "" {
		return nil
	}
	return strings.Split(s, "\n")
}

// commandText is what a step runs, as the post writes it; steps without a
// command line (env, manifest) get a description instead.
func commandText(st *model.Step) string {
	if st == nil {
		return ""
	}
	if st.Command != "" {
		return strings.TrimRight(st.Command, "\n")
	}
	if sum := st.Summary(); sum != "" {
		return sum
	}
	return "(" + string(st.Kind) + ")"
}

// stepMarker labels the steps the post does not show as ordinary commands.
func stepMarker(st *model.Step) string {
	switch {
	case st == nil:
		return ""
	case st.Hidden:
		return "[setup] "
	case st.Kind == model.KindBackground:
		return "[background] "
	default:
		return ""
	}
}

// sectionStatus is the status reports show for sec: errored when one of
// its steps errored (the environment failed, whatever the runner recorded
// for the section), else the section's own status.
func sectionStatus(sec *result.Section) result.Status {
	if sec.Status != result.Failed {
		return sec.Status
	}
	for _, st := range sec.Steps {
		if st.Status == result.Errored {
			return result.Errored
		}
	}
	return sec.Status
}

// countSections tallies the sections of run by sectionStatus.
func countSections(run *result.Run) map[result.Status]int {
	counts := map[result.Status]int{}
	for _, sec := range run.Sections {
		counts[sectionStatus(sec)]++
	}
	return counts
}
