package report

import (
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/tutor-run/tutor/engine/internal/termtext"
	"github.com/tutor-run/tutor/engine/model"
	"github.com/tutor-run/tutor/engine/result"
)

// TerminalOptions configures a Terminal.
type TerminalOptions struct {
	// Color enables colour codes; the CLI sets it when the output is a
	// TTY and NO_COLOR is unset.
	Color bool
	// Live redraws a status line in place while a step runs (TTY only).
	Live bool
	// Now is the clock for the live line's elapsed time; default time.Now.
	Now func() time.Time
	// Tick is how often the live line is redrawn; default 100ms.
	Tick time.Duration
	// Quiet stops step output from being streamed.
	Quiet bool
}

// Terminal reports a run on a terminal as it happens: a header per
// section, each command and its output, a mark per step and, at the end,
// a summary. It implements result.Observer; all of its methods are safe
// for concurrent use. Call Close when the run is over.
type Terminal struct {
	out  io.Writer
	opts TerminalOptions

	mu        sync.Mutex
	wrote     bool           // something was printed; sections are spaced
	section   *model.Section // the section running
	step      *model.Step    // the step running; the live line shows it
	attempt   int
	stepStart time.Time
	stream    *termtext.Stream // the output writer of the step running or last run
	frame     int              // spinner frame of the live line
	liveShown bool             // the live line is on screen

	ticker    *ticker // redraws the live line; nil without Live
	closeOnce sync.Once
}

var _ result.Observer = (*Terminal)(nil)

// NewTerminal returns a Terminal writing to out. With opts.Live it starts
// the goroutine that redraws the live line; Close stops it.
func NewTerminal(out io.Writer, opts TerminalOptions) *Terminal {
	opts.Now, opts.Tick = liveClock(opts.Now, opts.Tick)
	t := &Terminal{out: out, opts: opts}
	if opts.Live {
		t.ticker = startTicker(opts.Tick, t.tick)
	}
	return t
}

// SectionStarted implements result.Observer: it prints the section header.
func (t *Terminal) SectionStarted(s *model.Section) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.section = s
	head := t.paint(termtext.Bold, "▶ "+s.Title)
	if s.Cleanup {
		head += " " + t.paint(termtext.Dim, "(cleanup)")
	}
	t.print(t.spacer() + head + "  " + t.paint(termtext.Dim, s.Pos.String()) + "\n")
}

// StepStarted implements result.Observer: it prints the command and
// returns the writer that streams the step's output, line by line.
func (t *Terminal) StepStarted(s *model.Section, st *model.Step, attempt int) io.Writer {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.stream.Close()
	t.section, t.step, t.attempt = s, st, attempt
	t.stepStart = t.opts.Now()
	if attempt > 1 {
		t.print(t.paint(termtext.Dim, fmt.Sprintf("  ↻ attempt %d", attempt)) + "\n")
	} else {
		t.print(t.command(st))
	}
	if t.opts.Quiet {
		return io.Discard
	}
	t.stream = termtext.NewStream(&t.mu, termtext.OutputLines(t.opts.Color), t.print)
	return t.stream
}

// StepFinished implements result.Observer: it prints the step's mark,
// its duration and, when it broke, the message.
func (t *Terminal) StepFinished(s *model.Section, r *result.Step) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.stream.Close()
	t.step = nil
	switch r.Status {
	case result.Skipped, result.Blocked:
		cmd := termtext.FirstLine(commandText(r.Step))
		t.print(t.paint(termtext.Dim, fmt.Sprintf("  %s $ %s  %s", symbol(r.Status), cmd, statusNote(r.Status, r.Reason))) + "\n")
	case result.Passed:
		t.print("  " + t.mark(r.Status) + " " + t.paint(termtext.Dim, stepTiming(r)) + "\n")
	default:
		msg := termtext.IndentRest(r.Message(), "      ")
		t.print("  " + t.mark(r.Status) + " " + t.paint(termtext.Dim, stepTiming(r)) + "  " + msg + "\n")
	}
	for _, sub := range r.Substitutions {
		t.print(t.paint(termtext.Dim, "    bound: "+sub) + "\n")
	}
	for _, n := range r.Notes {
		t.print(t.paint(termtext.Dim, "    note: "+n) + "\n")
	}
}

// SectionFinished implements result.Observer. Sections that never started
// (skipped, blocked) get their one dimmed line here.
func (t *Terminal) SectionFinished(r *result.Section) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if r.Section != nil && r.Section == t.section {
		t.section = nil
		return
	}
	line := fmt.Sprintf("%s %s  %s", symbol(r.Status), sectionTitle(r), statusNote(r.Status, r.Reason))
	t.print(t.spacer() + t.paint(termtext.Dim, line) + "\n")
}

var _ result.SetupObserver = (*Terminal)(nil)

// SetupDone implements result.SetupObserver: what tutor did for the post
// shows before the section it was done for, with its notes, so that the
// reader sees the run rests on it.
func (t *Terminal) SetupDone(s *model.Section, item result.SetupItem) {
	t.mu.Lock()
	defer t.mu.Unlock()
	line := t.paint(termtext.Bold, "⚙ tutor: "+item.What) + " " + t.paint(termtext.Dim, fmt.Sprintf("(for %q; the post does not do it)", s.Title))
	if item.Error != "" {
		line += ": " + t.paint(termtext.Red, item.Error)
	}
	t.print(t.spacer() + line + "\n")
	for _, n := range item.Notes {
		t.print(t.paint(termtext.Dim, "    note: "+n) + "\n")
	}
}

// Close stops the live line and flushes pending output. It may be called
// more than once.
func (t *Terminal) Close() {
	t.closeOnce.Do(func() {
		t.ticker.stop()
		t.mu.Lock()
		defer t.mu.Unlock()
		t.stream.Close()
		t.step = nil
		t.clearLive()
	})
}

// command formats a step's command prompt-style, continuation lines
// indented under the first.
func (t *Terminal) command(st *model.Step) string {
	var b strings.Builder
	for i, line := range lines(commandText(st)) {
		if i == 0 {
			b.WriteString("  " + t.paint(termtext.Dim, stepMarker(st)) + t.paint(termtext.Cyan, "$") + " " + line + "\n")
			continue
		}
		b.WriteString("    " + line + "\n")
	}
	return b.String()
}

// spacer is the blank line that separates sections.
func (t *Terminal) spacer() string {
	if !t.wrote {
		return ""
	}
	return "\n"
}

// mark is the coloured symbol of a status.
func (t *Terminal) mark(s result.Status) string {
	return t.paint(statusColor[s], symbol(s))
}

// stepTiming is a step's duration and, when it took several, its attempts.
func stepTiming(r *result.Step) string {
	s := formatDuration(r.Duration)
	if r.Attempts > 1 {
		s += fmt.Sprintf(", %d attempts", r.Attempts)
	}
	if r.Truncated {
		s += ", output truncated"
	}
	if r.Replayed {
		s += ", replayed"
	}
	return s
}

// statusNote is "status: reason", or the status alone.
func statusNote(s result.Status, reason string) string {
	if reason == "" {
		return string(s)
	}
	return string(s) + ": " + termtext.FirstLine(reason)
}
