package redact

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
)

// The Writer holds back output until it can tell whether it is secret.
const (
	// maxPending is how long a line may grow before the Writer passes on
	// part of it without waiting for its end; a secret split at that
	// point by a line rule may then get through.
	maxPending = 64 << 10
	// maxPEM is how much of a PEM private key the Writer holds while it
	// waits for its END line; past that it writes the BEGIN line and a
	// marker and drops everything up to END.
	maxPEM = 1 << 20
)

// errClosed is returned by writes after Close.
var errClosed = errors.New("write to a closed redacting writer")

// Writer returns a writer that passes what is written to it on to w with
// secrets replaced, as String would. It holds back a line until it ends
// (line rules need the whole line), the bytes at the end that may begin a
// literal secret, and a PEM private key until its END line, so secrets
// split across writes are still caught. Close writes what is held back; it
// does not close w. The writer is safe for concurrent use.
func (r *Redactor) Writer(w io.Writer) io.WriteCloser {
	return &writer{r: r, w: w}
}

// writer is the io.WriteCloser that Redactor.Writer returns.
type writer struct {
	r       *Redactor
	w       io.Writer
	mu      sync.Mutex
	pending []byte
	// swallow is set while dropping the rest of an over-long PEM key.
	swallow bool
	closed  bool
	err     error
}

// Write implements io.Writer.
func (w *writer) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	switch {
	case w.closed:
		return 0, errClosed
	case w.err != nil:
		return 0, w.err
	}
	w.pending = append(w.pending, p...)
	if err := w.flush(false); err != nil {
		w.err = err
		return 0, err
	}
	return len(p), nil
}

// Close writes what the writer holds back, redacted.
func (w *writer) Close() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.closed {
		return nil
	}
	w.closed = true
	if w.err != nil {
		return w.err
	}
	return w.flush(true)
}

// flush writes the part of pending that is safe to write, or all of it
// when final.
func (w *writer) flush(final bool) error {
	if w.swallow && !w.skipPEM() {
		return nil
	}
	s := string(w.pending)
	sp, open := w.r.find(s)
	cut := len(s)
	if !final {
		cut = w.safeCut(s, sp, open)
		if open >= 0 && len(s)-open > maxPEM {
			cut, w.swallow = len(s), true
		}
	}
	if cut == 0 {
		return nil
	}
	out := apply(s, sp, cut)
	w.pending = append(w.pending[:0], s[cut:]...)
	if _, err := io.WriteString(w.w, out); err != nil {
		return fmt.Errorf("writing redacted output: %w", err)
	}
	return nil
}

// skipPEM drops pending bytes up to the END line of the PEM key being
// swallowed, and reports whether it was found.
func (w *writer) skipPEM() bool {
	i := bytes.Index(w.pending, []byte(pemEnd))
	if i < 0 {
		keep := min(len(w.pending), len(pemEnd)-1)
		w.pending = append(w.pending[:0], w.pending[len(w.pending)-keep:]...)
		return false
	}
	w.pending = append(w.pending[:0], w.pending[i:]...)
	w.swallow = false
	return true
}

// safeCut returns how much of s can be written now: the complete lines,
// less any tail that may begin a literal secret or an unterminated PEM key,
// and never part of a secret.
func (w *writer) safeCut(s string, sp []span, open int) int {
	cut := strings.LastIndexAny(s, "\n\r") + 1
	if cut == 0 && len(s) > maxPending {
		cut = len(s)
	}
	cut = min(cut, w.partialLiteral(s))
	if open >= 0 {
		cut = min(cut, open)
	}
	for _, x := range sp {
		if x.start < cut && cut < x.end {
			cut = x.start
		}
	}
	return cut
}

// partialLiteral returns the offset of the longest tail of s that is the
// beginning of a literal secret, or len(s) when there is none.
func (w *writer) partialLiteral(s string) int {
	at := len(s)
	for _, l := range w.r.snapshot() {
		for j := max(0, len(s)-len(l.value)+1); j < at; j++ {
			if s[j] == l.value[0] && strings.HasPrefix(l.value, s[j:]) {
				at = j
				break
			}
		}
	}
	return at
}
