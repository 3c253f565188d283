package reader

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/tutor-run/tutor/engine/model"
)

// steps turns one fenced block into steps.
func (b *builder) steps(it item, forceRun bool) []*model.Step {
	block := &model.Block{Info: it.info, Pos: b.pos(it.line), Span: it.span}
	switch {
	case shellLangs[it.lang]:
		return b.shellSteps(it, block, forceRun)
	case it.lang == "yaml" || it.lang == "yml":
		return []*model.Step{b.manifestStep(it, block)}
	}
	lang := it.lang
	if lang == "" {
		lang = "unlabelled"
	}
	return []*model.Step{{Kind: model.KindIllustration, Pos: block.Pos, Block: block, Skip: lang + " blocks are not run"}}
}

func (b *builder) shellSteps(it item, block *model.Block, forceRun bool) []*model.Step {
	cmds, hasPrompt := splitTranscript(it.body, newPrompter(it.lang, b.prompts))
	if hasPrompt {
		steps := make([]*model.Step, 0, len(cmds))
		for _, c := range cmds {
			st := &model.Step{
				Kind: model.KindShell, Pos: b.pos(c.line), Command: c.text, CommandSpan: c.span,
				Block: block, Output: makeOutput(c.output, b.read),
			}
			if c.background {
				st.Kind = model.KindBackground
			}
			steps = append(steps, st)
		}
		return steps
	}
	out := makeOutput(it.body, b.read)
	if out == nil {
		return nil
	}
	if b.tutorial.UsesPrompts && !forceRun {
		return []*model.Step{{Kind: model.KindIllustration, Pos: block.Pos, Block: block,
			Skip: "illustration: no prompt line in a post that shows prompts elsewhere (add <!-- tutor: run --> to run it)"}}
	}
	// A block without prompts is a script: it runs as one step.
	st := &model.Step{Kind: model.KindShell, Pos: out.Pos, Command: out.Text, CommandSpan: out.Span, Block: block}
	if isBackground(st.Command) && !strings.Contains(st.Command, "\n") {
		st.Kind = model.KindBackground
	}
	return []*model.Step{st}
}

var (
	topKey   = regexp.MustCompile(`^(apiVersion|kind)\s*:`)
	docSplit = regexp.MustCompile(`^---\s*$`)
)

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
