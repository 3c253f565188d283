package reader

import (
	"fmt"
	"strings"

	"github.com/tutor-run/tutor/engine/model"
)

// steps turns one fenced or indented block into steps.
func (b *builder) steps(it item, forceRun bool) []*model.Step {
	block := &model.Block{Info: it.info, Pos: b.pos(it.line), Span: it.span}
	show := func(why string) []*model.Step {
		return []*model.Step{{Kind: model.KindIllustration, Pos: block.Pos, Block: block, Skip: why}}
	}
	lang := it.lang
	if in := b.inside; in != nil && in.via == "" && !forceRun && b.cue != "" && b.cueFacts().inside && !shellLangs[lang] && lang != "yaml" {
		return show(fmt.Sprintf("typed into %s, opened interactively at line %d: tutor cannot type into it", in.program, in.line))
	}
	switch {
	case windowsLangs[lang]:
		return show(lang + " blocks are for Windows: tutor runs the Linux steps")
	case b.cue != "" && !forceRun && b.cueFacts().otherPlatform:
		return show("for another platform (" + clipCue(b.cue) + "): tutor runs the Linux steps")
	case shellLangs[lang] || forceRun:
		return b.shellSteps(it, block, forceRun)
	case commandLangs[lang] && startsWithCommand(it.body):
		return b.shellSteps(it, block, forceRun)
	case transcriptLangs[lang] && startsWithPrompt(it.body, newPrompter("console", b.prompts)):
		return b.shellSteps(it, block, forceRun)
	case (lang == "yaml" || lang == "yml") && startsWithCommand(it.body):
		return b.shellSteps(it, block, forceRun) // cat <<EOF | kubectl apply -f -
	case lang == "yaml" || lang == "yml":
		return []*model.Step{b.manifestStep(it, block)}
	case lang == "" && startsWithCommand(it.body):
		return b.shellSteps(it, block, forceRun)
	case lang != "" && nearShellLang(lang) && startsWithCommand(it.body):
		return b.shellSteps(it, block, forceRun) // ```base: a typo of bash
	}
	switch {
	case it.indented:
		return show("indented block that is not a command")
	case lang == "":
		return show("unlabelled block that is not a command")
	}
	return show(lang + " blocks are not run")
}

// nearShellLang reports whether lang is one typo away from a shell
// language (base, bsah, shel).
func nearShellLang(lang string) bool {
	for _, want := range []string{"bash", "shell", "console"} {
		if editDistance(lang, want) == 1 {
			return true
		}
	}
	return false
}

// editDistance is the Levenshtein distance of two short words.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(b)]
}

// clipCue shortens a cue for a reason.
func clipCue(s string) string {
	s = strings.TrimSpace(s)
	if len(s) > 40 {
		s = s[:40] + "…"
	}
	return s
}

// startsWithPrompt reports whether the first non-blank line of lines is a
// prompt line: the whole block is then a transcript.
func startsWithPrompt(lines []srcLine, p prompter) bool {
	for _, l := range lines {
		if t := strings.TrimSpace(l.text); t == "" || strings.HasPrefix(t, "# ") && p.at(l.text) < 0 {
			continue
		}
		return p.at(l.text) >= 0
	}
	return false
}

func (b *builder) shellSteps(it item, block *model.Block, forceRun bool) []*model.Step {
	if (b.cueFacts().failure || b.failing) && !forceRun {
		b.failing = true
		return []*model.Step{{Kind: model.KindIllustration, Pos: block.Pos, Block: block,
			Skip: "shows a failure (" + clipCue(b.cue) + "), not what to run"}}
	}
	cmds, hasPrompt := b.transcript(it)
	if hasPrompt {
		return b.commandSteps(cmds, block, true)
	}
	if onlyBlank(it.body) {
		return nil
	}
	if onlyComments(it.body) {
		return []*model.Step{{Kind: model.KindIllustration, Pos: block.Pos, Block: block, Skip: "only comments"}}
	}
	if b.tutorial.UsesPrompts && !forceRun && !b.startsWithCommand(it.body) {
		return []*model.Step{{Kind: model.KindIllustration, Pos: block.Pos, Block: block,
			Skip: "illustration: no prompt line in a post that shows prompts elsewhere (add <!-- tutor: run --> to run it)"}}
	}
	if !forceRun {
		if cmds, hasOutput := splitScript(it.body, true, b.tools); hasOutput && len(cmds) > 0 {
			if cmds[0].line < 0 { // output first: the previous command's
				if b.lastStep != nil && b.lastStep.Output == nil {
					b.lastStep.Output = makeOutput(cmds[0].output, b.read)
				}
				cmds = cmds[1:]
			}
			if len(cmds) > 0 {
				return b.commandSteps(cmds, block, false)
			}
			return []*model.Step{{Kind: model.KindIllustration, Pos: block.Pos, Block: block, Skip: "output without its command"}}
		}
	}
	out := makeOutput(it.body, b.read)
	if out == nil {
		return nil
	}
	// A block without prompts is a script: it runs as one step.
	b.lastPrompt = ""
	st := &model.Step{Kind: model.KindShell, Pos: out.Pos, Command: out.Text, CommandSpan: out.Span, Block: block}
	b.lastScript = &script{step: st, lines: it.body}
	if isBackground(st.Command) && !strings.Contains(st.Command, "\n") {
		st.Kind = model.KindBackground
	}
	b.shellStep(st)
	return []*model.Step{st}
}

// commandSteps turns the commands of a transcript (or of a block that
// mixes commands and output) into steps.
func (b *builder) commandSteps(cmds []command, block *model.Block, prompted bool) []*model.Step {
	steps := make([]*model.Step, 0, len(cmds))
	for _, c := range cmds {
		st := &model.Step{
			Kind: model.KindShell, Pos: b.pos(c.line), Command: c.text, CommandSpan: c.span,
			Block: block, Output: makeOutput(c.output, b.read),
		}
		if c.background {
			st.Kind = model.KindBackground
		}
		b.lastPrompt = c.prompt
		switch {
		case c.repl != "":
			st.Skip = "typed into " + c.repl + ", an interactive program: not a shell command"
		case b.inside != nil && prompted && c.prompt == b.inside.hostPrompt && b.inside.block == block.Pos.Line:
			b.closeInside() // back at the prompt the shell was opened from
			b.shellStep(st)
		default:
			b.shellStep(st)
		}
		steps = append(steps, st)
	}
	return steps
}
