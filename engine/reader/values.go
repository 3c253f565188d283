package reader

import (
	"slices"

	"github.com/tutor-run/tutor/engine/model"
)

// This file attaches a values block to the helm install or upgrade after it.

// takeValues makes the block a values block when a values directive waits
// for it: it is shown, not run, and goes to the next helm install or
// upgrade of the section.
func (b *builder) takeValues(it item) bool {
	i := slices.IndexFunc(b.pending, func(d directive) bool { return d.verb == "values" })
	if i < 0 {
		return false
	}
	if len(b.pending) > 1 {
		b.errorf(b.pending[i].line, "values applies alone to its block")
	}
	if b.pendingValues != nil {
		b.errorf(b.pendingValues.Pos.Line, "values block is not followed by a helm install or upgrade before the next values block")
	}
	b.pendingValues = &model.Values{Text: blockText(it), Pos: b.pos(it.line + 1)}
	s := b.current(it.line)
	block := &model.Block{Info: it.info, Pos: b.pos(it.line), Span: it.span}
	s.Steps = append(s.Steps, &model.Step{Kind: model.KindIllustration, Pos: b.pos(it.line), Block: block, Skip: "values for the helm step after it"})
	b.pending = nil
	return true
}

// attachValues gives a waiting values block to st when st installs or
// upgrades a helm release.
func (b *builder) attachValues(st *model.Step) {
	if b.pendingValues == nil || st.Kind != model.KindShell {
		return
	}
	w, ok := model.Words(st.Command, b.tutorial.Settings.Aliases)
	if !ok || len(w) < 2 || w[0] != "helm" || (w[1] != "install" && w[1] != "upgrade") {
		return
	}
	st.Values, b.pendingValues = b.pendingValues, nil
}
