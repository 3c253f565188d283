package reader

import (
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/tutor-run/tutor/engine/model"
)

// builder turns items into sections and steps, applying directives.
type builder struct {
	*read
	tutorial *model.Tutorial
	usedIDs  map[string]int
	section  *model.Section
	// pending are directives waiting for the next fenced block.
	pending []directive
	// pendingOutput, when set, makes the next block expected output.
	pendingOutput *outputClaim
	// lastStep is the last step that runs a command in this section.
	lastStep *model.Step
	// pendingValues is a values block waiting for a helm step.
	pendingValues *model.Values
	// lastCommand is the last step that runs a command in the post, for
	// Innovation Engine's output blocks, which attach across headings.
	lastCommand *model.Step
	// cue is the paragraph since the last block or heading, if any: it
	// may say what the next block is. cueIs holds what it says, read once.
	cue   string
	cueIs *cueFacts
	// sinceBlock and sinceHeading say what came between the last block
	// and this one: a block right after a command block may be its output.
	sinceBlock, sinceHeading bool
	// inside is the interactive shell the post opened, whose commands run
	// through its non-interactive form.
	inside *insideShell
	// directed is set while reading a block that directives apply to:
	// the author said how it runs, so the reader does not guess.
	directed bool
	// outputFromBlock marks the steps whose output came from a block of
	// its own, which a later output block may replace.
	outputFromBlock map[*model.Step]bool
	// tools are the programs the post's commands run, learned as it is
	// read.
	tools map[string]bool
	// lastScript is the last script step and its lines.
	lastScript *script
	// stepLines holds each shell step's command lines (see linesOf).
	stepLines map[*model.Step][]string
	// inlineStep is the last step made from a command in the prose.
	inlineStep *model.Step
	// pendingFile is a file the prose asked for, still waiting for its
	// block after a command block that did not create it.
	pendingFile string
	// failing is set after a block shown as a failure, for the
	// alternatives that follow it ("or").
	failing bool
	// forwards maps the local ports the post's port-forwards listen on to
	// the line of the first: a second on the same port is an alternative.
	forwards map[string]int
	// lastPrompt is the prompt of the command being read, if any.
	lastPrompt string
	// The open group of tabs, if any.
	tab                  *model.Tab
	tabLevel, tabGroups  int
	tabTitle, tabDefault string
}

// insideShell is an interactive shell a post opened in a pod.
type insideShell struct {
	via  string // the command its lines run through; "" when none can
	line int    // where the post opened it
	// hostPrompt is the prompt the shell was opened from: a command typed
	// at it again is back outside.
	hostPrompt string
	// program is what was opened (kubectl, redis-cli), for reasons.
	program string
	// block is the line of the block that opened it.
	block int
	// stop deletes the pod when the shell exits (kubectl run --rm).
	stop string
}

// script is the last block without prompts read as one script step, kept
// so that an output block after it can split it (the output is the last
// command's).
type script struct {
	step  *model.Step
	lines []srcLine
}

// outputClaim is an `output` directive or an Innovation Engine comment.
type outputClaim struct {
	line   int
	expect *model.Expectation
}

func (b *builder) build(items []item) {
	for _, it := range items {
		switch it.kind {
		case itemHeading:
			b.closeInside()
			b.flushPending()
			b.pendingFile = ""
			b.heading(it)
			b.cue, b.cueIs, b.sinceHeading = "", nil, true
		case itemComment:
			b.comment(it)
		case itemProse:
			b.prose(it)
		case itemBreak:
			b.endTabs(it.line)
		case itemBlock:
			if b.cue != "" && !orCue.MatchString(b.cue) {
				b.failing = false
			}
			if b.inside != nil && !b.cueFacts().inside {
				b.closeInside() // the prose no longer says "in the pod"
			}
			b.block(it)
			b.cue, b.cueIs, b.sinceBlock, b.sinceHeading = "", nil, false, false
		}
	}
	b.closeInside()
	b.flushPending()
}

// closeInside ends the interactive shell the post opened; a pod started
// for kubectl run --rm whose shell the post never exits is deleted there,
// as its exit would have.
func (b *builder) closeInside() {
	in := b.inside
	b.inside = nil
	if in == nil || in.stop == "" || b.section == nil {
		return
	}
	b.section.Steps = append(b.section.Steps, &model.Step{Kind: model.KindShell, Pos: b.pos(in.line), Command: in.stop, Hidden: true,
		Note: fmt.Sprintf("deletes the pod started at line %d (--rm), as leaving its shell would", in.line)})
}

