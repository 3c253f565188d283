package report

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/tutor-run/tutor/engine/internal/syncio"
	"github.com/tutor-run/tutor/engine/internal/termtext"
	"github.com/tutor-run/tutor/engine/model"
	"github.com/tutor-run/tutor/engine/result"
)

// BoardOptions configures a Board.
type BoardOptions struct {
	// Color enables colour codes.
	Color bool
	// Live keeps one status line per running post at the bottom of the
	// screen (TTY only).
	Live bool
	// Quiet prints only the posts that did not pass.
	Quiet bool
	// Now is the clock of the live lines; default time.Now.
	Now func() time.Time
	// Tick is how often the live lines are redrawn; default 100ms.
	Tick time.Duration
	// Heartbeat, without Live, prints a line naming the running posts this
	// often, so a CI log does not fall silent while long posts run; zero
	// prints none.
	Heartbeat time.Duration
}

// Board shows a run of many posts on one terminal: a live line per
// running post and, as each post ends, its whole report (the account a
// Terminal gives of a single run), so that the posts' outputs never
// interleave. Its methods are safe for concurrent use.
type Board struct {
	out  io.Writer
	opts BoardOptions

	mu      sync.Mutex
	running []*BoardPost // in the order they started
	shown   int          // live lines on screen
	frame   int
	started int  // posts started so far
	printed bool // a post's report was printed

	ticker    *ticker // redraws the live lines; nil without Live
	closeOnce sync.Once
}

// NewBoard returns a Board writing to out; with opts.Live it starts the
// goroutine that redraws the live lines, which Close stops.
func NewBoard(out io.Writer, opts BoardOptions) *Board {
	opts.Now, opts.Tick = liveClock(opts.Now, opts.Tick)
	b := &Board{out: out, opts: opts}
	switch {
	case opts.Live:
		b.ticker = startTicker(opts.Tick, b.tick)
	case opts.Heartbeat > 0:
		b.ticker = startTicker(opts.Heartbeat, b.heartbeat)
	}
	return b
}

// Post starts showing the post file: it gets a live line, and what its
// reporter and notes write is kept until Done prints it whole.
func (b *Board) Post(file string) *BoardPost {
	p := &BoardPost{board: b, file: file, start: b.opts.Now()}
	p.out.W = &p.buf
	p.Terminal = NewTerminal(&p.out, TerminalOptions{Color: b.opts.Color, Now: b.opts.Now})
	b.mu.Lock()
	b.running = append(b.running, p)
	b.started++
	b.redraw()
	b.mu.Unlock()
	return p
}

// Close stops the live lines. It may be called more than once.
func (b *Board) Close() {
	b.closeOnce.Do(func() {
		b.ticker.stop()
		b.mu.Lock()
		b.clear()
		b.mu.Unlock()
	})
}

// Summary prints the end of a run of many posts: every post that did not
// pass with its first failure's place and message, the totals, and what
// the exit status means.
func (b *Board) Summary(runs []*result.Run, elapsed time.Duration) {
	var s strings.Builder
	runs = SortRuns(runs)
	s.WriteString("\n" + termtext.Paint(b.opts.Color, termtext.Bold, fmt.Sprintf("Posts: %d", len(runs))) + "\n")
	for _, r := range runs {
		if r.ExitCode() != result.ExitPassed {
			s.WriteString("  " + termtext.Paint(b.opts.Color, termtext.Red, "✗") + " " + postFailureLine(r) + "\n")
		}
	}
	code := SuiteExitCode(runs)
	color := termtext.Green
	if code != result.ExitPassed {
		color = termtext.Red
	}
	fmt.Fprintf(&s, "%s in %s\n", CountSuite(runs), formatDuration(elapsed))
	s.WriteString(termtext.Paint(b.opts.Color, color, fmt.Sprintf("exit %d: %s", code, suiteVerdicts[code])) + "\n")
	b.mu.Lock()
	defer b.mu.Unlock()
	b.clear()
	io.WriteString(b.out, s.String())
	b.redraw()
}

// postFailureLine is "file:line: why" for a post that did not pass: the
// line of its first broken step, when it has one.
func postFailureLine(r *result.Run) string {
	place := tutorialFile(r)
	if _, st := r.FirstFailure(); st != nil && st.Step != nil && r.Failed == nil {
		place = fmt.Sprintf("%s:%d", place, st.Step.Pos.Line)
	}
	return place + ": " + termtext.FirstLine(postNote(r))
}

