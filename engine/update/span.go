package update

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/tutor-run/tutor/engine/model"
)

// containerChars are what may stand before a line of a fenced block:
// list-item indentation and blockquote markers.
const containerChars = " \t>"

// postLine is one line of a pasted output as the post writes it.
type postLine struct {
	// prefix is the container indentation before the line's text inside
	// the span; "" for the first line, whose indentation precedes the
	// span.
	prefix string
	text   string // without the line ending
}

// layout is how an output span sits in the post.
type layout struct {
	span  model.Span
	lines []postLine
	// indent is the container prefix new lines get.
	indent string
	// lead is written before the first line, inside the span: the part
	// of indent the span's first line does not already have.
	lead string
	eol  string // "\n" or "\r\n", as the block ends its lines
	// insert is set for an empty output block: the span is then the
	// empty range before its closing fence, and every new line ends with
	// eol so that the fence stays on its own line.
	insert bool
}

// locate checks that out's span fits src and describes it. The text of the
// span, less its container prefixes and carriage returns, must be out.Text.
func locate(src []byte, out *model.Output) (layout, error) {
	s := out.Span
	if s.Start < 0 || s.End < s.Start || s.End > len(src) {
		return layout{}, fmt.Errorf("output span %d-%d does not fit the post (%d bytes)", s.Start, s.End, len(src))
	}
	lineStart := bytes.LastIndexByte(src[:s.Start], '\n') + 1
	l := layout{span: s, indent: string(src[lineStart:s.Start]), eol: eolAt(src, s.Start)}
	if strings.Trim(l.indent, containerChars) != "" {
		return layout{}, fmt.Errorf("output span %d-%d does not start a line of a code block", s.Start, s.End)
	}
	if out.Text == "" {
		return locateEmpty(src, out, l, lineStart)
	}
	want := strings.Split(out.Text, "\n")
	raw := strings.Split(string(src[s.Start:s.End]), "\n")
	if len(raw) != len(want) {
		return layout{}, fmt.Errorf("output span %d-%d holds %d lines, the step's output %d", s.Start, s.End, len(raw), len(want))
	}
	l.lines = make([]postLine, len(raw))
	for i, r := range raw {
		r = strings.TrimSuffix(r, "\r")
		p, ok := strings.CutSuffix(r, want[i])
		if !ok || (i == 0 && p != "") || strings.Trim(p, containerChars) != "" {
			return layout{}, fmt.Errorf("output span %d-%d does not hold the step's output (line %d)", s.Start, s.End, i+1)
		}
		l.lines[i] = postLine{prefix: p, text: want[i]}
	}
	return l, nil
}

// locateEmpty handles an output block with nothing pasted in it yet (an
// `output` directive before an empty or blank block). New lines take the
// indentation of the block's opening fence, at out.Pos.
func locateEmpty(src []byte, out *model.Output, l layout, lineStart int) (layout, error) {
	if off := out.Pos.Offset; off >= 0 && off <= len(src) {
		fence := src[off:]
		fence = fence[:len(fence)-len(bytes.TrimLeft(fence, containerChars))]
		l.indent = string(fence)
	}
	l.lead, _ = strings.CutPrefix(l.indent, string(src[lineStart:l.span.Start]))
	end := bytes.IndexByte(src[l.span.Start:], '\n')
	if end < 0 {
		end = len(src) - l.span.Start
	}
	rest := strings.TrimRight(string(src[l.span.Start:l.span.Start+end]), "\r")
	trimmed := strings.TrimLeft(rest, containerChars)
	switch {
	case trimmed == "":
		// A blank line between the fences: the new lines replace it.
		return l, nil
	case strings.HasPrefix(trimmed, "```") || strings.HasPrefix(trimmed, "~~~"):
		// No line between the fences: the reader's span is the opening
		// fence itself. Insert in front of the closing fence instead.
		next := l.span.Start + end + 1
		if end == len(src)-l.span.Start {
			return layout{}, fmt.Errorf("the empty output block at line %d is not closed", out.Pos.Line)
		}
		l.span = model.Span{Start: next, End: next}
		l.lead, l.insert = "", true
		return l, nil
	}
	return layout{}, fmt.Errorf("output span %d-%d is empty but its line is not", l.span.Start, l.span.End)
}

// eolAt returns the line ending of the line holding src[off]: "\r\n" or
// "\n" (also when that line is the last and has none, unless the post
// uses CRLF elsewhere).
func eolAt(src []byte, off int) string {
	if i := bytes.IndexByte(src[off:], '\n'); i >= 0 {
		if i > 0 && src[off+i-1] == '\r' {
			return "\r\n"
		}
		return "\n"
	}
	if bytes.Contains(src, []byte("\r\n")) {
		return "\r\n"
	}
	return "\n"
}

// render writes the pieces of a new output as the span's bytes and
// returns them with the Output.Text the reader will find in them.
func (l layout) render(pieces []piece) (text, want string) {
	var b strings.Builder
	texts := make([]string, len(pieces))
	for i, p := range pieces {
		line, prefix := p.text, l.indent
		if p.post >= 0 {
			line = l.lines[p.post].text
			if p.post > 0 {
				prefix = l.lines[p.post].prefix
			}
		}
		if p.post <= 0 && line == "" {
			prefix = strings.TrimRight(prefix, " \t") // no trailing blanks
		}
		texts[i] = line
		switch {
		case l.insert:
			b.WriteString(prefix)
		case i == 0:
			b.WriteString(l.lead)
		default:
			b.WriteString(l.eol)
			b.WriteString(prefix)
		}
		b.WriteString(line)
		if l.insert {
			b.WriteString(l.eol)
		}
	}
	return b.String(), strings.Join(texts, "\n")
}
