package reader

import (
	"bytes"
	"regexp"
	"strings"

	"github.com/tutor-run/tutor/engine/model"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"
)

// This file turns goldmark's code blocks, comments, breaks and code
// shortcodes into items, with their lines and places in the file.

// fenced turns a fenced code block into an item and checks its closing
// fence, which goldmark does not require.
func (r *read) fenced(n *ast.FencedCodeBlock, src []byte, lastEnd int) item {
	it := item{kind: itemBlock}
	if n.Info != nil {
		it.info = strings.TrimSpace(string(n.Info.Segment.Value(src)))
	}
	lang := ""
	if f := strings.Fields(it.info); len(f) > 0 {
		lang = strings.ToLower(strings.Trim(f[0], "{}."))
	}
	it.lang = lang
	lines := n.Lines()
	open := -1
	switch {
	case lines.Len() > 0:
		open = r.lineOf(lines.At(0).Start) - 1
	case n.Info != nil:
		open = r.lineOf(n.Info.Segment.Start)
	default:
		open = r.findFence(lastEnd)
	}
	it.line = open
	closeLine := open + 1
	for i := 0; i < lines.Len(); i++ {
		seg := lines.At(i)
		textLine := strings.TrimRight(string(seg.Value(src)), "\r\n")
		ln := r.lineOf(seg.Start)
		it.body = append(it.body, srcLine{text: textLine, line: ln, start: seg.Start, end: seg.Start + len(strings.TrimRight(string(src[seg.Start:seg.Stop]), "\r\n"))})
		closeLine = ln + 1
	}
	if len(it.body) > 0 {
		it.span = model.Span{Start: it.body[0].start, End: it.body[len(it.body)-1].end}
	} else if open >= 1 && open <= len(r.lines) {
		it.span = model.Span{Start: r.lines[open-1], End: r.lines[open-1]}
	}
	it.last = closeLine
	if !r.isClosingFence(open, closeLine) {
		r.errorf(open, "code fence opened here is never closed: everything after it would be read as code")
	}
	return it
}

// fenceLine matches an opening or closing fence after any container
// markers (indentation, "> ", list bullets are stripped by the caller).
var fenceLine = regexp.MustCompile("^(`{3,}|~{3,})")

func (r *read) lineText(line int) (string, bool) {
	if line < 1 || line > len(r.lines) {
		return "", false
	}
	start := r.lines[line-1]
	end := len(r.src)
	if line < len(r.lines) {
		end = r.lines[line]
	}
	return strings.TrimRight(string(r.src[start:end]), "\r\n"), true
}

// stripContainers removes indentation and blockquote markers.
func stripContainers(s string) string {
	return strings.TrimLeft(s, " \t>")
}

func (r *read) isClosingFence(open, closeLine int) bool {
	o, ok1 := r.lineText(open)
	c, ok2 := r.lineText(closeLine)
	if !ok1 || !ok2 {
		return false
	}
	om := fenceLine.FindString(stripContainers(o))
	c = strings.TrimRight(stripContainers(c), " \t")
	cm := fenceLine.FindString(c)
	return om != "" && cm != "" && cm == c && cm[0] == om[0] && len(cm) >= len(om)
}

// findFence finds the line of the first fence at or after byte off.
func (r *read) findFence(off int) int {
	for l := r.lineOf(off); l <= len(r.lines); l++ {
		s, _ := r.lineText(l)
		if fenceLine.MatchString(stripContainers(s)) {
			return l
		}
	}
	return r.lineOf(off)
}

// comment returns an HTML comment block as an item.
func (r *read) comment(n *ast.HTMLBlock, src []byte) (item, bool) {
	if n.HTMLBlockType != ast.HTMLBlockType2 || n.Lines().Len() == 0 {
		return item{}, false
	}
	var b strings.Builder
	for i := 0; i < n.Lines().Len(); i++ {
		seg := n.Lines().At(i)
		b.Write(seg.Value(src))
	}
	if n.HasClosure() {
		b.Write(n.ClosureLine.Value(src))
	}
	raw := strings.TrimSpace(b.String())
	first := n.Lines().At(0).Start
	it := item{kind: itemComment, line: r.lineOf(first), span: model.Span{Start: first, End: first + b.Len()}}
	it.last = r.lineOf(first + max(b.Len()-1, 0))
	if !strings.HasSuffix(raw, "-->") {
		if isDirective(raw) {
			r.errorf(it.line, "directive is not closed: end it with -->")
		}
		return item{}, false
	}
	inner := strings.TrimSpace(strings.TrimSuffix(strings.TrimPrefix(raw, "<!--"), "-->"))
	for i, l := range strings.Split(inner, "\n") {
		it.body = append(it.body, srcLine{text: strings.TrimRight(l, "\r"), line: it.line + i})
	}
	return it, true
}

