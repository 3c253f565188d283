package reader

import (
	"bytes"
	"sort"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// The reader needs goldmark's blocks (headings, fences, HTML comments,
// lists and quotes for where they start and end) but inline syntax only for
// the text of headings. goldmark's inline parsing takes time that grows
// with the square of a paragraph's brackets and emphasis marks (a 200 KB
// line of "[a](" takes ten seconds), so paragraphs are left as text, and a
// heading with more markup than any real one has is taken as plain text.
// Directives written inside a paragraph are found by inlineDirectives.

// Headings with more inline markup characters than maxHeadingMarkup, and
// all headings once maxMarkup of them have been parsed, are taken as
// plain text: their title is their text as written. goldmark's time and
// memory grow with the square of the markup in a heading.
const (
	maxHeadingMarkup = 32
	maxMarkup        = 20_000
)

// refWindow is how many lines of a paragraph goldmark's transformer of
// link reference definitions ([label]: url) sees at a time: it removes
// them one by one at a cost that grows with the square of their number.
const refWindow = 64

// newParser returns the goldmark parser of the reader.
func newParser() parser.Parser {
	gate := &headingGate{}
	var inlines []util.PrioritizedValue
	for _, v := range parser.DefaultInlineParsers() {
		inlines = append(inlines, util.Prioritized(&headingInline{inner: v.Value.(parser.InlineParser), gate: gate}, v.Priority))
	}
	return parser.NewParser(
		parser.WithBlockParsers(parser.DefaultBlockParsers()...),
		parser.WithInlineParsers(inlines...),
		parser.WithParagraphTransformers(util.Prioritized(refDefs{}, 100)),
	)
}

// headingGate decides, once per heading, whether its inline syntax is
// parsed.
type headingGate struct {
	node  ast.Node
	ok    bool
	spent int // markup characters of the headings parsed so far
}

func (g *headingGate) allows(parent ast.Node, src []byte) bool {
	h, isHeading := parent.(*ast.Heading)
	if !isHeading {
		return false
	}
	if g.node != h {
		n := countMarkup(h.Lines(), src)
		g.node, g.ok = h, n <= maxHeadingMarkup && g.spent+n <= maxMarkup
		if g.ok {
			g.spent += n
		}
	}
	return g.ok
}

// countMarkup counts the characters that start inline syntax.
func countMarkup(lines *text.Segments, src []byte) int {
	n := 0
	for i := 0; i < lines.Len(); i++ {
		seg := lines.At(i)
		for _, c := range src[seg.Start:seg.Stop] {
			switch c {
			case '`', '[', ']', '!', '<', '*', '_':
				n++
			}
		}
	}
	return n
}

// headingInline runs an inline parser in headings that the gate allows.
type headingInline struct {
	inner parser.InlineParser
	gate  *headingGate
}

// Trigger returns the inner parser's trigger characters.
func (p *headingInline) Trigger() []byte { return p.inner.Trigger() }

// Parse parses inline syntax in allowed headings only.
func (p *headingInline) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	if !p.gate.allows(parent, block.Source()) {
		return nil
	}
	return p.inner.Parse(parent, block, pc)
}

// CloseBlock lets the inner parser finish its work on a block.
func (p *headingInline) CloseBlock(parent ast.Node, block text.Reader, pc parser.Context) {
	if cb, ok := p.inner.(parser.CloseBlocker); ok {
		cb.CloseBlock(parent, block, pc)
	}
}

// refDefs collects link reference definitions, which headings may use,
// refWindow lines at a time.
type refDefs struct{}

