// Package reader turns a markdown post into a tutorial plan. It is the only
// package that imports goldmark; no goldmark type leaves it.
package reader

import (
	"bytes"
	"fmt"
	"regexp"
	"sort"
	"strings"

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
	// transcripts holds each block's transcript, by the block's line.
	transcripts map[int]splitBlock
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
	b := &builder{read: r, tutorial: t, usedIDs: map[string]int{}, forwards: map[string]int{}, outputFromBlock: map[*model.Step]bool{}, tools: map[string]bool{}, stepLines: map[*model.Step][]string{}}
	b.build(items)
	b.noteChartVersions(items)
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

// shellLangs are the block languages whose content is shell.
var shellLangs = map[string]bool{
	"bash": true, "sh": true, "shell": true, "console": true, "zsh": true,
	"terminal": true, "shell-session": true, "shellsession": true,
	// Innovation Engine runs these as bash.
	"azurecli": true, "azurecli-interactive": true, "azure-cli": true,
}
