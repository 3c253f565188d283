package reader

import (
	"fmt"
	"regexp"
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
	cmds, hasPrompt := splitTranscript(it.body, newPrompter(it.lang, b.prompts))
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

// learnTool remembers the program a step runs, so that later lines that
// start with it read as commands.
func (b *builder) learnTool(cmd string) {
	for _, l := range commandLines(cmd) {
		if f := commandFields(l); len(f) > 0 && plainWord.MatchString(f[0]) && len(b.tools) < maxTools {
			b.tools[f[0]] = true
		}
	}
}

// maxTools bounds the tools a post teaches the reader.
const maxTools = 256

// startsWithCommand is startsWithCommand knowing the post's tools.
func (b *builder) startsWithCommand(lines []srcLine) bool {
	for _, l := range lines {
		t := strings.TrimSpace(l.text)
		if t == "" || strings.HasPrefix(t, "#") {
			continue
		}
		return isCommandLineIn(l.text, b.tools)
	}
	return false
}

// shellStep reads a shell step for hazards and, inside an interactive
// shell the post opened, routes it through that shell's non-interactive
// form.
func (b *builder) shellStep(st *model.Step) {
	b.learnTool(st.Command)
	if in := b.inside; in != nil {
		if strings.TrimSpace(st.Command) == "exit" {
			b.inside = nil
			if in.stop != "" {
				st.Unattended = in.stop // kubectl run --rm: the pod goes when its shell exits
				st.Note = fmt.Sprintf("leaves the shell of the pod started at line %d, which --rm deletes", in.line)
				return
			}
			st.Skip = fmt.Sprintf("leaves the interactive shell opened at line %d", in.line)
			return
		}
		if in.via == "" {
			st.Skip = fmt.Sprintf("typed into %s, opened interactively at line %d: tutor cannot type into it", in.program, in.line)
			return
		}
		st.Via = in.via
		b.markHazards(st)
		return
	}
	b.markHazards(st)
	if st.Kind != model.KindShell || !strings.HasPrefix(st.Skip, "interactive: ") && st.Unattended == "" {
		return
	}
	if h, _ := classifyHazard(st.Command, b.tutorial.Settings.Aliases); h == hazardRunShell && st.Unattended != "" {
		pod := runShellPod(st.Command, b.tutorial.Settings.Aliases)
		b.inside = &insideShell{via: pod.via, stop: pod.stop, line: st.Pos.Line, hostPrompt: b.lastPrompt, program: "the pod's shell", block: b.blockLine(st)}
		return
	}
	if h, _ := classifyHazard(st.Command, b.tutorial.Settings.Aliases); h == hazardShell {
		b.inside = &insideShell{via: shellVia(st.Command, b.tutorial.Settings.Aliases), line: st.Pos.Line, hostPrompt: b.lastPrompt, block: b.blockLine(st)}
	} else if opensShell(st.Command) || opensRepl(st.Command) {
		b.inside = &insideShell{line: st.Pos.Line, hostPrompt: b.lastPrompt, program: programName(st.Command), block: b.blockLine(st)}
	}
}

// blockLine is the line of the block a step comes from, or 0.
func (b *builder) blockLine(st *model.Step) int {
	if st.Block == nil {
		return 0
	}
	return st.Block.Pos.Line
}

// programName names the interactive program a command opens.
func programName(cmd string) string {
	f := commandFields(cmd)
	if len(f) == 0 {
		return "an interactive program"
	}
	switch f[0] {
	case "kubectl", "k", "oc":
		return "the pod's shell"
	case "docker", "podman", "nerdctl":
		return "the container's shell"
	case "ssh", "minikube":
		return "the remote shell"
	}
	return f[0]
}

// opensShell reports whether an interactive command leaves the reader at
// a shell prompt (kubectl run -it ... -- sh, docker run -it, ssh HOST).
func opensShell(cmd string) bool {
	f := commandFields(cmd)
	if len(f) == 0 {
		return false
	}
	rest := afterDashes(f)
	if len(rest) == 1 && shellNames[rest[0]] {
		return true
	}
	switch f[0] {
	case "ssh", "minikube":
		return true
	case "docker", "podman":
		return len(f) > 0 && shellNames[f[len(f)-1]]
	}
	return false
}

var (
	topKey   = regexp.MustCompile(`^(apiVersion|kind)\s*:`)
	docSplit = regexp.MustCompile(`^---\s*$`)
)

// configAPI matches the apiVersion of a tool's configuration file, which
// looks like a manifest but is read by the tool (kind, kubeadm, the
// kubelet, kustomize, k3d), not applied.
var configAPI = regexp.MustCompile(`(?m)^apiVersion:\s*["']?((kind|kubeadm|kubelet\.config|kubeproxy\.config|apiserver\.config|kustomize\.config|k3d|ctlptl|skaffold|audit)[\w.-]*)/(\S+?)["']?\s*$`)

// manifestStep returns a manifest step for a YAML block that holds
// Kubernetes objects, or an illustration for other YAML.
func (b *builder) manifestStep(it item, block *model.Block) *model.Step {
	out := makeOutput(it.body, b.read)
	st := &model.Step{Kind: model.KindIllustration, Pos: block.Pos, Block: block, Skip: "YAML without apiVersion or kind is not a manifest"}
	if out == nil {
		return st
	}
	type doc struct {
		line             int
		apiVersion, kind bool
		empty            bool
	}
	docs := []doc{{line: it.body[0].line, empty: true}}
	for _, l := range it.body {
		if docSplit.MatchString(l.text) {
			docs = append(docs, doc{line: l.line + 1, empty: true})
			continue
		}
		d := &docs[len(docs)-1]
		if m := topKey.FindStringSubmatch(l.text); m != nil {
			d.apiVersion = d.apiVersion || m[1] == "apiVersion"
			d.kind = d.kind || m[1] == "kind"
		}
		if t := strings.TrimSpace(l.text); t != "" && !strings.HasPrefix(t, "#") {
			if d.empty {
				d.line = l.line
			}
			d.empty = false
		}
	}
	isManifest := false
	for _, d := range docs {
		isManifest = isManifest || d.apiVersion || d.kind
	}
	if !isManifest {
		return st
	}
	if m := configAPI.FindStringSubmatch(out.Text); m != nil {
		st.Skip = "a configuration file read by " + m[2] + " (apiVersion " + m[1] + "/" + m[3] + "), not an object for the API server"
		return st
	}
	for _, d := range docs {
		switch {
		case d.empty:
		case !d.apiVersion && !d.kind:
			b.warnf(d.line, "YAML document has neither apiVersion nor kind: it cannot be applied")
		case !d.apiVersion:
			b.warnf(d.line, "manifest has no apiVersion: the API server will reject it")
		case !d.kind:
			b.warnf(d.line, "manifest has no kind: the API server will reject it")
		}
	}
	return &model.Step{Kind: model.KindManifest, Pos: out.Pos, Block: block, Manifest: out.Text}
}

// apply applies the pending block directives to the block's steps.
func (b *builder) apply(it item, steps []*model.Step) {
	for _, d := range b.pending {
		if d.verb == "run" {
			continue
		}
		targets := steps
		if d.step > 0 {
			if d.step > len(steps) {
				b.errorf(d.line, "step %d: the block at line %d has %d command(s)", d.step, it.line, len(steps))
				continue
			}
			targets = steps[d.step-1 : d.step]
		}
		if len(targets) == 0 {
			b.errorf(d.line, "%s directive is followed by a block with nothing to run", d.verb)
		}
		for _, st := range targets {
			if err := applyDirective(d, st); err != nil {
				b.errorf(d.line, "%s: %v", d.verb, err)
			}
		}
	}
}

func applyDirective(d directive, st *model.Step) error {
	if d.verb == "skip" {
		st.Skip = reason("skipped by directive", d.args)
		return nil
	}
	if st.Kind == model.KindIllustration {
		return fmt.Errorf("the block at line %d is not run (%s)", st.Pos.Line, st.Skip)
	}
	switch d.verb {
	case "expect":
		e, _ := expectArgs(d.args)
		if e.exit != nil {
			st.Exit = *e.exit
		}
		if e.match != nil {
			m := *e.match
			m.Pos = model.Pos{File: st.Pos.File, Line: d.line}
			st.Expect = append(st.Expect, m)
		}
	case "timeout":
		st.Timeout, _ = parseDuration(d.args[0])
	case "eventually":
		if st.Kind == model.KindBackground {
			return fmt.Errorf("a background step cannot be retried")
		}
		within, every, _ := eventuallyArgs(d.args)
		st.Eventually = &model.Eventually{Within: within, Every: every}
	case "background":
		if st.Kind != model.KindShell && st.Kind != model.KindBackground {
			return fmt.Errorf("only shell commands run in the background")
		}
		ready, within, _ := backgroundArgs(d.args)
		st.Kind = model.KindBackground
		if ready != "" {
			st.Ready = &model.Readiness{Pattern: ready, Within: within}
		}
	case "delete", "no-wait":
		if st.Kind != model.KindManifest {
			return fmt.Errorf("applies to YAML manifests only")
		}
		st.Delete = st.Delete || d.verb == "delete"
		st.NoWait = st.NoWait || d.verb == "no-wait"
	}
	return nil
}
