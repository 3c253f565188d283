package learn

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/tutor-run/tutor/engine/internal/termtext"
	"github.com/tutor-run/tutor/engine/model"
	"github.com/tutor-run/tutor/engine/result"
)

// reasonNotSelected is the runner's reason for the sections before
// --from-section; the session does not show them.
const reasonNotSelected = "not selected"

// SectionStarted implements result.Observer: it shows the section's title
// and its prose.
func (s *Session) SectionStarted(sec *model.Section) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.section = sec
	s.writeSection(sec, "")
}

// SectionFinished implements result.Observer. A section that never
// started is shown here: its prose when it only has prose, a dimmed line
// saying why when it was skipped or blocked, nothing when it was left out
// by --from-section or after the learner quit.
func (s *Session) SectionFinished(r *result.Section) {
	s.mu.Lock()
	defer s.mu.Unlock()
	sec := r.Section
	switch {
	case sec == nil || sec == s.section:
		s.section = nil
	case r.Reason == reasonNotSelected, s.quitting:
	case r.Status == result.Skipped && sec.Skip == "" && !runsAnything(sec):
		s.writeSection(sec, "")
	default:
		s.writeSection(sec, fmt.Sprintf("%s: %s", r.Status, r.Reason))
	}
}

// writeSection shows a section's title and prose or, when it does not
// run (why is not empty), its title and why. The caller holds s.mu.
func (s *Session) writeSection(sec *model.Section, why string) {
	title := sec.Title
	if sec.Cleanup {
		title += " (cleanup: runs whatever happened)"
	}
	if why != "" {
		fmt.Fprintf(s.opts.Out, "\n%s\n", s.paint(termtext.Dim, "○ "+title+"  "+termtext.FirstLine(why)))
		return
	}
	rule := strings.Repeat("─", min(visibleWidth(title), s.opts.Width))
	fmt.Fprintf(s.opts.Out, "\n%s\n%s\n", s.paint(termtext.Bold, title), s.paint(termtext.Dim, rule))
	if prose := Render(sec.Prose, s.opts.Width, s.opts.Color); strings.TrimSpace(prose) != "" {
		fmt.Fprintf(s.opts.Out, "\n%s", prose)
	}
}

// StepStarted implements result.Observer: it returns the writer that
// streams the step's output, line by line, as it arrives.
func (s *Session) StepStarted(sec *model.Section, st *model.Step, attempt int) io.Writer {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.stream.Close()
	switch {
	case attempt > 1:
		fmt.Fprintf(s.opts.Out, "%s\n", s.paint(termtext.Dim, fmt.Sprintf("  ↻ attempt %d", attempt)))
	case s.retrying:
		fmt.Fprintf(s.opts.Out, "%s\n", s.paint(termtext.Dim, "  ↻ again"))
	}
	s.stream = termtext.NewStream(&s.mu, termtext.OutputLines(s.opts.Color), s.write)
	return s.stream
}

// StepFinished implements result.Observer: it shows the step's outcome
// and, when it broke, the message and the diff as a hint.
func (s *Session) StepFinished(sec *model.Section, r *result.Step) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.stream.Close()
	out := s.opts.Out
	switch r.Status {
	case result.Passed:
		fmt.Fprintf(out, "  %s %s\n", s.paint(termtext.Green, "✓"), s.paint(termtext.Dim, "passed in "+duration(r)))
	case result.Failed, result.Errored:
		mark, color := "✗", termtext.Red
		if r.Status == result.Errored {
			mark, color = "!", termtext.Yellow
		}
		fmt.Fprintf(out, "  %s %s  %s\n", s.paint(color, mark), s.paint(termtext.Dim, string(r.Status)+" in "+duration(r)), termtext.IndentRest(r.Message(), "    "))
		if r.Failure != nil && strings.TrimSpace(r.Failure.Diff) != "" {
			fmt.Fprintf(out, "    %s\n", s.paint(termtext.Bold, "hint: what the post shows (-) and what ran now (+)"))
			for _, line := range strings.Split(strings.TrimRight(termtext.StripANSI(r.Failure.Diff), "\n"), "\n") {
				fmt.Fprintf(out, "    %s\n", termtext.PaintDiffLine(s.opts.Color, line))
			}
		}
	default:
		if r.Step == s.decided || s.quitting {
			return // the learner's answer already said so, or the summary will
		}
		what := s.paint(termtext.Dim, "$ "+termtext.FirstLine(r.Step.Summary()))
		if r.Step.Kind == model.KindIllustration && r.Step.Block != nil {
			what = s.paint(termtext.Dim, fmt.Sprintf("a %q block the post shows at line %d", r.Step.Block.Info, r.Step.Pos.Line))
		}
		fmt.Fprintf(out, "\n  %s %s  %s\n", s.paint(termtext.Dim, "○"), what, s.paint(termtext.Dim, fmt.Sprintf("%s: %s", r.Status, termtext.FirstLine(r.Reason))))
	}
}

// write prints text that holds whole lines. The caller holds s.mu.
func (s *Session) write(text string) { io.WriteString(s.opts.Out, text) }

// runsAnything reports whether a section has a step the runner executes.
func runsAnything(sec *model.Section) bool {
	for _, st := range sec.Steps {
		if st.Runs() {
			return true
		}
	}
	return false
}

// duration formats how long a step took.
func duration(r *result.Step) string {
	d := r.Duration
	if d < time.Second {
		return d.Round(time.Millisecond).String()
	}
	return d.Round(100 * time.Millisecond).String()
}
