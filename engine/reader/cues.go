package reader

import (
	"regexp"
	"strings"

	"github.com/tutor-run/tutor/engine/model"
)

// Cues in the paragraph before a block.
var (
	// outputCue says the next block is what the previous command prints.
	outputCue = regexp.MustCompile(`(?i)(\boutput\b|\bresults?\b|\b(you|we)('ll| will| should)? see\b|\bshould (look|return|print|show|display|output|be)\b|\bsimilar to\b|\blooks? (something )?like\b|\bprints?\b|\breturns?\b|\bshows?\b|\bdisplays?\b|\blike (the|this)\b|\bresponse\b|\bsomething like\b|\bas follows\b|\bthe following\b|\bexample\b|\bproduces?\b|\bgives?\b|\bresponds?\b|\bends? with\b)`)
	// strongOutputCue needs no colon after it: "which produces the
	// following output".
	strongOutputCue = regexp.MustCompile(`(?i)\b(output|similar to|the following|(you|we)('ll| will| should)? see|looks like)\b`)
	// failureCue says the next block shows a failure, not what to run.
	failureCue = regexp.MustCompile(`(?i)(\berrors? (such as|like)\b|\bindicates? (a|that)? ?problem|\bif (it|this|the command) fails\b|\bwhen .* fails\b|\bfailure looks like\b)`)
	// fileCue asks the reader to create a file with the next block.
	fileCue = regexp.MustCompile(`(?i)\b(creat(e|ing)|sav(e|ing)|writ(e|ing)|mak(e|ing)|add(ing)?|copy(ing)?|past(e|ing)|put(ting)?|open(ing)?|edit(ing)?|nam(e|ing)|call(ing)?)\b`)
	// fileName is the name of a file in a cue: in backticks, or bare with
	// an extension a post saves.
	quotedFileName = regexp.MustCompile("`([^`\\s]+\\.[A-Za-z0-9]{1,10}|Dockerfile|Makefile|Chart\\.yaml)`")
	bareFileName   = regexp.MustCompile(`(?:^|[\s"'(])((?:[\w.-]+/)*[\w.-]+\.(?:ya?ml|json|sh|bash|tf|tfvars|hcl|conf|cfg|ini|toml|txt|py|js|go|env|properties|xml|service|j2|tpl|sql|md|html|pem))\b`)
	// insideCue says the next commands run inside the shell the post
	// opened in a pod or container.
	insideCue = regexp.MustCompile(`(?i)(\b(inside|in|within|from) (the|that|this|your) (pod|container|shell|pod's shell|container's shell|session|busybox|terminal of the pod)\b|\bat the [\w -]*prompt\b|\b(redis|psql|mysql|python) (prompt|shell|cli)\b)`)
	// otherPlatformCue says the next block is for a platform tutor does
	// not run (the Linux steps run).
	otherPlatformCue = regexp.MustCompile(`(?i)^\s*(\*\*|_)?(on|for|using|with|in)\s+(macos|mac os|os x|a mac|windows|homebrew|powershell|chocolatey|winget|wsl)\b`)
	// tabHeading is a Microsoft Learn tab: ### [Azure CLI](#tab/azure-cli)
	tabHeading = regexp.MustCompile(`^(?:#{1,6}\s*)?\[([^\]]+)\]\(#tab/([^)\s]+)\)\s*$`)
	// otherPlatformHeading is a section for another platform.
	otherPlatformHeading = regexp.MustCompile(`(?i)\b(macos|mac os|os x|windows|homebrew|powershell|chocolatey|winget)\b`)
)

// cueFacts are what the paragraph before a block says of it.
type cueFacts struct {
	failure, or, inside, otherPlatform, create bool
	// output is asked only when a block could be output.
	output func() bool
	// file is the file the paragraph asks the reader to create, if any.
	file string
}

// maxCue is how much of a paragraph's end is read for a cue: cues stand in
// its last sentence.
const maxCue = 400

// cueFacts reads the cue paragraph's facts the first time a block asks.
func (b *builder) cueFacts() *cueFacts {
	if b.cueIs == nil {
		c := readCue(b.cue)
		b.cueIs = &c
	}
	return b.cueIs
}

// readCue reads a paragraph's cues. Each regular expression runs only
// when a word it needs is there: most paragraphs are plain prose.
func readCue(p string) cueFacts {
	tail := p
	if len(tail) > maxCue {
		tail = tail[len(tail)-maxCue:]
	}
	lower := strings.ToLower(tail)
	has := func(words ...string) bool {
		for _, w := range words {
			if strings.Contains(lower, w) {
				return true
			}
		}
		return false
	}
	var c cueFacts
	c.failure = has("error", "fail", "problem") && failureCue.MatchString(tail)
	c.or = len(p) < 24 && orCue.MatchString(p)
	c.inside = has("inside", " in ", "within", "prompt", "from ") && insideCue.MatchString(tail)
	c.otherPlatform = has("mac", "windows", "homebrew", "powershell", "chocolatey", "winget", "wsl", "os x") && otherPlatformCue.MatchString(p)
	c.create = has("creat", "sav", "writ", "mak", "add", "cop", "past", "put", "open", "edit", "nam", "call") && fileCue.MatchString(tail)
	c.output = func() bool {
		return !c.failure && has("output", "result", "see", "should", "similar", "like", "print", "return", "show",
			"display", "respon", "follow", "example", "produce", "give") && isOutputCue(tail)
	}
	if c.create && (strings.Contains(tail, ".") || strings.Contains(tail, "file")) {
		c.file = cueFile(tail)
	}
	return c
}

