package report

import (
	"fmt"
	"io"
	"time"
	"unicode/utf8"

	"golang.org/x/term"

	"github.com/tutor-run/tutor/engine/internal/termtext"
	"github.com/tutor-run/tutor/engine/result"
)

// clearLine returns the cursor to column 0 and clears to the end of line.
const clearLine = "\r\x1b[K"

// spinner are the frames of the live line's spinner.
var spinner = []string{"⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"}

var statusSymbol = map[result.Status]string{
	result.Passed:  "✓",
	result.Failed:  "✗",
	result.Errored: "!",
	result.Skipped: "○",
	result.Blocked: "⊘",
}

var statusColor = map[result.Status]termtext.Style{
	result.Passed:  termtext.Green,
	result.Failed:  termtext.Red,
	result.Errored: termtext.Yellow,
	result.Skipped: termtext.Dim,
	result.Blocked: termtext.Dim,
}

// symbol is the one-character mark of a status.
func symbol(s result.Status) string {
	if sym, ok := statusSymbol[s]; ok {
		return sym
	}
	return "?"
}

// paint wraps s in st when colour is on.
func (t *Terminal) paint(st termtext.Style, s string) string {
	return termtext.Paint(t.opts.Color, st, s)
}

// print writes s, which holds whole lines, around the live line: the
// line is cleared first and redrawn after. The caller holds t.mu.
func (t *Terminal) print(s string) {
	t.clearLive()
	io.WriteString(t.out, s)
	t.wrote = true
	if t.opts.Live && t.step != nil {
		t.drawLive()
	}
}

// clearLive removes the live line from the screen. The caller holds t.mu.
func (t *Terminal) clearLive() {
	if t.liveShown {
		io.WriteString(t.out, clearLine)
		t.liveShown = false
	}
}

// drawLive draws the live line over the current one. The caller holds t.mu.
func (t *Terminal) drawLive() {
	io.WriteString(t.out, "\r"+t.liveText(t.width()-1)+"\x1b[K")
	t.liveShown = true
}

// liveText is the live line, "⠋ section › command (1.2s)", cut to width
// columns (one rune taken as one column).
func (t *Terminal) liveText(width int) string {
	elapsed := formatDuration(t.opts.Now().Sub(t.stepStart))
	if t.attempt > 1 {
		elapsed = fmt.Sprintf("attempt %d, %s", t.attempt, elapsed)
	}
	title := ""
	if t.section != nil {
		title = t.section.Title + " › "
	}
	head := title + termtext.FirstLine(commandText(t.step))
	suffix := " (" + elapsed + ")"
	room := width - 2 - utf8.RuneCountInString(suffix)
	if n := utf8.RuneCountInString(head); n > room && room > 0 {
		head = string([]rune(head)[:room-1]) + "…"
	}
	frame := spinner[t.frame%len(spinner)]
	return t.paint(termtext.Cyan, frame) + " " + head + t.paint(termtext.Dim, suffix)
}

// width is the terminal's width when out is a terminal, else 80.
func (t *Terminal) width() int {
	if f, ok := t.out.(interface{ Fd() uintptr }); ok {
		if w, _, err := term.GetSize(int(f.Fd())); err == nil && w > 20 {
			return w
		}
	}
	return 80
}

// liveClock fills in the clock options Terminal and Board share: now
// defaults to time.Now, and tick, how often live lines are redrawn, to
// 100ms.
func liveClock(now func() time.Time, tick time.Duration) (func() time.Time, time.Duration) {
	if now == nil {
		now = time.Now
	}
	if tick <= 0 {
		tick = 100 * time.Millisecond
	}
	return now, tick
}

// ticker calls a function every tick, from its own goroutine, until
// stop: the spinner of a live line.
type ticker struct{ done, stopped chan struct{} }

// startTicker calls tick every d until the ticker is stopped.
func startTicker(d time.Duration, tick func()) *ticker {
	t := &ticker{done: make(chan struct{}), stopped: make(chan struct{})}
	go func() {
		defer close(t.stopped)
		c := time.NewTicker(d)
		defer c.Stop()
		for {
			select {
			case <-t.done:
				return
			case <-c.C:
				tick()
			}
		}
	}()
	return t
}

// stop stops the ticker and waits for its last call to end; a nil
// ticker does nothing. Call it once.
func (t *ticker) stop() {
	if t != nil {
		close(t.done)
		<-t.stopped
	}
}

// tick advances the spinner and redraws the live line.
func (t *Terminal) tick() {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.frame++
	if t.step != nil {
		t.drawLive()
	}
}
