package redact

import (
	"strings"
)

// PEM private keys span lines, so they are found apart from the line
// rules: the body between "-----BEGIN ... PRIVATE KEY-----" and the next
// "-----END" is the secret, and the two marker lines stay. Keys inside JSON
// strings (with \n escapes) are found too.
const (
	pemBegin = "-----BEGIN "
	pemDash  = "-----"
	pemEnd   = "-----END"
)

// findPEM appends the bodies of PEM private keys in s to sp. A key whose END
// line is missing is redacted to the end of s, and the offset of its BEGIN
// marker is returned so that a Writer can wait for the rest; else -1.
func findPEM(s string, sp []span) ([]span, int) {
	for i := 0; ; {
		j := strings.Index(s[i:], pemBegin)
		if j < 0 {
			return sp, -1
		}
		begin := i + j
		label := begin + len(pemBegin)
		k := strings.Index(s[label:], pemDash)
		nl := strings.IndexByte(s[label:], '\n')
		if k < 0 || nl >= 0 && nl < k || !strings.Contains(s[label:label+k], "PRIVATE KEY") {
			i = label
			continue
		}
		body := label + k + len(pemDash)
		e := strings.Index(s[body:], pemEnd)
		if e < 0 {
			start := body + leadingSpace(s[body:])
			if start < len(s) {
				sp = append(sp, span{start: start, end: len(s)})
			}
			return sp, begin
		}
		end := body + e
		start, stop := body+leadingSpace(s[body:end]), end-trailingSpace(s[body:end])
		if start < stop {
			sp = append(sp, span{start: start, end: stop})
		}
		i = end + len(pemEnd)
	}
}

// leadingSpace is the length of the white space (and \n escapes) that
// begins s.
func leadingSpace(s string) int {
	n := 0
	for n < len(s) {
		switch {
		case s[n] == ' ' || s[n] == '\t' || s[n] == '\r' || s[n] == '\n':
			n++
		case strings.HasPrefix(s[n:], `\n`) || strings.HasPrefix(s[n:], `\r`):
			n += 2
		default:
			return n
		}
	}
	return n
}

// trailingSpace is the length of the white space (and \n escapes) that
// ends s.
func trailingSpace(s string) int {
	n := 0
	for n < len(s) {
		rest := s[:len(s)-n]
		switch c := rest[len(rest)-1]; {
		case c == ' ' || c == '\t' || c == '\r' || c == '\n':
			n++
		case strings.HasSuffix(rest, `\n`) || strings.HasSuffix(rest, `\r`):
			n += 2
		default:
			return n
		}
	}
	return n
}
