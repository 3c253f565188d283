package update

import (
	"strings"
	"unicode/utf8"
)

// actualLines turns what a step printed into the lines a post can show:
// terminal codes removed (see cleanLine), secrets redacted, trailing
// blanks dropped from every line, and no blank lines at the start or end
// (the reader would drop those from the post anyway).
func actualLines(output string, redact func(string) string) []string {
	raw := strings.Split(output, "\n")
	for i, l := range raw {
		raw[i] = cleanLine(l)
	}
	// Redact after cleaning, so that a colour code inside a secret cannot
	// hide it from the redactor.
	lines := strings.Split(redact(strings.Join(raw, "\n")), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " \t\r")
	}
	for len(lines) > 0 && lines[0] == "" {
		lines = lines[1:]
	}
	for len(lines) > 0 && lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	return lines
}

// cleanLine removes what a terminal interprets rather than shows, as
// normalize does before comparing: a CRLF line end, everything a carriage
// return wrote over (progress meters), escape sequences (CSI colours and
// cursor moves, OSC titles and links), backspaces with the character before
// them, and other control bytes but tabs.
func cleanLine(s string) string {
	s = strings.TrimRight(s, "\r")
	if k := strings.LastIndexByte(s, '\r'); k >= 0 {
		s = s[k+1:]
	}
	if !hasControl(s) {
		return s
	}
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == 0x1b:
			i = escapeEnd(s, i) - 1
		case c == '\b':
			if len(b) > 0 {
				_, n := utf8.DecodeLastRune(b)
				b = b[:len(b)-n]
			}
		case isControl(c):
		default:
			b = append(b, c)
		}
	}
	return string(b)
}

func isControl(c byte) bool { return (c < 0x20 && c != '\t') || c == 0x7f }

func hasControl(s string) bool {
	for i := 0; i < len(s); i++ {
		if isControl(s[i]) {
			return true
		}
	}
	return false
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
