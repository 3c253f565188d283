package learn

import (
	"regexp"
	"strings"

	"github.com/tutor-run/tutor/engine/internal/termtext"
)

// Render formats a section's markdown prose for a terminal width columns
// wide: headings bold, code spans highlighted, links as "text (url)",
// lists indented with bullets, block quotes marked, paragraphs wrapped,
// HTML comments dropped and entities (&amp;, &#x1F606;) decoded. Without
// color it uses no escape sequences and keeps code spans' backticks. It
// is a small renderer for prose, not a full CommonMark implementation.
func Render(md string, width int, color bool) string {
	if width <= 0 {
		width = defaultWidth
	}
	width = max(width, minWidth)
	md = htmlComment.ReplaceAllString(strings.ReplaceAll(md, "\r\n", "\n"), "")
	md, refs := linkRefs(md)
	r := &renderer{width: width, color: color, in: &inline{color: color, refs: refs}}
	return r.render(parseBlocks(md))
}

// defaultWidth is the width used when none is known; minWidth keeps a
// very narrow terminal from wrapping after every word.
const (
	defaultWidth = 80
	minWidth     = 24
)

var (
	htmlComment = regexp.MustCompile(`(?s)<!--.*?-->`)
	linkRef     = regexp.MustCompile(`(?m)^ {0,3}\[([^\]]+)\]:[ \t]*<?([^\s>]+)>?(?:[ \t]+(?:"[^"]*"|'[^']*'|\([^)]*\)))?[ \t]*$\n?`)
	atxHeading  = regexp.MustCompile(`^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$`)
	rule        = regexp.MustCompile(`^ {0,3}(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,})$`)
	fence       = regexp.MustCompile("^[ \t]*(```+|~~~+)")
	listItem    = regexp.MustCompile(`^([ \t]*)([-*+]|\d{1,9}[.)])(?:[ \t]+(.*))?$`)
	quoteLine   = regexp.MustCompile(`^ {0,3}> ?(.*)$`)
	tableLine   = regexp.MustCompile(`^[ \t]*\|`)
)

// linkRefs removes the link reference definitions ([label]: url) from md
// and returns them by lower-case label.
func linkRefs(md string) (string, map[string]string) {
	refs := map[string]string{}
	md = linkRef.ReplaceAllStringFunc(md, func(def string) string {
		m := linkRef.FindStringSubmatch(def)
		refs[strings.ToLower(m[1])] = m[2]
		return ""
	})
	return md, refs
}

// blockKind says how a block is drawn.
type blockKind int

const (
	paragraph blockKind = iota
	heading
	item     // a list item, or (marker "") a later paragraph of one
	quote    // a block quote; its text is rendered as markdown
	ruleLine // a thematic break
	verbatim // a code block or a table: lines kept as they are
)

// block is one block of the prose.
type block struct {
	kind   blockKind
	text   string   // inline markdown of paragraphs, headings, items, quotes
	lines  []string // the lines of verbatim blocks
	level  int      // list nesting, from 0
	marker string   // "-", "1." ...; "" for an item's later paragraph
	tight  bool     // follows the previous item with no blank line
	table  bool     // a verbatim block that is a table: its inline markdown is rendered
}

// renderer draws blocks.
type renderer struct {
	width int
	color bool
	in    *inline
}

func (r *renderer) render(blocks []*block) string {
	var b strings.Builder
	for i, bl := range blocks {
		if i > 0 && !bl.tight {
			b.WriteString("\n")
		}
		for _, l := range r.block(bl) {
			b.WriteString(l + "\n")
		}
	}
	return b.String()
}

// bullets mark list items by nesting level.
var bullets = []string{"•", "◦", "▪"}

// block draws one block as lines.
func (r *renderer) block(bl *block) []string {
	switch bl.kind {
	case heading:
		return wrap(words(r.in.parse(bl.text, termtext.Bold)), r.width, "", "", r.color)
	case item:
		indent := strings.Repeat("  ", bl.level+1)
		marker := bullets[bl.level%len(bullets)]
		if bl.marker != "" && bl.marker[0] >= '0' && bl.marker[0] <= '9' {
			marker = bl.marker
		}
		rest := indent + strings.Repeat(" ", visibleWidth(marker)+1)
		first := indent + marker + " "
		if bl.marker == "" {
			first = rest
		}
		return wrap(words(r.in.parse(bl.text, termtext.Plain)), r.width, first, rest, r.color)
	case quote:
		inner := Render(bl.text, r.width-2, r.color)
		var out []string
		for _, l := range strings.Split(strings.TrimRight(inner, "\n"), "\n") {
			out = append(out, strings.TrimRight(termtext.Paint(r.color, termtext.Dim, "▎ ")+l, " "))
		}
		return out
	case ruleLine:
		return []string{termtext.Paint(r.color, termtext.Dim, strings.Repeat("─", min(r.width, 40)))}
	case verbatim:
		out := make([]string, len(bl.lines))
		for i, l := range bl.lines {
			if bl.table {
				out[i] = r.spans(r.in.parse(l, termtext.Plain))
			} else {
				out[i] = termtext.Paint(r.color, termtext.Cyan, "    "+strings.TrimRight(l, " \t"))
			}
		}
		return out
	}
	return wrap(words(r.in.parse(bl.text, termtext.Plain)), r.width, "", "", r.color)
}

// spans paints spans in place, spacing kept (for table rows).
func (r *renderer) spans(spans []span) string {
	var b strings.Builder
	for _, sp := range spans {
		b.WriteString(paintWord(word{pieces: []span{sp}}, r.color))
	}
	return b.String()
}