// BoardPost is one post on a Board: a Terminal that writes to a buffer,
// a writer for the post's notes, and Done.
type BoardPost struct {
	*Terminal
	board *Board
	file  string
	start time.Time

	buf  bytes.Buffer
	out  syncio.Writer // to buf: the Terminal and Notes write at once
	live string        // "section › command" shown on the live line
}

// Notes is where the post's notes go (warnings, the sandbox, reports):
// kept with its report.
func (p *BoardPost) Notes() io.Writer { return &p.out }

// SectionStarted implements result.Observer and moves the live line.
func (p *BoardPost) SectionStarted(s *model.Section) {
	p.Terminal.SectionStarted(s)
	p.setLive(s.Title)
}

// StepStarted implements result.Observer and moves the live line.
func (p *BoardPost) StepStarted(s *model.Section, st *model.Step, attempt int) io.Writer {
	p.setLive(s.Title + " › " + termtext.FirstLine(commandText(st)))
	return p.Terminal.StepStarted(s, st, attempt)
}

func (p *BoardPost) setLive(s string) {
	p.board.mu.Lock()
	p.live = s
	p.board.mu.Unlock()
}

// Done ends the post: its live line goes and its report is printed whole
// (with Quiet, only when it did not pass). run may be nil when the post
// never ran; its notes are printed then.
func (p *BoardPost) Done(run *result.Run) {
	p.Terminal.Close()
	b := p.board
	b.mu.Lock()
	defer b.mu.Unlock()
	for i, q := range b.running {
		if q == p {
			b.running = append(b.running[:i], b.running[i+1:]...)
			break
		}
	}
	b.clear()
	passed := run != nil && run.ExitCode() == result.ExitPassed
	if !(b.opts.Quiet && passed) {
		p.out.Locked(func() {
			text := p.buf.Bytes()
			head := "━━ " + p.file + " "
			if run != nil && run.Failed != nil {
				text = append(text, []byte(termtext.Paint(b.opts.Color, termtext.Red, "tutor: "+run.Failed.Message)+"\n")...)
			}
			if b.printed {
				io.WriteString(b.out, "\n")
			}
			b.printed = true
			b.out.Write([]byte(termtext.Paint(b.opts.Color, termtext.Bold, head+strings.Repeat("━", max(3, 60-utf8.RuneCountInString(head)))) + "\n"))
			b.out.Write(text)
			if len(text) > 0 && text[len(text)-1] != '\n' {
				io.WriteString(b.out, "\n")
			}
		})
	}
	b.redraw()
}

// tick advances the spinners and redraws the live lines.
func (b *Board) tick() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.frame++
	b.redraw()
}

// heartbeat prints one line naming the running posts and how long each
// has run.
func (b *Board) heartbeat() {
	b.mu.Lock()
	defer b.mu.Unlock()
	if len(b.running) == 0 {
		return
	}
	now := b.opts.Now()
	names := make([]string, len(b.running))
	for i, p := range b.running {
		names[i] = fmt.Sprintf("%s (%s)", p.file, formatDuration(now.Sub(p.start)))
	}
	fmt.Fprintf(b.out, "tutor: still running %s\n", strings.Join(names, ", "))
}

// clear removes the live lines from the screen. The caller holds b.mu.
func (b *Board) clear() {
	if b.shown > 0 {
		fmt.Fprintf(b.out, "\r\x1b[%dA\x1b[J", b.shown)
		b.shown = 0
	}
}

// redraw draws the live lines anew. The caller holds b.mu.
func (b *Board) redraw() {
	if !b.opts.Live {
		return
	}
	b.clear()
	var s strings.Builder
	now := b.opts.Now()
	for _, p := range b.running {
		frame := spinner[b.frame%len(spinner)]
		text := p.file
		if p.live != "" {
			text += "  " + p.live
		}
		suffix := " (" + formatDuration(now.Sub(p.start)) + ")"
		if room := 78 - 2 - utf8.RuneCountInString(suffix); utf8.RuneCountInString(text) > room {
			text = string([]rune(text)[:room-1]) + "…"
		}
		s.WriteString(termtext.Paint(b.opts.Color, termtext.Cyan, frame) + " " + text + termtext.Paint(b.opts.Color, termtext.Dim, suffix) + "\x1b[K\n")
	}
	io.WriteString(b.out, s.String())
	b.shown = len(b.running)
}
