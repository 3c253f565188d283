package learn

import (
	"html"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/tutor-run/tutor/engine/internal/termtext"
)

// span is a run of inline text in one style; br is a hard line break.
type span struct {
	text string
	st   termtext.Style
	br   bool
}

// code is the pseudo-style of code spans: cyan with colour, else the
// backticks are kept.
const code termtext.Style = "code"

// inline parses the inline markdown of one block (emphasis, code spans,
// links, images, autolinks, entities, a few HTML tags) into spans.
type inline struct {
	color bool
	refs  map[string]string // link reference definitions, by lower-case label
}

// htmlTag matches an inline HTML tag; known names are dropped, <br> breaks
// the line, anything else (a <placeholder> in prose) is kept as text.
var htmlTag = regexp.MustCompile(`^<(/?)([a-zA-Z][a-zA-Z0-9]*)\b[^<>]*?(/?)>`)

// droppedTags are the HTML elements whose tags are removed, content kept.
var droppedTags = map[string]bool{
	"a": true, "abbr": true, "b": true, "center": true, "code": true, "del": true, "details": true,
	"div": true, "em": true, "figcaption": true, "figure": true, "i": true, "img": true, "ins": true,
	"kbd": true, "mark": true, "p": true, "small": true, "span": true, "strong": true, "sub": true,
	"summary": true, "sup": true, "u": true,
}

// asciiPunct are the characters a backslash escapes.
const asciiPunct = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"

var autolink = regexp.MustCompile(`^<((?:https?|ftp|mailto):[^\s<>]+)>`)

// parse turns s into spans, in base style where nothing else applies.
func (p *inline) parse(s string, base termtext.Style) []span {
	var out []span
	var text strings.Builder
	flush := func() {
		if text.Len() > 0 {
			out = append(out, span{text: html.UnescapeString(text.String()), st: base})
			text.Reset()
		}
	}
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '\\' && i+1 < len(s) && s[i+1] == '\n':
			flush()
			out = append(out, span{br: true})
			i += 2
			continue
		case c == '\\' && i+1 < len(s) && strings.IndexByte(asciiPunct, s[i+1]) >= 0:
			// An escaped & must not start an entity: write it as one.
			if s[i+1] == '&' {
				text.WriteString("&amp;")
			} else {
				text.WriteByte(s[i+1])
			}
			i += 2
			continue
		case c == '`':
			if body, n := codeSpan(s[i:]); n > 0 {
				flush()
				if !p.color {
					body = "`" + body + "`"
				}
				out = append(out, span{text: body, st: code})
				i += n
				continue
			}
		case c == '!' && strings.HasPrefix(s[i:], "!["), c == '[':
			if spans, n := p.link(s[i:], base); n > 0 {
				flush()
				out = append(out, spans...)
				i += n
				continue
			}
		case c == '<':
			if m := autolink.FindStringSubmatch(s[i:]); m != nil {
				flush()
				out = append(out, span{text: m[1], st: base})
				i += len(m[0])
				continue
			}
			if m := htmlTag.FindStringSubmatch(s[i:]); m != nil {
				name := strings.ToLower(m[2])
				if name == "br" {
					flush()
					out = append(out, span{br: true})
					i += len(m[0])
					continue
				}
				if droppedTags[name] {
					i += len(m[0])
					continue
				}
			}
		case c == '*' || c == '_' || c == '~':
			if spans, n := p.emphasis(s, i, base); n > 0 {
				flush()
				out = append(out, spans...)
				i += n
				continue
			}
		}
		text.WriteByte(c)
		i++
	}
	flush()
	return out
}

// codeSpan reads a code span at the start of s: its content and length,
// or 0 when the backticks are not closed.
func codeSpan(s string) (string, int) {
	n := len(s) - len(strings.TrimLeft(s, "`"))
	fence := s[:n]
	for j := n; j < len(s); {
		k := strings.Index(s[j:], fence)
		if k < 0 {
			return "", 0
		}
		k += j
		end := k + n
		if end < len(s) && s[end] == '`' { // a longer run of backticks
			j = end + len(s[end:]) - len(strings.TrimLeft(s[end:], "`"))
			continue
		}
		body := strings.ReplaceAll(s[n:k], "\n", " ")
		if len(body) > 2 && body[0] == ' ' && body[len(body)-1] == ' ' && strings.Trim(body, " ") != "" {
			body = body[1 : len(body)-1]
		}
		return body, end
	}
	return "", 0
}

