// Package reader turns a markdown post into a tutorial plan. It is the only
// package that imports goldmark; no goldmark type leaves it.
package reader

import (
	"bytes"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"

	"github.com/tutor-run/tutor/engine/model"
)

// Error lists every problem that keeps a tutorial from running.
type Error struct {
	Diagnostics []model.Diagnostic
}

// Error returns one `file:line: message` line per problem.
func (e *Error) Error() string {
	lines := make([]string, len(e.Diagnostics))
	for i, d := range e.Diagnostics {
		lines[i] = d.String()
	}
	return strings.Join(lines, "\n")
}

// ReadFile reads and parses the tutorial at path. A file over MaxFileSize
// is refused without being loaded (see ReadSource).
func ReadFile(path string) (*model.Tutorial, error) {
	src, err := ReadSource(path)
	if err != nil {
		return nil, err
	}
	return Read(path, src)
}

// Read parses src, the content of the tutorial named file. On any problem
// it returns a nil tutorial and an *Error listing all of them; warnings
// that do not keep the tutorial from running are in Tutorial.Warnings.
// Input beyond the limits of limits.go is refused before it is parsed.
func Read(file string, src []byte) (*model.Tutorial, error) {
	if errs := checkLimits(src); len(errs) > 0 {
		return nil, newError(file, nil, errs, 0)
	}
	r := &read{file: file, src: src, lines: lineStarts(src)}
	t := r.parse()
	if len(r.errs) > 0 {
		return nil, newError(file, r.lines, r.errs, r.dropped)
	}
	return t, nil
}

// newError returns the *Error of errs, sorted by line and cut to
// MaxErrors; dropped more were found but not kept. lines, when known,
// gives the byte offset of each line.
func newError(file string, lines []int, errs []lineError, dropped int) *Error {
	sort.SliceStable(errs, func(i, j int) bool { return errs[i].line < errs[j].line })
	pos := func(line int) model.Pos {
		p := model.Pos{File: file, Line: line}
		if line >= 1 && line <= len(lines) {
			p.Offset = lines[line-1]
		}
		return p
	}
	e := &Error{}
	for i, le := range errs {
		if i == MaxErrors {
			e.Diagnostics = append(e.Diagnostics, model.Diagnostic{Pos: pos(le.line), Severity: model.SeverityError,
				Message: fmt.Sprintf("too many problems: %d more are not shown", len(errs)-MaxErrors+dropped)})
			break
		}
		e.Diagnostics = append(e.Diagnostics, model.Diagnostic{Pos: pos(le.line), Severity: model.SeverityError, Message: le.msg})
	}
	return e
}

// read is the state of one parse.
type read struct {
	file     string
	src      []byte
	lines    []int // byte offset of the start of each line
	errs     []lineError
	dropped  int // problems found past maxKeptErrors
	warns    []lineError
	prompts  []*regexp.Regexp
	sections []*model.Section
	usedIDs  map[string]int
	// bodyStart is the first line after the frontmatter.
	bodyStart int
}

func (r *read) errorf(line int, format string, args ...any) {
	r.addErrors(lineError{line, fmt.Sprintf(format, args...)})
}

// addErrors records problems; past maxKeptErrors it only counts them.
func (r *read) addErrors(errs ...lineError) {
	for _, e := range errs {
		if len(r.errs) < maxKeptErrors {
			r.errs = append(r.errs, e)
		} else {
			r.dropped++
		}
	}
}

func (r *read) warnf(line int, format string, args ...any) {
	r.warns = append(r.warns, lineError{line, fmt.Sprintf(format, args...)})
}

func (r *read) pos(line int) model.Pos {
	off := 0
	if line >= 1 && line <= len(r.lines) {
		off = r.lines[line-1]
	}
	return model.Pos{File: r.file, Line: line, Offset: off}
}

// lineOf returns the 1-based line holding byte offset off.
func (r *read) lineOf(off int) int {
	return sort.Search(len(r.lines), func(i int) bool { return r.lines[i] > off })
}

func lineStarts(src []byte) []int {
	starts := []int{0}
	for i, c := range src {
		if c == '\n' && i+1 < len(src) {
			starts = append(starts, i+1)
		}
	}
	return starts
}