// Transform takes the definitions that start a paragraph out of it.
func (refDefs) Transform(node *ast.Paragraph, reader text.Reader, pc parser.Context) {
	lines := node.Lines()
	if lines.Len() <= refWindow {
		parser.LinkReferenceParagraphTransformer.Transform(node, reader, pc)
		return
	}
	taken := 0
	for taken < lines.Len() {
		end := min(taken+refWindow, lines.Len())
		part := ast.NewParagraph()
		part.Lines().AppendAll(lines.Sliced(taken, end))
		node.Parent().InsertBefore(node.Parent(), node, part)
		parser.LinkReferenceParagraphTransformer.Transform(part, reader, pc)
		if part.Parent() != nil { // it holds more than definitions
			taken = end - part.Lines().Len()
			part.Parent().RemoveChild(part.Parent(), part)
			break
		}
		taken = end
	}
	if taken == lines.Len() {
		node.Parent().RemoveChild(node.Parent(), node)
		return
	}
	lines.SetSliced(taken, lines.Len())
}

// inlineDirectives returns the byte offsets of the tutor directives that
// lines (a paragraph's or a heading's) hold as inline HTML comments, in
// one pass: a code span hides what it holds, as does a backslash the
// character after it.
func inlineDirectives(lines *text.Segments, src []byte) []int {
	if lines.Len() == 0 {
		return nil
	}
	first, last := lines.At(0), lines.At(lines.Len()-1)
	if !bytes.Contains(src[first.Start:last.Stop], []byte("<!--")) {
		return nil
	}
	var t []byte
	base := make([]int, 0, lines.Len()) // offset in src of each line in t
	starts := make([]int, 0, lines.Len())
	for i := 0; i < lines.Len(); i++ {
		seg := lines.At(i)
		starts = append(starts, len(t))
		base = append(base, seg.Start)
		t = append(t, src[seg.Start:seg.Stop]...)
	}
	offset := func(i int) int {
		k := sort.SearchInts(starts, i+1) - 1
		return base[k] + i - starts[k]
	}
	runs := backtickRuns(t)
	next := nextSameRun(runs)
	var found []int
	closeAt, ri := -1, 0
	for i := 0; i < len(t); {
		switch {
		case t[i] == '\\':
			i += 2
		case t[i] == '`':
			for ri < len(runs) && runs[ri].start < i {
				ri++
			}
			if ri >= len(runs) || runs[ri].start != i {
				i++
				continue
			}
			if j := next[ri]; j >= 0 {
				i, ri = runs[j].start+runs[j].n, j+1 // a code span
			} else {
				i, ri = i+runs[ri].n, ri+1
			}
		case bytes.HasPrefix(t[i:], []byte("<!--")):
			end := 0
			switch {
			case bytes.HasPrefix(t[i:], []byte("<!-->")):
				end = i + 5
			case bytes.HasPrefix(t[i:], []byte("<!--->")):
				end = i + 6
			default:
				if closeAt < i+4 && closeAt != -2 {
					closeAt = -2 // none
					if k := bytes.Index(t[i+4:], []byte("-->")); k >= 0 {
						closeAt = i + 4 + k
					}
				}
				if closeAt == -2 {
					i += 4
					continue
				}
				end = closeAt + 3
			}
			if directivePrefix.Match(t[i:end]) {
				found = append(found, offset(i))
			}
			i = end
		default:
			i++
		}
	}
	return found
}

// backtickRun is a run of backticks in a paragraph's text.
type backtickRun struct{ start, n int }

// backtickRuns lists the runs of backticks of t; a backslash before a run
// takes its first backtick out of it.
func backtickRuns(t []byte) []backtickRun {
	var runs []backtickRun
	for i := 0; i < len(t); {
		if t[i] != '`' {
			i++
			continue
		}
		j := i
		for j < len(t) && t[j] == '`' {
			j++
		}
		start := i
		if i > 0 && t[i-1] == '\\' {
			start++
		}
		if j > start {
			runs = append(runs, backtickRun{start, j - start})
		}
		i = j
	}
	return runs
}

// nextSameRun returns, for each run, the index of the next run of the same
// length (the one that would close a code span it opens), or -1.
func nextSameRun(runs []backtickRun) []int {
	next := make([]int, len(runs))
	last := map[int]int{}
	for i := len(runs) - 1; i >= 0; i-- {
		next[i] = -1
		if j, ok := last[runs[i].n]; ok {
			next[i] = j
		}
		last[runs[i].n] = i
	}
	return next
}