// link reads [text](url), [text][ref], [text] (a defined reference) and
// their image forms at the start of s: `text (url)`.
func (p *inline) link(s string, base termtext.Style) ([]span, int) {
	image := s[0] == '!'
	open := 0
	if image {
		open = 1
	}
	close := matchingBracket(s, open)
	if close < 0 {
		return nil, 0
	}
	label := s[open+1 : close]
	url, n := "", close+1
	switch rest := s[close+1:]; {
	case strings.HasPrefix(rest, "("):
		end := strings.IndexByte(rest, ')')
		if end < 0 {
			return nil, 0
		}
		dest := strings.Fields(rest[1:end])
		if len(dest) == 0 {
			return nil, 0
		}
		url = strings.Trim(dest[0], "<>")
		n += end + 1
	case strings.HasPrefix(rest, "["):
		end := strings.IndexByte(rest, ']')
		if end < 0 {
			return nil, 0
		}
		ref := rest[1:end]
		if ref == "" {
			ref = label
		}
		url, n = p.refs[strings.ToLower(ref)], n+end+1
	default:
		url = p.refs[strings.ToLower(label)]
	}
	if url == "" {
		return nil, 0
	}
	spans := p.parse(label, base)
	if len(spans) == 0 || spanText(spans) == url {
		return []span{{text: url, st: base}}, n
	}
	return append(spans, span{text: " (" + url + ")", st: termtext.Dim}), n
}

// matchingBracket is the index of the ] closing the [ at s[open], or -1.
func matchingBracket(s string, open int) int {
	depth := 0
	for i := open; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
		case '[':
			depth++
		case ']':
			if depth--; depth == 0 {
				return i
			}
		}
	}
	return -1
}

// emphasis reads *em*, _em_, **strong**, __strong__ or ~~strike~~ at
// s[i:], following CommonMark's flanking rules closely enough for prose:
// an opening run is followed by a non-space, a closing one preceded by
// one, and an underscore run does not sit inside a word.
func (p *inline) emphasis(s string, i int, base termtext.Style) ([]span, int) {
	c := s[i]
	n := len(s[i:]) - len(strings.TrimLeft(s[i:], string(c)))
	if n > 2 || c == '~' && n != 2 {
		return nil, 0
	}
	delim := s[i : i+n]
	start := i + n
	if start >= len(s) || s[start] == ' ' || s[start] == '\n' || c == '_' && i > 0 && isWordByte(s[i-1]) {
		return nil, 0
	}
	for j := start + 1; j+n <= len(s); j++ {
		switch {
		case s[j] == '\\':
			j++
			continue
		case s[j] == '`':
			if _, m := codeSpan(s[j:]); m > 0 {
				j += m - 1
			}
			continue
		}
		after := j + n
		if s[j:after] != delim || s[j-1] == ' ' || s[j-1] == '\n' ||
			after < len(s) && s[after] == c || c == '_' && after < len(s) && isWordByte(s[after]) {
			continue
		}
		st := map[int]termtext.Style{1: termtext.Italic, 2: termtext.Bold}[n]
		if c == '~' {
			st = termtext.Strike
		}
		return p.parse(s[start:j], st), after - i
	}
	return nil, 0
}

// isWordByte reports whether b belongs to a word (any byte of a
// non-ASCII rune counts).
func isWordByte(b byte) bool {
	return b >= utf8.RuneSelf || unicode.IsLetter(rune(b)) || unicode.IsDigit(rune(b))
}

// spanText is the text of spans, styles left out.
func spanText(spans []span) string {
	var b strings.Builder
	for _, sp := range spans {
		b.WriteString(sp.text)
	}
	return b.String()
}
