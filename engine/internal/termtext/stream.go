package termtext

import (
	"bytes"
	"strings"
	"sync"
	"unicode/utf8"
)

// MaxLine is the longest partial line a Stream keeps back; a longer one is
// printed so that a command printing no newline still shows its output.
const MaxLine = 4096

// Stream is the writer a reporter hands out for a step's output: it
// prints complete lines and keeps a partial last line back until its
// newline arrives (or until Close), so output never lands in the middle
// of what the reporter draws. Writes after Close are dropped.
//
// Every Write takes the reporter's lock, formats each line with line and
// prints them with one call of print; Close runs under that lock, held by
// its caller.
type Stream struct {
	mu     sync.Locker
	line   func([]byte) string
	print  func(string)
	buf    []byte
	closed bool
}

// NewStream returns a Stream that formats lines with line and prints them
// with print, both called with mu held.
func NewStream(mu sync.Locker, line func([]byte) string, print func(string)) *Stream {
	return &Stream{mu: mu, line: line, print: print}
}

// Write implements io.Writer; it never fails.
func (w *Stream) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
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
			out.WriteString(w.line(rest[:i]))
			start += i + 1
			continue
		}
		if len(rest) < MaxLine {
			break
		}
		i = runeBoundary(rest, MaxLine)
		out.WriteString(w.line(rest[:i]))
		start += i
	}
	w.buf = w.buf[:copy(w.buf, w.buf[start:])]
	if out.Len() > 0 {
		w.print(out.String())
	}
	return len(p), nil
}

// Close prints the partial last line, if any, and drops the writes that
// come after. The caller holds mu. Closing a nil Stream, or one closed
// already, does nothing: a reporter closes the stream of the step that
// ran last without asking whether there is one.
func (w *Stream) Close() {
	if w == nil {
		return
	}
	if len(w.buf) > 0 {
		w.print(w.line(w.buf))
	}
	w.buf, w.closed = nil, true
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