// cueFile returns the name of the file a paragraph asks the reader to
// create with the next block, or "".
func cueFile(prose string) string {
	if prose == "" || !fileCue.MatchString(prose) {
		return ""
	}
	at := fileCue.FindStringIndex(prose)[0]
	if m := quotedFileName.FindStringSubmatch(prose[at:]); m != nil {
		return m[1]
	}
	if m := bareFileName.FindStringSubmatch(prose[at:]); m != nil && !strings.HasPrefix(m[1], "/") {
		return m[1]
	}
	return ""
}

// isOutputCue reports whether a paragraph introduces output: it speaks of
// output and ends with a colon, or is a label such as "Output:".
func isOutputCue(prose string) bool {
	p := strings.TrimSpace(prose)
	if p == "" || failureCue.MatchString(p) {
		return false
	}
	p = strings.TrimRight(p, "*_ ")
	last := lastSentence(p)
	if len(p) < 40 && strings.HasSuffix(p, ":") && outputCue.MatchString(p) {
		return true // "Output:", "Results:", "For example:"
	}
	return outputCue.MatchString(last) && (strings.HasSuffix(p, ":") || strings.HasSuffix(p, ".") || strongOutputCue.MatchString(last))
}

// lastSentence returns the last sentence of a paragraph, where a cue
// stands.
func lastSentence(p string) string {
	p = strings.TrimRight(p, ".: ")
	if i := strings.LastIndexAny(p, ".!?"); i >= 0 && i+1 < len(p) {
		return p[i+1:]
	}
	return p
}

// inlineVerbs are the words before a code span that tell the reader to
// type it: "To test, run `kubectl get nodes`."
var inlineVerbs = []string{"run", "rerun", "re-run", "execute", "type", "enter", "with", "using", "run the command"}

// inlineCommand returns the code span of line at or after i that follows
// one of inlineVerbs, with its byte range; ok is false when there is none.
func inlineCommand(line string, i int) (code string, from, to int, ok bool) {
	for {
		open := strings.IndexByte(line[i:], '`')
		if open < 0 {
			return "", 0, 0, false
		}
		open += i
		end := strings.IndexByte(line[open+1:], '`')
		if end < 0 {
			return "", 0, 0, false
		}
		end += open + 1
		if strings.HasPrefix(line[open+1:end], "$ ") {
			return line[open+1 : end], open + 1, end, true // `$ minikube start`: typed as shown
		}
		before := strings.ToLower(strings.TrimRight(line[max(0, open-20):open], " "))
		for _, v := range inlineVerbs {
			if strings.HasSuffix(before, v) && (len(before) == len(v) || !isWordByte(before[len(before)-len(v)-1])) {
				return line[open+1 : end], open + 1, end, true
			}
		}
		i = end + 1
	}
}

func isWordByte(c byte) bool {
	return c == '_' || c == '-' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// prose records a paragraph as the cue of the next block, and the commands
// it tells the reader to type in code spans as steps.
func (b *builder) prose(it item) {
	if b.commandParagraph(it) {
		return
	}
	b.cue, b.cueIs = it.raw, nil
	if b.failing && !orCue.MatchString(it.raw) {
		b.failing = false
	}
	b.sinceBlock = true
	b.inlineSteps(it)
}

// commandParagraph reads a paragraph whose every line is a command, after
// a paragraph that ends with a colon ("by running:"), as a block of
// commands the author forgot to fence.
func (b *builder) commandParagraph(it item) bool {
	if len(it.body) == 0 || len(it.body) > 20 || !strings.HasSuffix(strings.TrimSpace(b.cue), ":") {
		return false
	}
	for _, l := range it.body {
		t := strings.TrimSpace(l.text)
		if !isCommandLineIn(t, b.tools) || strings.HasSuffix(t, ".") ||
			len(strings.Fields(t)) > 3 && !strings.ContainsAny(t, "-/=$|<>'\"") {
			return false // "make sure the cluster is up" is a sentence
		}
	}
	blk := item{kind: itemBlock, line: it.line, last: it.last, body: it.body, indented: true,
		span: model.Span{Start: it.body[0].start, End: it.body[len(it.body)-1].end}}
	b.block(blk)
	b.cue, b.cueIs, b.sinceBlock = "", nil, false
	return true
}

// orCue is a paragraph that only offers an alternative: "or", "Or:".
var orCue = regexp.MustCompile(`(?i)^\s*(or|alternatively)\s*[:,]?\s*$`)

// inlineSteps makes a step of each command a paragraph tells the reader
// to run in a code span.
func (b *builder) inlineSteps(it item) {
	for _, l := range it.body {
		for i := 0; ; {
			code, from, to, ok := inlineCommand(l.text, i)
			if !ok {
				break
			}
			i = to + 1
			start := l.start + from
			if strings.HasPrefix(code, "$ ") {
				code, start = code[2:], start+2
			}
			if len(strings.Fields(code)) < 2 || !isCommandLine(code) {
				continue
			}
			s := b.current(l.line)
			st := &model.Step{Kind: model.KindShell, Pos: b.pos(l.line), Command: code,
				CommandSpan: model.Span{Start: start, End: start + len(code)}}
			b.shellStep(st)
			s.Steps = append(s.Steps, st)
			b.lastStep, b.lastCommand, b.inlineStep = st, st, st
		}
	}
}

// dropRepeatedInline removes the step made from prose when the block after
// it shows the same command: the reader types it once.
func (b *builder) dropRepeatedInline(steps []*model.Step) {
	in := b.inlineStep
	b.inlineStep = nil
	if in == nil || len(steps) == 0 || strings.TrimSpace(steps[0].Command) != strings.TrimSpace(in.Command) {
		return
	}
	s := b.section
	for i, st := range s.Steps {
		if st == in {
			s.Steps = append(s.Steps[:i], s.Steps[i+1:]...)
			break
		}
	}
}
