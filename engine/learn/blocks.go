package learn

import "strings"

// blockParser splits prose into blocks line by line.
type blockParser struct {
	blocks  []*block
	cur     *block // the block the next text line may continue
	blank   bool   // the previous line was blank
	fenced  *block // the open fenced code block
	closing string // the fence that closes it
	indents []int  // the marker columns of the open lists
}

// parseBlocks splits md into blocks.
func parseBlocks(md string) []*block {
	p := &blockParser{}
	for _, line := range strings.Split(md, "\n") {
		p.line(strings.ReplaceAll(line, "\t", "    "))
	}
	return p.blocks
}

func (p *blockParser) add(b *block) {
	p.blocks = append(p.blocks, b)
	p.cur, p.blank = b, false
}

func (p *blockParser) line(l string) {
	if p.fenced != nil {
		if strings.HasPrefix(strings.TrimSpace(l), p.closing) {
			p.fenced, p.cur = nil, nil
			return
		}
		p.fenced.lines = append(p.fenced.lines, l)
		return
	}
	indent := len(l) - len(strings.TrimLeft(l, " "))
	inList := len(p.indents) > 0
	switch {
	case strings.TrimSpace(l) == "":
		if p.cur != nil && p.cur.kind != item {
			p.cur = nil
		}
		p.blank = true
	case fence.MatchString(l):
		m := fence.FindStringSubmatch(l)
		p.fenced, p.closing = &block{kind: verbatim}, m[1]
		p.add(p.fenced)
	case atxHeading.MatchString(l):
		p.add(&block{kind: heading, text: atxHeading.FindStringSubmatch(l)[2]})
		p.indents = nil
	case rule.MatchString(l):
		p.add(&block{kind: ruleLine})
		p.indents = nil
	case listItem.MatchString(l) && !p.continuesParagraph(l):
		m := listItem.FindStringSubmatch(l)
		level := p.level(indent)
		tight := p.cur != nil && p.cur.kind == item && !p.blank
		p.add(&block{kind: item, text: m[3], level: level, marker: m[2], tight: tight})
	case p.cur != nil && p.cur.kind == item && p.blank && indent >= 2:
		// A later paragraph of the item above.
		p.add(&block{kind: item, text: strings.TrimLeft(l, " "), level: p.cur.level})
	case quoteLine.MatchString(l):
		text := quoteLine.FindStringSubmatch(l)[1]
		if p.cur != nil && p.cur.kind == quote && !p.blank {
			p.cur.text += "\n" + text
			return
		}
		p.add(&block{kind: quote, text: text})
		p.indents = nil
	case tableLine.MatchString(l):
		if p.cur != nil && p.cur.kind == verbatim && p.cur.table && !p.blank {
			p.cur.lines = append(p.cur.lines, strings.TrimSpace(l))
			return
		}
		p.add(&block{kind: verbatim, table: true, lines: []string{strings.TrimSpace(l)}})
	case indent >= 4 && !inList && (p.cur == nil || p.blank || p.cur.kind == verbatim && !p.cur.table):
		if p.cur != nil && p.cur.kind == verbatim && !p.cur.table {
			p.cur.lines = append(p.cur.lines, l[4:])
			p.blank = false
			return
		}
		p.add(&block{kind: verbatim, lines: []string{l[4:]}})
	case p.cur != nil && !p.blank && p.cur.kind != ruleLine && p.cur.kind != heading && (p.cur.kind != verbatim):
		// A continuation line (lazy in quotes and list items).
		p.cur.text = hardBreak(p.cur.text) + "\n" + strings.TrimLeft(l, " ")
	default:
		p.add(&block{kind: paragraph, text: strings.TrimLeft(l, " ")})
		p.indents = nil
	}
}

// continuesParagraph reports whether l, which looks like an ordered list
// item, continues the paragraph above: as in CommonMark, only "1." can
// interrupt a paragraph ("2024. was a year" cannot).
func (p *blockParser) continuesParagraph(l string) bool {
	m := listItem.FindStringSubmatch(l)
	ordered := m[2][0] >= '0' && m[2][0] <= '9'
	return ordered && m[2][:len(m[2])-1] != "1" && p.cur != nil && p.cur.kind == paragraph && !p.blank
}

// level is the nesting of a list item whose marker is at column indent.
func (p *blockParser) level(indent int) int {
	for len(p.indents) > 0 && p.indents[len(p.indents)-1] > indent {
		p.indents = p.indents[:len(p.indents)-1]
	}
	if len(p.indents) == 0 || p.indents[len(p.indents)-1] < indent {
		p.indents = append(p.indents, indent)
	}
	return len(p.indents) - 1
}

// hardBreak turns the trailing two spaces of a line (markdown's hard
// line break) into the backslash form the inline parser reads.
func hardBreak(text string) string {
	if strings.HasSuffix(text, "  ") {
		return strings.TrimRight(text, " ") + "\\"
	}
	return strings.TrimRight(text, " ")
}
