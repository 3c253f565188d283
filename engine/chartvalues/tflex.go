package chartvalues

import (
	"fmt"
	"strconv"
	"strings"
)

// tokKind is the kind of a token of the Terraform-like values block.
type tokKind int

const (
	tokEOF    tokKind = iota
	tokPunct          // { } = ,
	tokWord           // a bare word: key, attribute, number, true
	tokString         // a quoted string, unquoted in text
	tokBad            // an unterminated string or a stray character
)

// token is one token with its 1-based line.
type token struct {
	kind tokKind
	text string
	line int
}

// tfLexer splits the Terraform-like block into tokens; newlines and
// comments (#, //) are skipped.
type tfLexer struct {
	src  string
	pos  int
	line int
}

func newTFLexer(src string) *tfLexer { return &tfLexer{src: src, line: 1} }

func (l *tfLexer) next() token {
	l.skipSpace()
	if l.pos >= len(l.src) {
		return token{kind: tokEOF, text: "end of block", line: l.line}
	}
	c := l.src[l.pos]
	switch {
	case strings.IndexByte("{}=,", c) >= 0:
		l.pos++
		return token{kind: tokPunct, text: string(c), line: l.line}
	case c == '"':
		return l.quoted()
	case isWordByte(c):
		start := l.pos
		for l.pos < len(l.src) && isWordByte(l.src[l.pos]) {
			l.pos++
		}
		return token{kind: tokWord, text: l.src[start:l.pos], line: l.line}
	}
	l.pos++
	return token{kind: tokBad, text: string(c), line: l.line}
}

// quoted reads a double-quoted string with Go/HCL escapes.
func (l *tfLexer) quoted() token {
	start := l.pos
	for i := l.pos + 1; i < len(l.src); i++ {
		switch l.src[i] {
		case '\\':
			i++
		case '\n':
			i = len(l.src)
		case '"':
			s, err := strconv.Unquote(l.src[start : i+1])
			l.pos = i + 1
			if err != nil {
				return token{kind: tokBad, text: l.src[start : i+1], line: l.line}
			}
			return token{kind: tokString, text: s, line: l.line}
		}
	}
	l.pos = len(l.src)
	return token{kind: tokBad, text: "unterminated string", line: l.line}
}

func (l *tfLexer) skipSpace() {
	for l.pos < len(l.src) {
		c := l.src[l.pos]
		switch {
		case c == '\n':
			l.line++
			l.pos++
		case c == ' ' || c == '\t' || c == '\r':
			l.pos++
		case c == '#' || strings.HasPrefix(l.src[l.pos:], "//"):
			for l.pos < len(l.src) && l.src[l.pos] != '\n' {
				l.pos++
			}
		default:
			return
		}
	}
}

// expect reads one punctuation token and fails with its line otherwise.
func (l *tfLexer) expect(p string) error {
	if t := l.next(); t.kind != tokPunct || t.text != p {
		return &Error{Line: t.line, Msg: fmt.Sprintf("want %q, got %q", p, t.text)}
	}
	return nil
}

func isWordByte(c byte) bool {
	return c == '_' || c == '-' || c == '.' || c == '/' ||
		c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}
