package reader

import (
	"fmt"
	"slices"
	"strings"

	"github.com/tutor-run/tutor/engine/model"
)

// This file holds what each directive verb does to the plan: the read and
// apply functions of the verbs table.

// directive applies a directive that does not wait for a block, or queues
// it for the next one.
func (b *builder) directive(d directive) {
	if d.spec.read == nil {
		b.pending = append(b.pending, d)
		return
	}
	d.spec.read(b, d)
}

// apply applies the pending block directives to the block's steps.
func (b *builder) apply(it item, steps []*model.Step) {
	for _, d := range b.pending {
		if d.spec.apply == nil {
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
			if err := d.spec.apply(d, st); err != nil {
				b.errorf(d.line, "%s: %v", d.verb, err)
			}
		}
	}
}

func readSetup(b *builder, d directive) {
	s := b.current(d.line)
	s.Steps = append(s.Steps, &model.Step{Kind: model.KindShell, Pos: b.pos(d.line), Command: d.body, Hidden: true})
	b.lastStep = s.Steps[len(s.Steps)-1]
	b.attachValues(b.lastStep)
}

func readEnv(b *builder, d directive) {
	s := b.current(d.line)
	st := &model.Step{Kind: model.KindEnv, Pos: b.pos(d.line)}
	for _, kv := range d.args {
		a, _ := parseAssignment(kv)
		st.Env = append(st.Env, model.EnvVar{Name: a.name, Value: a.value})
	}
	s.Steps = append(s.Steps, st)
}

func readClaim(b *builder, d directive) {
	s := b.current(d.line)
	c, _ := model.ParseClusterClaim(d.args)
	s.Steps = append(s.Steps, &model.Step{Kind: model.KindAssert, Pos: b.pos(d.line), Claim: &c})
}

func readCleanup(b *builder, d directive) { b.current(d.line).Cleanup = true }

func readSkipSection(b *builder, d directive) {
	b.current(d.line).Skip = reason("skipped by directive", d.args)
}

func readNeeds(b *builder, d directive) {
	s := b.current(d.line)
	for _, c := range d.args {
		if !slices.Contains(s.Needs, c) {
			s.Needs = append(s.Needs, c)
		}
	}
}

func readOutput(b *builder, d directive) { b.pendingOutput = &outputClaim{line: d.line} }

func reason(what string, args []string) string {
	if len(args) == 0 {
		return what
	}
	return what + ": " + strings.Join(args, " ")
}

// applySkip applies to any block, run or shown.
func applySkip(d directive, st *model.Step) error {
	st.Skip = reason("skipped by directive", d.args)
	return nil
}

// onRun is apply for a verb that changes how a step runs: a block that
// is shown, not run, takes none.
func onRun(apply func(d directive, st *model.Step) error) func(d directive, st *model.Step) error {
	return func(d directive, st *model.Step) error {
		if st.Kind == model.KindIllustration {
			return fmt.Errorf("the block at line %d is not run (%s)", st.Pos.Line, st.Skip)
		}
		return apply(d, st)
	}
}

func applyExpect(d directive, st *model.Step) error {
	e, _ := expectArgs(d.args)
	if e.exit != nil {
		st.Exit = *e.exit
	}
	if e.match != nil {
		m := *e.match
		m.Pos = model.Pos{File: st.Pos.File, Line: d.line}
		st.Expect = append(st.Expect, m)
	}
	return nil
}

func applyTimeout(d directive, st *model.Step) error {
	st.Timeout, _ = parseDuration(d.args[0])
	return nil
}

func applyEventually(d directive, st *model.Step) error {
	if st.Kind == model.KindBackground {
		return fmt.Errorf("a background step cannot be retried")
	}
	within, every, _ := eventuallyArgs(d.args)
	st.Eventually = &model.Eventually{Within: within, Every: every}
	return nil
}

func applyBackground(d directive, st *model.Step) error {
	if st.Kind != model.KindShell && st.Kind != model.KindBackground {
		return fmt.Errorf("only shell commands run in the background")
	}
	ready, within, _ := backgroundArgs(d.args)
	st.Kind = model.KindBackground
	if ready != "" {
		st.Ready = &model.Readiness{Pattern: ready, Within: within}
	}
	return nil
}

func applyDelete(d directive, st *model.Step) error {
	if st.Kind != model.KindManifest {
		return fmt.Errorf("applies to YAML manifests only")
	}
	st.Delete = true
	return nil
}

func applyNoWait(d directive, st *model.Step) error {
	if st.Kind != model.KindManifest {
		return fmt.Errorf("applies to YAML manifests only")
	}
	st.NoWait = true
	return nil
}
