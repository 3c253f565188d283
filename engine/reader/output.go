package reader

import (
	"regexp"
	"slices"
	"strings"

	"github.com/tutor-run/tutor/engine/model"
)

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
	if _, has := b.transcript(it); has {
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

// attachOutput makes a block the expected output of the last command.
func (b *builder) attachOutput(it item) {
	claim := b.pendingOutput
	b.pendingOutput = nil
	for _, d := range b.pending {
		b.errorf(d.line, "%s directive is followed by an output block, not a command block", d.verb)
	}
	b.pending = nil
	target := b.lastStep
	if target == nil && claim.expect != nil {
		target = b.lastCommand // Innovation Engine attaches across headings
	}
	if target == nil {
		if claim.expect != nil {
			b.warnf(claim.line, "expected_similarity comment has no command before it: the block after it is shown, not checked")
			return
		}
		b.errorf(claim.line, "output block has no command before it in its section")
		return
	}
	out := makeOutput(it.body, b.read)
	if out == nil {
		out = &model.Output{Pos: b.pos(it.line), Span: it.span}
	}
	target.Output = out
	if claim.expect != nil {
		e := *claim.expect
		e.Pos = b.pos(claim.line)
		target.Expect = append(target.Expect, e)
	}
}

// makeOutput joins output lines without the blank lines around them; nil
// when nothing but blank lines was pasted.
func makeOutput(lines []srcLine, r *read) *model.Output {
	first, last := -1, -1
	for i, l := range lines {
		if strings.TrimSpace(l.text) != "" {
			if first < 0 {
				first = i
			}
			last = i
		}
	}
	if first < 0 {
		return nil
	}
	texts := make([]string, 0, last-first+1)
	for _, l := range lines[first : last+1] {
		texts = append(texts, l.text)
	}
	return &model.Output{
		Text: strings.Join(texts, "\n"),
		Pos:  r.pos(lines[first].line),
		Span: model.Span{Start: lines[first].start, End: lines[last].end},
	}
}