func (r *read) parse() *model.Tutorial {
	if !r.checkEncoding() {
		return nil
	}
	r.bodyStart = 1
	t := &model.Tutorial{File: r.file, Settings: model.Settings{Aliases: map[string]string{"k": "kubectl"}}}
	body := r.src
	if y, size, errs := splitFrontmatter(r.src); errs != nil {
		r.addErrors(errs...)
		return nil
	} else if len(y) > MaxFrontmatterSize {
		r.errorf(1, "frontmatter is %s long (limit %s)", formatSize(int64(len(y))), formatSize(MaxFrontmatterSize))
		return nil
	} else if size > 0 {
		r.bodyStart = r.lineOf(size)
		fm, errs := parseFrontmatter(y)
		r.addErrors(errs...)
		t.Title = fm.title
		if fm.settings.Aliases != nil {
			t.Settings = fm.settings
		}
		// Blank the header but keep its newlines so that goldmark's
		// offsets stay offsets of the file.
		body = bytes.Clone(r.src)
		for i := 0; i < size; i++ {
			if body[i] != '\n' {
				body[i] = ' '
			}
		}
	}
	for _, p := range t.Settings.Prompts {
		if re, err := regexp.Compile("^(?:" + p + ")"); err == nil {
			r.prompts = append(r.prompts, re)
		}
	}
	doc := newParser().Parse(text.NewReader(body))
	items := r.collect(doc, body)
	t.UsesPrompts = r.usesPrompts(items)
	b := &builder{read: r, tutorial: t, usedIDs: map[string]int{}, forwards: map[string]int{}, outputFromBlock: map[*model.Step]bool{}, tools: map[string]bool{}}
	b.build(items)
	b.bindManifestsToFiles()
	b.markUnsetVars()
	b.lintPost()
	r.prose(t, items)
	if t.Title == "" {
		for _, s := range t.Sections {
			if s.Level == 1 {
				t.Title = s.Title
				break
			}
		}
	}
	for _, w := range r.warns {
		t.Warnings = append(t.Warnings, model.Diagnostic{Pos: r.pos(w.line), Severity: model.SeverityWarning, Message: w.msg})
	}
	sort.SliceStable(t.Warnings, func(i, j int) bool { return t.Warnings[i].Pos.Line < t.Warnings[j].Pos.Line })
	return t
}

// checkEncoding refuses binary and non-UTF-8 input with the line of the
// first bad byte.
func (r *read) checkEncoding() bool {
	if i := bytes.IndexByte(r.src, 0); i >= 0 {
		r.errorf(r.lineOf(i), "binary content (a NUL byte): a tutorial is UTF-8 markdown text")
		return false
	}
	if utf8.Valid(r.src) {
		return true
	}
	for i := 0; i < len(r.src); {
		c, n := utf8.DecodeRune(r.src[i:])
		if c == utf8.RuneError && n <= 1 {
			r.errorf(r.lineOf(i), "invalid UTF-8 at byte %d: a tutorial is UTF-8 markdown text", i)
			return false
		}
		i += n
	}
	return true
}

// itemKind says what an item of the document is.
type itemKind int

const (
	itemHeading itemKind = iota
	itemBlock
	itemComment
	// itemProse is a paragraph: it may introduce the block after it ("The
	// output is similar to:", "Create a file named app.yaml").
	itemProse
	// itemBreak is a thematic break (---), which closes a group of tabs.
	itemBreak
)

// item is a heading, a fenced block or an HTML comment, in document order.
type item struct {
	kind  itemKind
	line  int
	level int    // headings
	title string // headings
	raw   string // headings and prose: the text as written
	// indented marks an indented code block (no fence, no info string).
	indented bool
	lang     string    // blocks: first word of the info string, lower case
	info     string    // blocks
	body     []srcLine // blocks: content lines; comments: text lines
	span     model.Span
	// last is the item's last line (a block's closing fence, a comment's
	// -->), so prose can leave it out.
	last int
}