// rawText returns the source of a block's lines, joined by spaces: the text
// of a paragraph or heading as written, markup included.
func rawText(lines *text.Segments, src []byte) string {
	var b strings.Builder
	for i := 0; i < lines.Len() && b.Len() < maxProse; i++ {
		if i > 0 {
			b.WriteByte(' ')
		}
		seg := lines.At(i)
		b.Write(bytes.TrimSpace(seg.Value(src)))
	}
	return b.String()
}

// maxProseLines bounds the lines kept of one paragraph.
const maxProseLines = 64

// codeShortcode opens a Hugo shortcode that wraps a code block:
// {{< codeFromInline lang="bash" >}} (kind's docs).
var (
	codeShortcode    = regexp.MustCompile(`^\{\{[<%]\s*(codeFromInline|code|highlight)\b[^}]*?(?:lang="?([\w-]+)"?)?[^}]*[>%]\}\}\s*$`)
	codeShortcodeEnd = regexp.MustCompile(`^\{\{[<%]\s*/(codeFromInline|code|highlight)\s*[>%]\}\}\s*$`)
)

// shortcodeBlock turns a code shortcode that opens a paragraph into a
// block, reading its lines from the source up to the closing shortcode
// (markdown inside it, such as a "# comment" line, is not markdown).
func (r *read) shortcodeBlock(p item) (item, bool) {
	if len(p.body) == 0 {
		return p, false
	}
	m := codeShortcode.FindStringSubmatch(strings.TrimSpace(p.body[0].text))
	if m == nil {
		return p, false
	}
	var body []srcLine
	for l := p.line + 1; l <= len(r.lines) && l <= p.line+maxShortcodeLines; l++ {
		t, _ := r.lineText(l)
		if codeShortcodeEnd.MatchString(strings.TrimSpace(t)) {
			if len(body) == 0 {
				return p, false
			}
			return item{kind: itemBlock, lang: strings.ToLower(m[2]), info: m[2], line: p.line, last: l, body: body,
				span: model.Span{Start: body[0].start, End: body[len(body)-1].end}}, true
		}
		start := r.lines[l-1]
		body = append(body, srcLine{text: t, line: l, start: start, end: start + len(t)})
	}
	return p, false
}

// maxShortcodeLines bounds the lines of one code shortcode.
const maxShortcodeLines = 2000

// maxProse bounds the text kept of one paragraph: cues are in its first
// sentences and its last line.
const maxProse = 4096

// indentedBlock turns an indented code block into an item without a
// language.
func (r *read) indentedBlock(n *ast.CodeBlock, src []byte) item {
	it := item{kind: itemBlock, indented: true}
	lines := n.Lines()
	for i := 0; i < lines.Len(); i++ {
		seg := lines.At(i)
		t := strings.TrimRight(string(seg.Value(src)), "\r\n")
		ln := r.lineOf(seg.Start)
		it.body = append(it.body, srcLine{text: t, line: ln, start: seg.Start, end: seg.Start + len(strings.TrimRight(string(src[seg.Start:seg.Stop]), "\r\n"))})
	}
	for len(it.body) > 0 && strings.TrimSpace(it.body[len(it.body)-1].text) == "" {
		it.body = it.body[:len(it.body)-1]
	}
	if len(it.body) == 0 {
		return it
	}
	it.line = it.body[0].line
	it.last = it.body[len(it.body)-1].line
	it.span = model.Span{Start: it.body[0].start, End: it.body[len(it.body)-1].end}
	return it
}

var breakLine = regexp.MustCompile(`^ {0,3}((-[ \t]*){3,}|(\*[ \t]*){3,}|(_[ \t]*){3,})$`)

// findBreak finds the line of the first thematic break at or after byte
// off.
func (r *read) findBreak(off int) int {
	from := r.lineOf(off)
	for l := from; l <= len(r.lines) && l < from+maxBreakSearch; l++ {
		s, _ := r.lineText(l)
		if breakLine.MatchString(strings.TrimRight(stripContainers(s), " \t")) {
			return l
		}
	}
	return 0
}

// maxBreakSearch bounds how far findBreak looks: a break stands right
// after the block before it, and an unbounded search on each of many
// breaks would take time that grows with the square of the post.
const maxBreakSearch = 64

// plainText returns the text of a node's inline children.
func plainText(n ast.Node, src []byte) string {
	var b strings.Builder
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch c := c.(type) {
		case *ast.Text:
			b.Write(c.Segment.Value(src))
			if c.SoftLineBreak() || c.HardLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			b.Write(c.Value)
		}
		return ast.WalkContinue, nil
	})
	return b.String()
}
