package report

import (
	"fmt"
	"html"
	"io"
	"strings"

	"github.com/tutor-run/tutor/engine/internal/termtext"
	"github.com/tutor-run/tutor/engine/normalize"
	"github.com/tutor-run/tutor/engine/result"
)

var statusEmoji = map[result.Status]string{
	result.Passed:  "✅",
	result.Failed:  "❌",
	result.Errored: "⚠️",
	result.Skipped: "⏭️",
	result.Blocked: "⛔",
}

// WriteMarkdown writes run as Markdown fit for a GitHub job summary: a
// heading with the overall result, a table of sections, and a collapsible
// <details> per failed or errored step with its command, place, message
// and diff.
func WriteMarkdown(w io.Writer, run *result.Run) error {
	var b strings.Builder
	code := run.ExitCode()
	overall := map[int]string{
		result.ExitPassed:      "✅ %s: passed",
		result.ExitClaimBroken: "❌ %s: failed",
		result.ExitEnvironment: "⚠️ %s: environment error",
	}[code]
	if overall == "" {
		overall = "%s"
	}
	fmt.Fprintf(&b, "## "+overall+"\n\n", mdText(tutorialName(run)))
	fmt.Fprintf(&b, "%s in %s (exit %d: %s)", totals(run), formatDuration(run.Duration), code, exitMeaning(run, code))
	if file := tutorialFile(run); file != "" {
		fmt.Fprintf(&b, " · %s", mdCode(file))
	}
	b.WriteString("\n\n| | Section | Duration | Note |\n|---|---|---:|---|\n")
	for _, sec := range run.Sections {
		fmt.Fprintf(&b, "| %s | %s | %s | %s |\n", statusEmoji[sectionStatus(sec)],
			mdCell(sectionTitle(sec)), sectionDuration(sec), mdCell(sectionNote(sec)))
	}
	writeMarkdownSetup(&b, run)
	writeMarkdownFailures(&b, run)
	writeMarkdownSubstitutions(&b, run)
	writeMarkdownNotes(&b, run)
	_, err := io.WriteString(w, b.String())
	return err
}

// writeMarkdownSetup lists what tutor did for the post that the post does
// not do itself, before the failures: the run rests on it.
func writeMarkdownSetup(b *strings.Builder, run *result.Run) {
	if len(run.Setup) == 0 {
		return
	}
	b.WriteString("\n**Done by tutor, not by the post**\n\n")
	for _, it := range run.Setup {
		fmt.Fprintf(b, "- %s (for %s)", mdText(it.What), mdText(`"`+it.Before+`"`))
		if it.Error != "" {
			fmt.Fprintf(b, ": ⚠️ %s", mdText(it.Error))
		}
		b.WriteString("\n")
		for _, n := range it.Notes {
			fmt.Fprintf(b, "  - %s\n", mdText(n))
		}
	}
}

// writeMarkdownSubstitutions lists the author's names that were replaced
// by live ones, so a reader sees which commands did not run as written.
func writeMarkdownSubstitutions(b *strings.Builder, run *result.Run) {
	writeMarkdownStepList(b, run, "Names bound to the live cluster", func(st *result.Step) []string { return st.Substitutions }, true)
}

// writeMarkdownNotes lists what the judging noticed without failing a
// step: version drift, a tool tutor stood in for.
func writeMarkdownNotes(b *strings.Builder, run *result.Run) {
	writeMarkdownStepList(b, run, "Notes (not failures)", func(st *result.Step) []string { return st.Notes }, false)
}

// writeMarkdownStepList writes a titled list of per-step items, each with
// the step's line.
func writeMarkdownStepList(b *strings.Builder, run *result.Run, title string, items func(*result.Step) []string, code bool) {
	first := true
	for _, sec := range run.Sections {
		for _, st := range sec.Steps {
			for _, it := range items(st) {
				if first {
					b.WriteString("\n**" + title + "**\n\n")
					first = false
				}
				line := 0
				if st.Step != nil {
					line = st.Step.Pos.Line
				}
				if code {
					it = mdCode(it)
				} else {
					it = mdCell(it)
				}
				fmt.Fprintf(b, "- line %d: %s\n", line, it)
			}
		}
	}
}

// writeMarkdownFailures writes a <details> per broken step; the first one
// is open.
func writeMarkdownFailures(b *strings.Builder, run *result.Run) {
	open := " open"
	for _, sec := range run.Sections {
		for _, st := range sec.Steps {
			if !broken(st) {
				continue
			}
			fmt.Fprintf(b, "\n<details%s><summary>%s %s · %s</summary>\n\n",
				open, statusEmoji[st.Status], html.EscapeString(sectionTitle(sec)), html.EscapeString(stepWhere(run, sec, st)))
			open = ""
			b.WriteString(fenced("console", "$ "+commandText(st.Step)))
			b.WriteString("\n" + fenced("text", st.Message()))
			if diff := failureDiff(st); diff != "" {
				b.WriteString("\n" + fenced("diff", diff))
			}
			b.WriteString("\n</details>\n")
		}
	}
}

// fenced puts text in a fenced code block whose fence is longer than any
// run of backticks inside it.
func fenced(info, text string) string {
	text = strings.TrimRight(normalize.DropControls(strings.ToValidUTF8(termtext.StripANSI(text), "\uFFFD"), false), "\n")
	fence := strings.Repeat("`", max(3, longestRun(text, '`')+1))
	return fence + info + "\n" + text + "\n" + fence + "\n"
}

// longestRun is the length of the longest run of c in s.
func longestRun(s string, c byte) int {
	longest, run := 0, 0
	for i := 0; i < len(s); i++ {
		if s[i] != c {
			run = 0
			continue
		}
		run++
		longest = max(longest, run)
	}
	return longest
}

// mdText makes s safe as inline Markdown on one line: control characters
// dropped, HTML and table pipes escaped.
func mdText(s string) string {
	return htmlEscaper.Replace(oneLine(s))
}

// htmlEscaper escapes what Markdown would take for HTML; built once, as a
// suite's summary escapes thousands of cells.
var htmlEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")

// oneLine is s on one line, without control characters.
func oneLine(s string) string {
	s = strings.ReplaceAll(strings.TrimSpace(s), "\n", " ")
	return normalize.DropControls(strings.ToValidUTF8(termtext.StripANSI(s), "\uFFFD"), false)
}

// mdCell makes s safe inside a table cell.
func mdCell(s string) string {
	return strings.ReplaceAll(mdText(s), "|", `\|`)
}

// mdCode writes s as inline code, with enough backticks around it; code
// spans are literal, so HTML is not escaped.
func mdCode(s string) string {
	s = oneLine(s)
	ticks := strings.Repeat("`", longestRun(s, '`')+1)
	if strings.HasPrefix(s, "`") || strings.HasSuffix(s, "`") {
		return ticks + " " + s + " " + ticks
	}
	return ticks + s + ticks
}
