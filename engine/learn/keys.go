package learn

import (
	"bufio"
	"context"
	"io"
	"strings"
	"unicode/utf8"
)

// The keys with a meaning of their own.
const (
	keyEnter  = '\r'
	keyCtrlC  = 0x03
	keyCtrlD  = 0x04
	keyEscape = 0x1b
)

// keyReader reads one key at a time: in raw mode a keystroke, otherwise
// (input that is not a terminal) the first character of a line, so that
// a session can be scripted. A read that a cancelled context abandoned
// stays under way and serves the next call.
type keyReader struct {
	in      io.Reader
	lines   *bufio.Reader
	raw     func() (restore func(), err error)
	rest    []byte // keys read in raw mode but not used yet
	pending chan keyRead
}

type keyRead struct {
	key rune
	err error
}

func newKeyReader(in io.Reader, raw func() (func(), error)) *keyReader {
	return &keyReader{in: in, lines: bufio.NewReader(in), raw: raw}
}

// lineMode reports whether keys are read line by line.
func (k *keyReader) lineMode() bool { return k.raw == nil }

// enterRaw puts the terminal in raw mode for the next key and returns
// the function that restores it. When that fails, the reader falls back
// to reading lines for good and returns the error.
func (k *keyReader) enterRaw() (restore func(), err error) {
	if k.raw == nil {
		return func() {}, nil
	}
	restore, err = k.raw()
	if err != nil {
		k.raw = nil
		return func() {}, err
	}
	return restore, nil
}

// next waits for a key. An error (io.EOF, the context's) means there will
// be no more keys for this prompt.
func (k *keyReader) next(ctx context.Context) (rune, error) {
	if k.pending == nil {
		ch := make(chan keyRead, 1)
		k.pending = ch
		lineMode := k.lineMode()
		go func() {
			var r keyRead
			if lineMode {
				r.key, r.err = k.readLine()
			} else {
				r.key, r.err = k.readKey()
			}
			ch <- r
		}()
	}
	select {
	case <-ctx.Done():
		return 0, ctx.Err()
	case r := <-k.pending:
		k.pending = nil
		return r.key, r.err
	}
}

// readKey reads a keystroke. An escape sequence (an arrow key) is read
// whole and reported as Escape.
func (k *keyReader) readKey() (rune, error) {
	if len(k.rest) == 0 {
		buf := make([]byte, 64)
		n, err := k.in.Read(buf)
		if n == 0 {
			if err == nil {
				err = io.ErrNoProgress
			}
			return 0, err
		}
		k.rest = buf[:n]
	}
	if k.rest[0] == keyEscape {
		k.rest = nil
		return keyEscape, nil
	}
	r, size := utf8.DecodeRune(k.rest)
	k.rest = k.rest[size:]
	if r == '\n' {
		r = keyEnter
	}
	return r, nil
}

// readLine reads a line and returns its first character; an empty line
// is Enter.
func (k *keyReader) readLine() (rune, error) {
	line, err := k.lines.ReadString('\n')
	if line == "" && err != nil {
		return 0, err
	}
	line = strings.TrimSpace(line)
	if line == "" {
		return keyEnter, nil
	}
	r, _ := utf8.DecodeRuneInString(line)
	return r, nil
}
