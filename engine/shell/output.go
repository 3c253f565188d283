package shell

import (
	"bytes"
	"fmt"
	"io"
	"regexp"
	"sync"
	"unicode/utf8"
)

// headTail keeps the first and the last bytes of a stream, up to limit in
// all, and counts what falls in between.
type headTail struct {
	limit int
	head  []byte
	tail  []byte // holds at most 2*tailCap bytes; the last tailCap count
	total int64
}

func newHeadTail(limit int) *headTail {
	return &headTail{limit: limit}
}

func (h *headTail) headCap() int { return h.limit / 2 }
func (h *headTail) tailCap() int { return h.limit - h.headCap() }

func (h *headTail) write(p []byte) {
	h.total += int64(len(p))
	if n := min(h.headCap()-len(h.head), len(p)); n > 0 {
		h.head = append(h.head, p[:n]...)
		p = p[n:]
	}
	if len(p) == 0 {
		return
	}
	tc := h.tailCap()
	if len(p) >= tc {
		h.tail = append(h.tail[:0], p[len(p)-tc:]...)
		return
	}
	if len(h.tail)+len(p) > 2*tc {
		h.tail = append(h.tail[:0], h.tail[len(h.tail)-(tc-len(p)):]...)
	}
	h.tail = append(h.tail, p...)
}

// truncated reports whether bytes were dropped.
func (h *headTail) truncated() bool {
	return h.total > int64(len(h.head)+min(len(h.tail), h.tailCap()))
}

// String returns the kept output. When bytes were dropped, a marker line
// says how many; the cut does not split UTF-8 sequences.
func (h *headTail) String() string {
	tail := h.tail
	if len(tail) > h.tailCap() {
		tail = tail[len(tail)-h.tailCap():]
	}
	if !h.truncated() {
		return string(h.head) + string(tail)
	}
	head := h.head
	for i := 0; i < utf8.UTFMax && len(head) > 0; i++ {
		if r, size := utf8.DecodeLastRune(head); r != utf8.RuneError || size != 1 {
			break
		}
		head = head[:len(head)-1]
	}
	for i := 0; i < utf8.UTFMax && len(tail) > 0 && !utf8.RuneStart(tail[0]); i++ {
		tail = tail[1:]
	}
	dropped := h.total - int64(len(head)+len(tail))
	var b bytes.Buffer
	b.Write(head)
	if len(head) > 0 && head[len(head)-1] != '\n' {
		b.WriteByte('\n')
	}
	fmt.Fprintf(&b, "[... %d bytes of output truncated ...]\n", dropped)
	b.Write(tail)
	return b.String()
}

// capture is where a process's output goes: the kept output, the caller's
// stream until it is detached, and an optional line matcher.
type capture struct {
	mu     sync.Mutex
	out    *headTail
	stream io.Writer
	// ready, when set, is matched against each complete line; matched is
	// closed at the first match.
	ready   *regexp.Regexp
	line    []byte
	matched chan struct{}
	hit     bool
}

// maxLine bounds the partial line kept for readiness matching.
const maxLine = 64 << 10

func newCapture(limit int, stream io.Writer, ready *regexp.Regexp) *capture {
	return &capture{out: newHeadTail(limit), stream: stream, ready: ready, matched: make(chan struct{})}
}

// Write records p. It never fails: a failing stream is dropped so that the
// process's output keeps being drained.
func (c *capture) Write(p []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.out.write(p)
	if c.stream != nil {
		if _, err := c.stream.Write(p); err != nil {
			c.stream = nil
		}
	}
	if c.ready != nil && !c.hit {
		c.scan(p)
	}
	return len(p), nil
}

func (c *capture) scan(p []byte) {
	for len(p) > 0 && !c.hit {
		i := bytes.IndexByte(p, '\n')
		if i < 0 {
			c.line = append(c.line, p...)
			if len(c.line) > maxLine {
				c.matchLine()
			}
			return
		}
		c.line = append(c.line, p[:i]...)
		p = p[i+1:]
		c.matchLine()
	}
}

func (c *capture) matchLine() {
	if c.ready.Match(bytes.TrimSuffix(c.line, []byte("\r"))) {
		c.hit = true
		close(c.matched)
	}
	c.line = c.line[:0]
}

// finish matches a last line that has no newline; call it at end of output.
func (c *capture) finish() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.ready != nil && !c.hit && len(c.line) > 0 {
		c.matchLine()
	}
}

// detach stops writing to the stream and returns the output so far.
func (c *capture) detach() (string, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.stream = nil
	return c.out.String(), c.out.truncated()
}

// snapshot returns the output so far.
func (c *capture) snapshot() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.out.String()
}
