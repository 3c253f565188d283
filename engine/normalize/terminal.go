package normalize

import (
	"strings"
	"unicode/utf8"
)

// needsCleaning reports whether s holds control bytes other than tab and
// newline: escape sequences, carriage returns, backspaces.
func needsCleaning(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; (c < 0x20 && !isSpace(c)) || c == 0x7f {
			return true
		}
	}
	return false
}

// Terminal returns a line as a terminal shows it: what a carriage return
// wrote over, escape sequences, backspaces (with the character before them)
// and other control bytes removed. Update mode cleans the lines it writes
// into a post with it.
func Terminal(line string) string { return clean(line) }

// clean removes what a terminal interprets rather than shows. After a
// carriage return a terminal writes over the line (progress meters), so
// only the text after the last one is kept; a trailing one is a CRLF line
// end. Escape sequences (CSI colours and cursor moves, OSC titles and
// links, two-byte escapes) are dropped, a backspace deletes the character
// before it, other control bytes are dropped.
func clean(s string) string {
	s = strings.TrimRight(s, "\r")
	if k := strings.LastIndexByte(s, '\r'); k >= 0 {
		s = s[k+1:]
	}
	if !needsCleaning(s) { // a CRLF line
		return s
	}
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == 0x1b:
			i = escapeEnd(s, i) - 1
		case c == '\b':
			_, n := utf8.DecodeLastRune(b)
			b = b[:len(b)-n]
		case (c < 0x20 && !isSpace(c)) || c == 0x7f:
		default:
			b = append(b, c)
		}
	}
	return string(b)
}

// escapeEnd returns the end of the escape sequence that starts at s[i].
func escapeEnd(s string, i int) int {
	j := i + 1
	if j >= len(s) {
		return j
	}
	switch s[j] {
	case '[': // CSI: parameters and intermediates, then a final byte
		for j++; j < len(s); j++ {
			if c := s[j]; c >= 0x40 && c <= 0x7e {
				return j + 1
			}
		}
		return j
	case ']', 'P', 'X', '^', '_': // OSC and friends: up to BEL or ESC \
		for j++; j < len(s); j++ {
			if s[j] == 0x07 {
				return j + 1
			}
			if s[j] == 0x1b {
				if j+1 < len(s) && s[j+1] == '\\' {
					return j + 2
				}
				return j
			}
		}
		return j
	}
	for j < len(s) && s[j] >= 0x20 && s[j] <= 0x2f { // intermediates
		j++
	}
	if j < len(s) {
		j++ // final byte
	}
	return j
}

// DropControls removes the control characters but tab and newline (and
// ESC when keepESC) that would move the cursor or ring the bell when
// captured output is shown again: the terminal reporter and tutor learn
// use it on streamed lines.
func DropControls(s string, keepESC bool) string {
	return strings.Map(func(r rune) rune {
		if r < 0x20 && r != '\t' && r != '\n' && (r != 0x1b || !keepESC) || r == 0x7f {
			return -1
		}
		return r
	}, s)
}