// flushPending reports directives that found no block to apply to.
func (b *builder) flushPending() {
	for _, d := range b.pending {
		b.errorf(d.line, "%s directive is not followed by a code block in its section", d.verb)
	}
	if b.pendingOutput != nil {
		b.errorf(b.pendingOutput.line, "output directive is not followed by a code block in its section")
	}
	if v := b.pendingValues; v != nil {
		b.errorf(v.Pos.Line, "values block is not followed by a helm install or upgrade in its section")
	}
	b.pending, b.pendingOutput, b.lastStep, b.pendingValues = nil, nil, nil, nil
}

func (b *builder) startSection(title string, level, line int) {
	id := slug(title)
	b.usedIDs[id]++
	if n := b.usedIDs[id]; n > 1 {
		id = fmt.Sprintf("%s-%d", id, n)
		b.usedIDs[id]++
	}
	b.section = &model.Section{ID: id, Title: title, Level: level, Pos: b.pos(line)}
	b.tutorial.Sections = append(b.tutorial.Sections, b.section)
}

// current returns the section steps go to, opening one for text before the
// first heading.
func (b *builder) current(line int) *model.Section {
	if b.section == nil {
		b.startSection("Preamble", 0, line)
	}
	return b.section
}

var nonSlug = regexp.MustCompile(`[^a-z0-9]+`)

func slug(title string) string {
	s := strings.Trim(nonSlug.ReplaceAllString(strings.ToLower(title), "-"), "-")
	if s == "" {
		return "section"
	}
	return s
}

func (b *builder) comment(it item) {
	lines := make([]string, len(it.body))
	for i, l := range it.body {
		lines[i] = l.text
	}
	text := strings.Join(lines, "\n")
	switch {
	case strings.HasPrefix(text, "tutor:"):
		ds, errs := parseDirectives(strings.TrimPrefix(text, "tutor:"), it.line)
		b.addErrors(errs...)
		for _, d := range ds {
			b.directive(d)
		}
	case ieSimilarity.MatchString(text):
		e, err := parseIE(text)
		var bad *badRegexError
		switch {
		case errors.As(err, &bad):
			// Innovation Engine reads the comment and fails the step when
			// it compares; so does tutor, and says so before the run.
			b.warnf(it.line, "%v: the step after it fails when it runs, as in Innovation Engine", err)
			e = &model.Expectation{Kind: model.MatchRegex, Value: bad.pattern}
		case err != nil:
			b.warnf(it.line, "%v: ignored, the pasted output is compared instead", err)
			return
		}
		b.pendingOutput = &outputClaim{line: it.line, expect: e}
	case ieLookalike.MatchString(text):
		b.warnf(it.line, "comment looks like an Innovation Engine annotation but is not one (did you mean expected_similarity?): ignored")
	case strings.HasPrefix(text, "tutor"):
		b.warnf(it.line, "comment looks like a directive but is ignored: write <!-- tutor: ... -->")
	}
}

func (b *builder) block(it item) {
	if b.pendingOutput != nil {
		b.attachOutput(it)
		return
	}
	if b.takeValues(it) || b.takeChartValues(it) {
		return
	}
	if len(b.pending) == 0 && (b.takeFile(it) || b.takeOutput(it)) {
		return
	}
	forceRun := false
	for _, d := range b.pending {
		if d.verb == "run" {
			forceRun = true
			if !shellLangs[it.lang] {
				b.errorf(d.line, "run applies to shell blocks, but the next block is %q", it.info)
			}
		}
	}
	b.directed = len(b.pending) > 0
	steps := b.steps(it, forceRun)
	b.directed = false
	b.dropRepeatedInline(steps)
	b.apply(it, steps)
	s := b.current(it.line)
	s.Steps = append(s.Steps, steps...)
	for _, st := range steps {
		if st.Kind == model.KindShell || st.Kind == model.KindBackground {
			b.lastStep, b.lastCommand = st, st
		}
		b.attachValues(st)
	}
	b.pending = nil
}

// blockText is a block's content lines joined.
func blockText(it item) string {
	lines := make([]string, len(it.body))
	for i, l := range it.body {
		lines[i] = l.text
	}
	return strings.Join(lines, "\n")
}
