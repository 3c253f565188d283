package report

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/term"

	"github.com/tutor-run/tutor/engine/normalize"
	"github.com/tutor-run/tutor/engine/result"
)

// Select Graphic Rendition codes the Terminal uses.
const (
	sgrBold   = "1"
	sgrDim    = "2"
	sgrRed    = "31"
	sgrGreen  = "32"
	sgrYellow = "33"
	sgrCyan   = "36"
)

// clearLine returns the cursor to column 0 and clears to the end of line.
const clearLine = "\r\x1b[K"

// maxLine is the longest partial line kept back; a longer one is printed
// so that a command printing no newline still shows its output.
const maxLine = 4096

// outputPrefix starts every line of streamed step output.
const outputPrefix = "  │ "

// spinner are the frames of the live line's spinner.
var spinner = []string{"⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"}

var statusSymbol = map[result.Status]string{
	result.Passed:  "✓",
	result.Failed:  "✗",
	result.Errored: "!",
	result.Skipped: "○",
	result.Blocked: "⊘",
}

var statusColor = map[result.Status]string{
	result.Passed:  sgrGreen,
	result.Failed:  sgrRed,
	result.Errored: sgrYellow,
	result.Skipped: sgrDim,
	result.Blocked: sgrDim,
}

// symbol is the one-character mark of a status.
func symbol(s result.Status) string {
	if sym, ok := statusSymbol[s]; ok {
		return sym
	}
	return "?"
}

// paint wraps s in an SGR code when colour is on.
func (t *Terminal) paint(code, s string) string {
	if !t.opts.Color || code == "" || s == "" {
		return s
	}
	return "\x1b[" + code + "m" + s + "\x1b[0m"
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
	head := title + firstLine(commandText(t.step))
	suffix := " (" + elapsed + ")"
	room := width - 2 - utf8.RuneCountInString(suffix)
	if n := utf8.RuneCountInString(head); n > room && room > 0 {
		head = string([]rune(head)[:room-1]) + "…"
	}
	frame := spinner[t.frame%len(spinner)]
	return t.paint(sgrCyan, frame) + " " + head + t.paint(sgrDim, suffix)
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

// animate redraws the live line every tick until Close.
func (t *Terminal) animate() {
	defer close(t.stopped)
	tick := time.NewTicker(t.opts.Tick)
	defer tick.Stop()
	for {
		select {
		case <-t.stop:
			return
		case <-tick.C:
			t.mu.Lock()
			t.frame++
			if t.step != nil {
				t.drawLive()
			}
			t.mu.Unlock()
		}
	}
}

// flushStream prints the running step's partial last line and closes its
// writer. The caller holds t.mu.
func (t *Terminal) flushStream() {
	if t.stream == nil {
		return
	}
	if len(t.stream.buf) > 0 && !t.opts.Quiet {
		t.print(t.outputLine(t.stream.buf))
	}
	t.stream.buf, t.stream.closed = nil, true
	t.stream = nil
}

// outputLine formats one line of step output for the terminal.
func (t *Terminal) outputLine(b []byte) string {
	s := strings.TrimSuffix(string(b), "\r")
	if i := strings.LastIndexByte(s, '\r'); i >= 0 {
		s = s[i+1:] // a progress bar: the terminal would show the last draw
	}
	if !t.opts.Color {
		s = stripANSI(s)
	}
	s = normalize.DropControls(strings.ToValidUTF8(s, "\uFFFD"), t.opts.Color)
	if t.opts.Color && strings.Contains(s, "\x1b") {
		s += "\x1b[0m" // the command's colours end with its line
	}
	return t.paint(sgrDim, outputPrefix) + s + "\n"
}

// stream is the writer StepStarted returns: it prints complete lines of
// the step's output and keeps a partial last line back until its newline
// arrives, so output never lands in the middle of the live line. Writes
// after the step finished are dropped.
type stream struct {
	t      *Terminal
	buf    []byte
	closed bool
}

// Write implements io.Writer; it never fails.
func (w *stream) Write(p []byte) (int, error) {
	t := w.t
	t.mu.Lock()
	defer t.mu.Unlock()
	if w.closed {
		return len(p), nil
	}
	w.buf = append(w.buf, p...)
	var out strings.Builder
	start := 0
	for {
		rest := w.buf[start:]
		i := bytes.IndexByte(rest, '\n')
		if i >= 0 {
			out.WriteString(t.outputLine(rest[:i]))
			start += i + 1
			continue
		}
		if len(rest) < maxLine {
			break
		}
		i = runeBoundary(rest, maxLine)
		out.WriteString(t.outputLine(rest[:i]))
		start += i
	}
	w.buf = w.buf[:copy(w.buf, w.buf[start:])]
	if out.Len() > 0 {
		t.print(out.String())
	}
	return len(p), nil
}

// runeBoundary is the largest index <= n that does not split a UTF-8
// sequence of b (n itself when b[:n] ends in invalid bytes).
func runeBoundary(b []byte, n int) int {
	if n >= len(b) {
		return len(b)
	}
	for i := n; i > n-utf8.UTFMax && i > 0; i-- {
		if utf8.RuneStart(b[i]) {
			return i
		}
	}
	return n
}
