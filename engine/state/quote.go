package state

import (
	"strconv"
	"strings"
)

// bash's `declare -p` quotes a value in one of three ways: "..." (with \
// before $ ` " \), $'...' (ANSI-C escapes, for values with control
// characters, bash 5.1 and later) and, for array keys and values, the
// same inside ( ). A backslash outside quotes escapes the next byte.

// statementEnd returns the offset just past the newline that ends the
// statement whose value starts at b[p:], skipping newlines inside quotes.
// It reports false when the statement does not end.
func statementEnd(b []byte, p int) (int, bool) {
	for p < len(b) {
		switch b[p] {
		case '\n':
			return p + 1, true
		case '\\':
			p += 2
		case '\'':
			p = closing(b, p+1, '\'', false)
		case '"':
			p = closing(b, p+1, '"', true)
		case '$':
			if p+1 < len(b) && b[p+1] == '\'' {
				p = closing(b, p+2, '\'', true)
			} else {
				p++
			}
		default:
			p++
		}
	}
	return len(b), false
}

// closing returns the offset just past the quote that closes a quoted
// string whose text starts at b[p:], or len(b) when none does.
func closing(b []byte, p int, quote byte, escapes bool) int {
	for p < len(b) {
		switch {
		case escapes && b[p] == '\\':
			p += 2
		case b[p] == quote:
			return p + 1
		default:
			p++
		}
	}
	return len(b)
}

// unquote undoes the quoting of a declare -p value.
func unquote(raw []byte) string {
	var out strings.Builder
	for p := 0; p < len(raw); {
		switch c := raw[p]; {
		case c == '\\' && p+1 < len(raw):
			out.WriteByte(raw[p+1])
			p += 2
		case c == '\'':
			end := closing(raw, p+1, '\'', false)
			out.Write(raw[p+1 : max(p+1, end-1)])
			p = end
		case c == '"':
			p = unquoteDouble(&out, raw, p+1)
		case c == '$' && p+1 < len(raw) && raw[p+1] == '\'':
			p = unquoteANSI(&out, raw, p+2)
		default:
			out.WriteByte(c)
			p++
		}
	}
	return out.String()
}

// unquoteDouble writes the text of a "..." string starting at raw[p:] and
// returns the offset past its closing quote.
func unquoteDouble(out *strings.Builder, raw []byte, p int) int {
	for p < len(raw) && raw[p] != '"' {
		if raw[p] == '\\' && p+1 < len(raw) && strings.IndexByte("$`\"\\\n", raw[p+1]) >= 0 {
			p++
		}
		out.WriteByte(raw[p])
		p++
	}
	return p + 1
}

// ansiEscapes are the one-letter escapes of $'...'.
var ansiEscapes = map[byte]byte{
	'a': '\a', 'b': '\b', 'e': 0x1b, 'E': 0x1b, 'f': '\f', 'n': '\n', 'r': '\r', 't': '\t', 'v': '\v',
	'\\': '\\', '\'': '\'', '"': '"', '?': '?',
}

// unquoteANSI writes the text of a $'...' string starting at raw[p:] and
// returns the offset past its closing quote.
func unquoteANSI(out *strings.Builder, raw []byte, p int) int {
	for p < len(raw) && raw[p] != '\'' {
		if raw[p] != '\\' || p+1 >= len(raw) {
			out.WriteByte(raw[p])
			p++
			continue
		}
		c := raw[p+1]
		p += 2
		if e, ok := ansiEscapes[c]; ok {
			out.WriteByte(e)
			continue
		}
		switch c {
		case 'x', 'u', 'U':
			n := map[byte]int{'x': 2, 'u': 4, 'U': 8}[c]
			digits := prefixIn(raw[p:], "0123456789abcdefABCDEF", n)
			v, _ := strconv.ParseUint(string(raw[p:p+digits]), 16, 32)
			if c == 'x' {
				out.WriteByte(byte(v))
			} else {
				out.WriteString(string(rune(v)))
			}
			p += digits
		case 'c':
			if p < len(raw) {
				out.WriteByte(raw[p] & 0x1f)
				p++
			}
		default:
			if digits := prefixIn(raw[p-1:], "01234567", 3); digits > 0 {
				v, _ := strconv.ParseUint(string(raw[p-1:p-1+digits]), 8, 16)
				out.WriteByte(byte(v))
				p += digits - 1
			} else {
				out.WriteByte('\\')
				out.WriteByte(c)
			}
		}
	}
	return p + 1
}

// prefixIn returns the length of the longest prefix of b, at most max
// bytes, made of bytes in set.
func prefixIn(b []byte, set string, limit int) int {
	n := 0
	for n < len(b) && n < limit && strings.IndexByte(set, b[n]) >= 0 {
		n++
	}
	return n
}
