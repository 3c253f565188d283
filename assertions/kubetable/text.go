package kubetable

import (
	"strings"
	"unicode/utf8"
)

// spans returns the runs of text of line separated by two or more spaces.
func spans(line string) []span {
	var out []span
	for _, w := range appendWords(nil, line) {
		if n := len(out); n > 0 && w.col-out[n-1].end < 2 {
			out[n-1].end, out[n-1].to = w.end, w.to
			continue
		}
		out = append(out, w)
	}
	return out
}

// appendWords appends the words of line (runs of text without spaces) to
// out.
func appendWords(out []span, line string) []span {
	in := false
	col := 0
	for i := 0; i < len(line); col++ {
		size := 1
		if line[i] >= utf8.RuneSelf {
			_, size = utf8.DecodeRuneInString(line[i:])
		}
		if line[i] == ' ' {
			in = false
		} else {
			if !in {
				out = append(out, span{col: col, from: i})
				in = true
			}
			out[len(out)-1].end, out[len(out)-1].to = col+1, i+size
		}
		i += size
	}
	return out
}

// cleanLine drops a carriage return, expands tabs to 8-column stops and
// turns other blanks (and the no-break spaces of output copied from a web
// page) into spaces, so that columns can be read by position.
func cleanLine(s string) string {
	s = strings.TrimSuffix(s, "\r")
	if !strings.ContainsAny(s, "\t\r\v\f\u00a0") {
		return s
	}
	var b strings.Builder
	col := 0
	for _, r := range s {
		switch r {
		case '\t':
			n := 8 - col%8
			b.WriteString(strings.Repeat(" ", n))
			col += n
			continue
		case '\r', '\v', '\f', '\u00a0':
			r = ' '
		}
		b.WriteRune(r)
		col++
	}
	return b.String()
}

func isBlank(s string) bool { return strings.TrimSpace(s) == "" }

func columnIndex(cols []string, name string) int {
	for i, c := range cols {
		if c == name {
			return i
		}
	}
	return -1
}

// isWildcard reports whether row is a "..." line of the post, which stands
// for rows it does not show.
func isWildcard(row []string) bool {
	seen := false
	for _, c := range row {
		switch {
		case c == "":
		case c == "..." && !seen:
			seen = true
		default:
			return false
		}
	}
	return seen
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}
