package report

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/tutor-run/tutor/engine/internal/termtext"
	"github.com/tutor-run/tutor/engine/result"
)

// maxTitleColumn caps the width of the title column of the summary.
const maxTitleColumn = 40

// Summary prints the end of a run: one line per section (mark, title,
// duration, note), the details of every failed or errored step (section,
// file:line, command, message, diff), the totals and what the exit
// status means.
func (t *Terminal) Summary(run *result.Run) {
	var b strings.Builder
	head := "Summary: " + tutorialName(run)
	if file := tutorialFile(run); file != "" && file != tutorialName(run) {
		head += " (" + file + ")"
	}
	b.WriteString(t.paint(termtext.Bold, head) + "\n")
	t.writeSectionLines(&b, run)
	t.writeFailures(&b, run)
	t.writeSetup(&b, run)
	t.writeTeardown(&b, run)
	code := run.ExitCode()
	color := termtext.Green
	if code != result.ExitPassed {
		color = termtext.Red
	}
	fmt.Fprintf(&b, "\n%s in %s\n", t.paint(termtext.Bold, totals(run)), formatDuration(run.Duration))
	b.WriteString(t.paint(color, fmt.Sprintf("exit %d: %s", code, exitMeaning(run, code))) + "\n")

	t.mu.Lock()
	defer t.mu.Unlock()
	t.print(t.spacer() + b.String())
}

// writeSetup says what tutor did for the post that the post does not do.
func (t *Terminal) writeSetup(b *strings.Builder, run *result.Run) {
	if len(run.Setup) == 0 {
		return
	}
	b.WriteString("\nDone by tutor, not by the post:\n")
	for _, it := range run.Setup {
		line := fmt.Sprintf("  %s (for %q)", it.What, it.Before)
		if it.Error != "" {
			line += ": " + t.paint(termtext.Red, it.Error)
		}
		b.WriteString(line + "\n")
		for _, n := range it.Notes {
			b.WriteString("    " + n + "\n")
		}
	}
}

// writeTeardown says what the run undid and, loudly, what it left behind.
func (t *Terminal) writeTeardown(b *strings.Builder, run *result.Run) {
	if len(run.Teardown) > 0 {
		b.WriteString("\nTeardown (newest first):\n")
		for _, it := range run.Teardown {
			line := "  " + it.What
			if it.Error != "" {
				line += ": " + t.paint(termtext.Red, it.Error)
			}
			b.WriteString(line + "\n")
		}
	}
	if len(run.LeftBehind) > 0 {
		b.WriteString("\n" + t.paint(termtext.Red, "Left behind:") + "\n")
		for _, w := range run.LeftBehind {
			b.WriteString("  " + w + "\n")
		}
	}
}

// writeSectionLines writes one aligned line per section.
func (t *Terminal) writeSectionLines(b *strings.Builder, run *result.Run) {
	width, durWidth := 0, 0
	for _, sec := range run.Sections {
		width = max(width, min(utf8.RuneCountInString(sectionTitle(sec)), maxTitleColumn))
		durWidth = max(durWidth, len(sectionDuration(sec)))
	}
	for _, sec := range run.Sections {
		title := sectionTitle(sec)
		pad := strings.Repeat(" ", max(0, width-utf8.RuneCountInString(title)))
		status := sectionStatus(sec)
		line := fmt.Sprintf("  %s %s%s  %-*s", t.mark(status), title, pad, durWidth, sectionDuration(sec))
		if note := sectionNote(sec); note != "" || status != result.Passed {
			line += "  " + statusNote(status, note)
		}
		b.WriteString(strings.TrimRight(line, " ") + "\n")
	}
}

// sectionDuration is how long sec ran, or "" when it did not run.
func sectionDuration(sec *result.Section) string {
	if s := sectionStatus(sec); s == result.Skipped || s == result.Blocked {
		return ""
	}
	return formatDuration(sec.Duration)
}

// writeFailures writes the details of each failed or errored step.
func (t *Terminal) writeFailures(b *strings.Builder, run *result.Run) {
	for _, sec := range run.Sections {
		for _, st := range sec.Steps {
			if !broken(st) {
				continue
			}
			fmt.Fprintf(b, "\n%s %s  %s\n", t.mark(st.Status), t.paint(termtext.Bold, sectionTitle(sec)), stepWhere(run, sec, st))
			b.WriteString(t.command(st.Step))
			b.WriteString("  " + termtext.IndentRest(st.Message(), "  ") + "\n")
			for _, line := range lines(failureDiff(st)) {
				b.WriteString("    " + termtext.PaintDiffLine(t.opts.Color, termtext.StripANSI(line)) + "\n")
			}
		}
	}
}