// collect walks the goldmark tree and returns the items tutor cares about.
func (r *read) collect(doc ast.Node, src []byte) []item {
	var items []item
	lastEnd := 0
	skipTo := 0 // the last line of a code shortcode read from the source
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		if skipTo > 0 && n.Type() == ast.TypeBlock && n.Lines().Len() > 0 && r.lineOf(n.Lines().At(0).Start) <= skipTo {
			return ast.WalkSkipChildren, nil
		}
		switch n := n.(type) {
		case *ast.Heading:
			it := item{kind: itemHeading, level: n.Level, title: strings.TrimSpace(plainText(n, src))}
			if n.Lines().Len() > 0 {
				it.line = r.lineOf(n.Lines().At(0).Start)
				lastEnd = n.Lines().At(n.Lines().Len() - 1).Stop
			} else {
				it.line = r.lineOf(lastEnd)
			}
			r.inlineDirectives(n.Lines(), src)
			it.raw = rawText(n.Lines(), src)
			items = append(items, it)
			return ast.WalkSkipChildren, nil
		case *ast.CodeBlock:
			it := r.indentedBlock(n, src)
			if len(it.body) > 0 {
				lastEnd = it.span.End
				items = append(items, it)
			}
			return ast.WalkSkipChildren, nil
		case *ast.ThematicBreak:
			if l := r.findBreak(lastEnd); l > 0 {
				items = append(items, item{kind: itemBreak, line: l, last: l})
				lastEnd = r.lines[l-1]
			}
			return ast.WalkSkipChildren, nil
		case *ast.FencedCodeBlock:
			it := r.fenced(n, src, lastEnd)
			lastEnd = it.span.End
			items = append(items, it)
			return ast.WalkSkipChildren, nil
		case *ast.HTMLBlock:
			if it, ok := r.comment(n, src); ok {
				items = append(items, it)
			}
			return ast.WalkSkipChildren, nil
		case *ast.Paragraph, *ast.TextBlock:
			r.inlineDirectives(n.Lines(), src)
			if lines := n.Lines(); lines.Len() > 0 {
				first := lines.At(0)
				it := item{kind: itemProse, line: r.lineOf(first.Start), raw: rawText(lines, src)}
				it.last = r.lineOf(lines.At(lines.Len() - 1).Start)
				lastEnd = lines.At(lines.Len() - 1).Stop
				for i := 0; i < lines.Len() && i < maxProseLines; i++ {
					seg := lines.At(i)
					t := strings.TrimRight(string(seg.Value(src)), "\r\n")
					it.body = append(it.body, srcLine{text: t, line: r.lineOf(seg.Start), start: seg.Start, end: seg.Start + len(t)})
				}
				if blk, ok := r.shortcodeBlock(it); ok {
					it = blk
					skipTo = blk.last
					lastEnd = r.lines[blk.last-1]
				}
				items = append(items, it)
			}
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	return items
}

var directivePrefix = regexp.MustCompile(`^<!--\s*tutor:`)

// inlineDirectives reports the directives written inside the text of a
// paragraph or a heading.
func (r *read) inlineDirectives(lines *text.Segments, src []byte) {
	for _, off := range inlineDirectives(lines, src) {
		r.errorf(r.lineOf(off), "a tutor directive must stand on its own lines, not inside a paragraph")
	}
}

func isDirective(s string) bool { return directivePrefix.MatchString(s) }

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

// shellLangs are the block languages whose content is shell.
var shellLangs = map[string]bool{
	"bash": true, "sh": true, "shell": true, "console": true, "zsh": true,
	"terminal": true, "shell-session": true, "shellsession": true,
	// Innovation Engine runs these as bash.
	"azurecli": true, "azurecli-interactive": true, "azure-cli": true,
}

// usesPrompts reports whether any shell block holds a prompt line.
func (r *read) usesPrompts(items []item) bool {
	for _, it := range items {
		if it.kind == itemBlock && shellLangs[it.lang] {
			if _, has := splitTranscript(it.body, newPrompter(it.lang, r.prompts)); has {
				return true
			}
		}
	}
	return false
}

// prose gives each section the markdown between its heading and the next,
// without code blocks and comments: what `tutor learn` shows before the
// section's steps.
func (r *read) prose(t *model.Tutorial, items []item) {
	hidden := map[int]bool{}
	for _, it := range items {
		if it.kind == itemBlock || it.kind == itemComment {
			for l := it.line; l <= it.last; l++ {
				hidden[l] = true
			}
		}
	}
	for i, s := range t.Sections {
		from, to := s.Pos.Line+1, len(r.lines)
		if s.Level == 0 { // the preamble starts at the top (after frontmatter)
			from = r.bodyStart
		}
		if i+1 < len(t.Sections) {
			to = t.Sections[i+1].Pos.Line - 1
		}
		var lines []string
		for l := from; l <= to; l++ {
			if text, ok := r.lineText(l); ok && !hidden[l] {
				lines = append(lines, text)
			}
		}
		s.Prose = strings.TrimSpace(collapseBlank(lines))
	}
}

// collapseBlank joins lines, keeping at most one blank line in a row.
func collapseBlank(lines []string) string {
	var b strings.Builder
	blank := false
	for _, l := range lines {
		if strings.TrimSpace(l) == "" {
			if !blank {
				b.WriteByte('\n')
			}
			blank = true
			continue
		}
		blank = false
		b.WriteString(l)
		b.WriteByte('\n')
	}
	return b.String()
}
