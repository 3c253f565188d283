package normalize

import "strings"

// The placeholders that replace volatile values (see the package comment
// for what each one stands for).
const (
	// Time replaces a timestamp or a clock time.
	Time = "<TIME>"
	// Age replaces a duration token such as a kubectl AGE.
	Age = "<AGE>"
	// Hash replaces a pod-template hash or a random name suffix.
	Hash = "<HASH>"
	// IP replaces an IPv4 or IPv6 address.
	IP = "<IP>"
	// Port replaces an ephemeral port or a NodePort after ':'.
	Port = "<PORT>"
	// Digest replaces a sha256 or sha512 digest.
	Digest = "<DIGEST>"
	// UUID replaces a UUID or GUID.
	UUID = "<UUID>"
	// ID replaces a Cilium numeric identity in (ID:n).
	ID = "<ID>"
	// Token replaces a random-looking run of letters and digits.
	Token = "<TOKEN>"
	// Progress replaces a whole curl progress-meter line.
	Progress = "<PROGRESS>"
)

// Line normalizes one line of output. A newline inside s counts as
// whitespace.
func Line(s string) string {
	b := appendLine(make([]byte, 0, len(s)+8), s)
	if string(b) == s {
		return s
	}
	return string(b)
}

// Text normalizes every line of s and keeps the line structure: the result
// has as many lines as s, and a CRLF line ending counts as LF.
func Text(s string) string {
	var out strings.Builder
	out.Grow(len(s) + len(s)/8)
	var line []byte
	for {
		i := strings.IndexByte(s, '\n')
		if i < 0 {
			out.Write(appendLine(line[:0], s))
			return out.String()
		}
		line = appendLine(line[:0], s[:i])
		out.Write(line)
		out.WriteByte('\n')
		s = s[i+1:]
	}
}

// appendLine appends the normalized form of line s to dst.
func appendLine(dst []byte, s string) []byte {
	if needsCleaning(s) {
		s = clean(s)
	}
	start := len(dst)
	hashEnd := -1 // where the last <HASH> segment ended
	for i := 0; i < len(s); {
		c := s[i]
		if isSpace(c) {
			i++
			for i < len(s) && isSpace(s[i]) {
				i++
			}
			dst = append(dst, ' ')
			continue
		}
		if isAlnum(c) {
			// Every matcher ends before a non-alphanumeric byte, so here
			// s[i] always starts a word.
			if j, ph := matchWord(s, i); j > 0 {
				dst = append(dst, ph...)
				i = j
				continue
			}
			j := alnumEnd(s, i)
			if isRandomToken(s[i:j]) {
				dst = append(dst, Token...)
			} else {
				dst = append(dst, s[i:j]...)
			}
			i = j
			continue
		}
		if j, ph := matchPunct(s, i, hashEnd == i); j > 0 {
			if ph == hashSegment {
				hashEnd = j
			}
			dst = append(dst, ph...)
			i = j
			continue
		}
		dst = append(dst, c)
		i++
	}
	for len(dst) > start && dst[len(dst)-1] == ' ' {
		dst = dst[:len(dst)-1]
	}
	if isProgress(dst[start:]) {
		dst = append(dst[:start], Progress...)
	}
	return dst
}

// matchWord tries the patterns that can start with the alphanumeric byte
// s[i], the first of a word. It returns the end of the match and the
// placeholder, or -1.
func matchWord(s string, i int) (int, string) {
	c := s[i]
	prev := byte(' ')
	if i > 0 {
		prev = s[i-1]
	}
	hex := hexEnd(s, i)
	if hex-i == 8 {
		if j := matchUUID(s, i); j > 0 {
			return j, UUID
		}
	}
	if hex-i == 64 && !isAlnumAt(s, hex) {
		return hex, Digest
	}
	switch {
	case isDigit(c):
		// After ':' a clock may be the tail of a MAC address; after '.'
		// a quad may be the tail of a longer dotted number.
		if prev != ':' && prev != '.' {
			if j := matchDigitTime(s, i); j > 0 {
				return j, Time
			}
		}
		if prev != '.' {
			if j := matchIPv4(s, i); j > 0 {
				return j, IP
			}
		}
		if isSpace(prev) || prev == '(' {
			if j := matchAge(s, i); j > 0 {
				return j, Age
			}
		}
	case isUpper(c):
		if j := matchTextTime(s, i); j > 0 {
			return j, Time
		}
	case c == 's':
		if j, ph := matchShaDigest(s, i); j > 0 {
			return j, ph
		}
	}
	if hex < len(s) && s[hex] == ':' && prev != ':' && prev != '.' {
		if j := matchIPv6(s, i); j > 0 {
			return j, IP
		}
	}
	return -1, ""
}

// hashSegment is what matchPunct returns for a <HASH> name segment.
const hashSegment = "-" + Hash

// matchPunct tries the patterns that start with the punctuation byte s[i].
// afterHash says the previous name segment was a hash, so a 5-letter
// suffix needs no digit.
func matchPunct(s string, i int, afterHash bool) (int, string) {
	prev := byte(' ')
	if i > 0 {
		prev = s[i-1]
	}
	switch s[i] {
	case '-':
		if isAlnum(prev) {
			if j := matchHashSegment(s, i, afterHash); j > 0 {
				return j, hashSegment
			}
		}
	case ':':
		if j := matchPort(s, i); j > 0 {
			return j, ":" + Port
		}
		if !isAlnum(prev) && prev != ':' && prev != '.' && i+1 < len(s) && s[i+1] == ':' {
			if j := matchIPv6(s, i); j > 0 {
				return j, IP
			}
		}
	case '(':
		if j := matchIdentity(s, i); j > 0 {
			return j, "(ID:" + ID + ")"
		}
	case '[':
		if j := matchBracketedIPv6(s, i); j > 0 {
			return j, IP
		}
	case '<':
		if isSpace(prev) || prev == '(' {
			if j := matchAge(s, i); j > 0 {
				return j, Age
			}
		}
	}
	return -1, ""
}
