// Package learn is `tutor learn`: a person steps through a tutorial at a
// terminal. A Session shows each section's prose and each step's command,
// asks what to do before each step (run, skip, show the checks, quit) and
// after a failure (retry, go on, quit), streams the step's output and ends
// with a summary. It steers the runner as its runner.Controller and hears
// about the run as its result.Observer; it never runs anything itself.
package learn

import (
	"context"
	"fmt"
	"io"
	"strings"
	"sync"

	"github.com/tutor-run/tutor/engine/internal/termtext"
	"github.com/tutor-run/tutor/engine/model"
	"github.com/tutor-run/tutor/engine/plan"
	"github.com/tutor-run/tutor/engine/result"
	"github.com/tutor-run/tutor/engine/runner"
)

// Options configure a Session.
type Options struct {
	// Aliases are the tutorial's command aliases (k for kubectl), so the
	// checks shown name the right rule for each command.
	Aliases map[string]string
	// In supplies the keys the learner presses.
	In io.Reader
	// Out is where the session writes; it should be a terminal.
	Out io.Writer
	// Raw puts the terminal of In in raw mode, so that single keys arrive
	// without Enter, and returns the function that restores it. It is
	// called for each key; nil means In is not a terminal and keys are
	// read one per line (the first character of each line).
	Raw func() (restore func(), err error)
	// Color enables colour codes.
	Color bool
	// Width is the terminal's width in columns; 0 means 80.
	Width int
}

// Session is one learner's pass through a tutorial. Use it as both the
// Controller and the Observer of runner.Options. Its methods may be called
// from the runner's goroutine and, for the step output writer, from the
// goroutine that copies the output.
type Session struct {
	opts Options
	keys *keyReader

	mu      sync.Mutex       // guards writes to opts.Out and the fields below
	stream  *termtext.Stream // the output writer of the step running or last run
	section *model.Section

	// Touched only from the runner's goroutine.
	noted    bool           // the line-by-line note was shown
	decided  *model.Step    // the step the learner last skipped or quit at
	retrying bool           // the learner asked to run the step again
	quitting bool           // the learner quit; cleanup runs unasked
	quitAt   *model.Section // the section the learner quit in
	skipped  int            // steps the learner skipped
}

var (
	_ runner.Controller = (*Session)(nil)
	_ result.Observer   = (*Session)(nil)
)

// New returns a Session over opts.
func New(opts Options) *Session {
	if opts.Width <= 0 {
		opts.Width = defaultWidth
	}
	return &Session{opts: opts, keys: newKeyReader(opts.In, opts.Raw)}
}

// Intro prints the tutorial's title and the keys before the first section.
func (s *Session) Intro(t *model.Tutorial) {
	title := t.Title
	if title == "" {
		title = t.File
	}
	steps := 0
	for _, st := range t.Steps() {
		if st.Runs() {
			steps++
		}
	}
	s.printf("%s  %s\n", s.paint(termtext.Bold, title), s.paint(termtext.Dim, fmt.Sprintf("(%s: %d sections, %d steps)", t.File, len(t.Sections), steps)))
	s.printf("%s\n", s.paint(termtext.Dim, "Before each step: Enter or r runs it, s skips it, c shows what it checks, q quits (cleanup still runs)."))
	s.noteLineMode()
}

// noteLineMode says, once, that keys are read line by line.
func (s *Session) noteLineMode() {
	if s.keys.lineMode() && !s.noted {
		s.noted = true
		s.printf("%s\n", s.paint(termtext.Dim, "(input is not a terminal: reading one key per line, the first character of each; an empty line is Enter)"))
	}
}

// BeforeStep implements runner.Controller: it shows the step and asks
// what to do with it.
func (s *Session) BeforeStep(ctx context.Context, sec *model.Section, st *model.Step) runner.Decision {
	s.retrying = false
	s.printf("%s", s.command(st))
	if s.quitting {
		return runner.DecisionRun // cleanup after quitting runs unasked
	}
	for {
		k, err := s.ask(ctx, "[r]un  [s]kip  [c]hecks  [q]uit")
		switch {
		case err != nil || k == 'q' || k == keyCtrlC || k == keyCtrlD:
			s.answer("quit")
			s.quitting, s.quitAt, s.decided = true, sec, st
			return runner.DecisionQuit
		case k == 'r' || k == keyEnter:
			s.answer("run")
			return runner.DecisionRun
		case k == 's':
			s.answer("skip")
			s.skipped++
			s.decided = st
			return runner.DecisionSkip
		case k == 'c':
			s.answer("checks")
			s.printf("%s", s.checks(st))
		default:
			s.answer(fmt.Sprintf("%q: press r (or Enter), s, c or q", k))
		}
	}
}

