package reader

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/tutor-run/tutor/engine/model"
)

// This file reads the layouts authors use around their blocks: a block of
// output after the command block it belongs to, a paragraph that says what
// the next block is, a file the post asks the reader to create, and tabs
// of alternatives.

// Block languages by what their blocks usually hold.
var (
	// outputLangs label blocks that hold output (or text shown as is).
	outputLangs = setOf("output", "text", "none", "plaintext", "txt", "log", "json", "console", "")
	// transcriptLangs may hold a whole transcript (prompts and output)
	// although their label says text.
	transcriptLangs = setOf("", "text", "txt", "plaintext", "none", "markdown", "md", "yaml", "yml", "output")
	// windowsLangs hold commands for Windows, not run on Linux.
	windowsLangs = setOf("powershell", "pwsh", "ps", "ps1", "azurepowershell", "azurepowershell-interactive",
		"azure-powershell", "cmd", "bat", "batch", "dos", "bat-interactive")
	// commandLangs hold commands only when their content is a command
	// (Innovation Engine runs terraform blocks; most hold HCL).
	commandLangs = setOf("terraform", "hcl")
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

// takeOutput makes it the claimed output of the previous command when
// the layout says it is output: a block labelled as output after a
// command, a block introduced by "The output is similar to:", or a shell
// fence whose content is output right after a command block.
func (b *builder) takeOutput(it item) bool {
	if len(it.body) == 0 || onlyBlank(it.body) {
		return false
	}
	adjacent := !b.sinceBlock && !b.sinceHeading
	target := b.lastStep
	if target == nil && it.lang == "output" {
		target = b.lastCommand // Innovation Engine attaches across headings
	}
	if target == nil {
		return false
	}
	cue := b.cue != "" && b.cueFacts().output()
	if target != nil && target.Output != nil && it.lang == "output" && b.outputFromBlock[target] {
		target.Output = nil // Innovation Engine: the last output block before the next command
	}
	repl := target != nil && strings.HasPrefix(target.Skip, "typed into ")
	if target == nil || target.Output != nil || !(cue || adjacent || repl || it.lang == "output" || answers(target.Command, it.body)) {
		return false
	}
	if b.cueFacts().failure {
		return false
	}
	if _, has := splitTranscript(it.body, newPrompter(it.lang, b.prompts)); has {
		return false
	}
	if sc := b.lastScript; sc != nil && sc.step == target {
		target = b.splitScriptStep(sc)
	}
	body := it.body
	if repeatsCommand(body, target.Command) && !b.startsWithCommand(dropFirstLine(body)) {
		// The author pasted the command again above its output.
		body = dropFirstLine(body)
		it.body = body
		if onlyBlank(body) {
			return false
		}
		b.setOutput(target, it)
		return true
	}
	switch {
	case it.lang == "output" || it.lang == "text" || it.lang == "none" || it.lang == "plaintext" ||
		it.lang == "txt" || it.lang == "log" || it.lang == "json":
	case outputLangs[it.lang] || shellLangs[it.lang]:
		if shellLangs[it.lang] && flagListing(it.body) {
			return false // a help text's table of flags, shown
		}
		if (b.startsWithCommand(it.body) || onlyComments(it.body)) && !(adjacent && printsFile(target.Command) && envListing(it.body)) {
			return false
		}
	default:
		return false
	}
	b.setOutput(target, it)
	return true
}

// splitScriptStep splits a script step of several commands into one step
// per command, when an output block follows it: the output is the last
// command's. It returns the step the output goes to.
func (b *builder) splitScriptStep(sc *script) *model.Step {
	b.lastScript = nil
	st := sc.step
	if st.Skip != "" || st.Note != "" || st.Via != "" || len(st.Placeholders) > 0 || b.section == nil {
		return st
	}
	cmds, hasOutput := splitScript(sc.lines, false, b.tools)
	if hasOutput || len(cmds) < 2 {
		return st
	}
	at := slices.Index(b.section.Steps, st)
	if at < 0 {
		return st
	}
	steps := make([]*model.Step, len(cmds))
	for i, c := range cmds {
		steps[i] = &model.Step{Kind: model.KindShell, Pos: b.pos(c.line), Command: c.text, CommandSpan: c.span, Block: st.Block}
		if c.background {
			steps[i].Kind = model.KindBackground
		}
	}
	b.section.Steps = slices.Replace(b.section.Steps, at, at+1, steps...)
	last := steps[len(steps)-1]
	b.lastStep, b.lastCommand = last, last
	return last
}

// tableHeader is the first line of a kubectl get table.
var tableHeader = regexp.MustCompile(`^(NAME|NAMESPACE|LAST SEEN)\s{2,}[A-Z]`)

// answers reports whether lines are unmistakably what cmd prints, however
// far from it they stand: kubectl's "created" lines after a kubectl
// create or apply, a table with a NAME header after a kubectl get.
func answers(cmd string, lines []srcLine) bool {
	f := commandFields(cmd)
	if len(f) < 2 || (f[0] != "kubectl" && f[0] != "k" && f[0] != "oc") || strings.Contains(cmd, "\n") {
		return false
	}
	verb := kubectlVerb(f[1:])
	first := ""
	all := true
	for _, l := range lines {
		t := strings.TrimSpace(l.text)
		if t == "" {
			continue
		}
		if first == "" {
			first = t
		}
		all = all && kubectlResult.MatchString(t)
	}
	switch verb {
	case "get", "top":
		return tableHeader.MatchString(first)
	case "create", "apply", "delete", "expose", "run", "label", "annotate", "scale", "patch":
		return first != "" && all
	}
	return false
}

// flagListing reports whether every line of a block is a flag and its
// help: --from-pod   filter   Show all flows...
func flagListing(lines []srcLine) bool {
	return everyLine(lines, func(t string) bool { return len(t) > 1 && t[0] == '-' && t[1] != ' ' })
}

// setOutput makes the block the claimed output of st.
func (b *builder) setOutput(st *model.Step, it item) {
	out := makeOutput(it.body, b.read)
	if out == nil {
		return
	}
	st.Output = out
	b.outputFromBlock[st] = true
}

// repeatsCommand reports whether the first non-blank line of lines is cmd
// again, with or without a prompt.
func repeatsCommand(lines []srcLine, cmd string) bool {
	if strings.Contains(cmd, "\n") || strings.TrimSpace(cmd) == "" {
		return false
	}
	for _, l := range lines {
		t := strings.TrimSpace(l.text)
		if t == "" {
			continue
		}
		t = strings.TrimSpace(strings.TrimPrefix(t, "$"))
		return t == strings.TrimSpace(cmd)
	}
	return false
}

// dropFirstLine drops the first non-blank line of lines.
func dropFirstLine(lines []srcLine) []srcLine {
	for i, l := range lines {
		if strings.TrimSpace(l.text) != "" {
			return lines[i+1:]
		}
	}
	return nil
}

// takeFile turns a block the previous paragraph asks the reader to save
// into a step that writes it to that file.
func (b *builder) takeFile(it item) bool {
	name := b.cueFacts().file
	if name == "" && b.pendingFile != "" {
		name = b.pendingFile
	}
	b.pendingFile = ""
	if name == "" && (it.lang == "dockerfile" || it.lang == "containerfile") && b.cueFacts().create {
		name = "Dockerfile"
	}
	if name == "" || len(it.body) == 0 {
		return false
	}
	if b.startsWithCommand(it.body) && strings.Contains(blockText(it), name) {
		return false // a command in the block creates it (cat <<EOF > name)
	}
	isScript := strings.HasSuffix(name, ".sh") || strings.HasSuffix(name, ".bash")
	if shellLangs[it.lang] && !isScript {
		if !strings.Contains(blockText(it), name) {
			b.pendingFile = name // the next block holds it (exports came first)
		}
		return false // the block's commands create it (cat <<EOF > name)
	}
	if _, has := splitTranscript(it.body, newPrompter(it.lang, b.prompts)); has {
		return false
	}
	content := blockText(it)
	s := b.current(it.line)
	block := &model.Block{Info: it.info, Pos: b.pos(it.line), Span: it.span}
	s.Steps = append(s.Steps, &model.Step{Kind: model.KindFile, Pos: b.pos(it.body[0].line), Block: block,
		Path: name, Content: content + "\n"})
	b.cue, b.cueIs = "", nil
	return true
}

// heading starts a section, as a tab of a group of alternatives when it is
// one.
func (b *builder) heading(it item) {
	m := tabHeading.FindStringSubmatch(it.raw)
	if m == nil {
		if b.tab != nil && it.level <= b.tabLevel {
			b.tab = nil // a heading above the tabs ends the group
		}
		b.startSection(it.title, it.level, it.line)
		if b.tab != nil {
			b.inheritTab()
		} else if otherPlatformHeading.MatchString(it.title) && !strings.Contains(strings.ToLower(it.title), "linux") {
			b.section.Skip = fmt.Sprintf("alternative for another platform (%s): tutor runs the Linux steps", strings.TrimSpace(it.title))
		}
		return
	}
	if b.tab == nil {
		b.tabGroups++
		b.tab = &model.Tab{Group: b.tabGroups, Default: true}
		b.tabLevel = it.level
		b.tabTitle = b.sectionTitle()
	} else {
		b.tab = &model.Tab{Group: b.tabGroups}
	}
	b.tab.Name, b.tab.ID = strings.TrimSpace(m[1]), m[2]
	if b.tab.Default {
		b.tabDefault = b.tab.Name
	}
	b.startSection(b.tab.Name, it.level, it.line)
	b.inheritTab()
}

// inheritTab marks the current section as part of the open tab.
func (b *builder) inheritTab() {
	t := *b.tab
	b.section.Tab = &t
	if !t.Default {
		b.section.Skip = fmt.Sprintf("alternative tab %q: the first tab, %q, runs (choose another with --tab)", t.Name, b.tabDefault)
	}
}

// sectionTitle is the title of the current section, or "".
func (b *builder) sectionTitle() string {
	if b.section == nil {
		return ""
	}
	return b.section.Title
}

// endTabs closes a group of tabs at a thematic break: what follows is part
// of the page again, in a section of its own.
func (b *builder) endTabs(line int) {
	if b.tab == nil {
		return
	}
	b.tab = nil
	title := b.tabTitle
	if title == "" {
		title = "After the tabs"
	} else {
		title += " (after the tabs)"
	}
	b.flushPending()
	b.startSection(title, b.tabLevel, line)
}

func onlyBlank(lines []srcLine) bool {
	for _, l := range lines {
		if strings.TrimSpace(l.text) != "" {
			return false
		}
	}
	return true
}