// AfterStep implements runner.Controller: after a failure it asks whether
// to retry the step, go on or quit; otherwise the run goes on.
func (s *Session) AfterStep(ctx context.Context, sec *model.Section, r *result.Step) runner.Decision {
	s.retrying = false
	switch {
	case ctx.Err() != nil:
		s.quitting = true
		return runner.DecisionQuit
	case r.Status != result.Failed && r.Status != result.Errored, s.quitting:
		return runner.DecisionSkip
	}
	for {
		k, err := s.ask(ctx, "[r]etry  [n]ext  [q]uit")
		switch {
		case err != nil || k == 'q' || k == keyCtrlC || k == keyCtrlD:
			s.answer("quit")
			s.quitting, s.quitAt = true, sec
			return runner.DecisionQuit
		case k == 'r' || k == keyEnter:
			s.answer("retry")
			s.retrying = true
			return runner.DecisionRun
		case k == 'n':
			s.answer("next")
			return runner.DecisionSkip
		default:
			s.answer(fmt.Sprintf("%q: press r (or Enter), n or q", k))
		}
	}
}

// ask shows a prompt and waits for a key, in raw mode when it can.
func (s *Session) ask(ctx context.Context, prompt string) (rune, error) {
	restore, err := s.keys.enterRaw()
	if err != nil {
		s.noted = true
		s.printf("%s\n", s.paint(termtext.Dim, fmt.Sprintf("(cannot read single keys: %v; reading one key per line, the first character of each)", err)))
	}
	s.noteLineMode()
	s.printf("  %s %s ", s.keyLegend(prompt), s.paint(termtext.Dim, "›"))
	k, err := s.keys.next(ctx)
	restore()
	return k, err
}

// answer ends the prompt line with what the key chose.
func (s *Session) answer(what string) { s.printf("%s\n", what) }

// keyLegend makes the key letters of a prompt stand out.
func (s *Session) keyLegend(prompt string) string {
	if !s.opts.Color {
		return prompt
	}
	var b strings.Builder
	for _, part := range strings.SplitAfter(prompt, "]") {
		if i := strings.IndexByte(part, '['); i >= 0 && len(part) > i+2 {
			b.WriteString(part[:i+1] + s.paint(termtext.Bold, part[i+1:len(part)-1]) + "]")
			continue
		}
		b.WriteString(part)
	}
	return b.String()
}

// command shows the step about to run: its command prompt-style,
// continuation lines indented, or the summary of a step without one.
func (s *Session) command(st *model.Step) string {
	var b strings.Builder
	marker := ""
	switch {
	case st.Hidden:
		marker = "[setup] "
	case st.Kind == model.KindBackground:
		marker = "[background] "
	}
	text := strings.TrimRight(st.Command, "\n")
	sign := "$"
	if st.Kind != model.KindShell && st.Kind != model.KindBackground || text == "" {
		text, sign = st.Summary(), "▸"
	}
	for i, line := range strings.Split(text, "\n") {
		if i == 0 {
			b.WriteString("\n  " + s.paint(termtext.Dim, marker) + s.paint(termtext.Cyan, sign) + " " + s.paint(termtext.Bold, line) + "\n")
			continue
		}
		b.WriteString("    " + s.paint(termtext.Bold, line) + "\n")
	}
	return b.String()
}

// checks describes what a step claims and the output the post pasted.
func (s *Session) checks(st *model.Step) string {
	var b strings.Builder
	cs := plan.Checks(st, s.opts.Aliases)
	if len(cs) == 0 {
		b.WriteString("    nothing is checked\n")
	} else {
		b.WriteString("    " + s.paint(termtext.Bold, "checks") + "\n")
	}
	for _, c := range cs {
		b.WriteString("      ✓ " + c + "\n")
	}
	if st.Output != nil {
		b.WriteString("    " + s.paint(termtext.Bold, fmt.Sprintf("the post shows (line %d)", st.Output.Pos.Line)) + "\n")
		for _, line := range strings.Split(strings.TrimRight(st.Output.Text, "\n"), "\n") {
			b.WriteString(s.paint(termtext.Dim, "      │ ") + line + "\n")
		}
	}
	if st.Timeout > 0 {
		b.WriteString(fmt.Sprintf("    timeout %s\n", st.Timeout))
	}
	return b.String()
}

// printf writes to Out under the lock.
func (s *Session) printf(format string, args ...any) {
	s.mu.Lock()
	defer s.mu.Unlock()
	fmt.Fprintf(s.opts.Out, format, args...)
}

// paint wraps text in st when the session shows colour.
func (s *Session) paint(st termtext.Style, text string) string {
	return termtext.Paint(s.opts.Color, st, text)
}
