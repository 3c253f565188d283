// Package update is tutor's update mode, like testscript's UpdateScripts or
// `scrut update`: it rewrites the pasted outputs of a post that no longer
// match what a run printed, and nothing else.
//
// Only steps whose pasted-output claim broke are rewritten; every byte
// outside their output spans stays as it was, so the prompt lines, the
// prose, the fences and the directives of the post are untouched. Within a
// span, the lines that still match once normalized are kept as the post
// wrote them (its timestamps, hashes, `...` lines), and the new lines keep
// the block's indentation and line endings.
package update

import (
	"bytes"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/tutor-run/tutor/assertions"
	"github.com/tutor-run/tutor/engine/model"
	"github.com/tutor-run/tutor/engine/result"
)

// Change is one rewritten output.
type Change struct {
	// Step is the step whose pasted output was rewritten.
	Step *model.Step
	// Line is the 1-based line of the output in the original post.
	Line int
	// Span is the range of the original post that was replaced. It is the
	// step's Output.Span, except for an empty output block, where the
	// new lines go in front of its closing fence.
	Span model.Span
	// Old and New are the bytes of Span before and after the rewrite.
	Old, New string
}

// Options configure Rewrite.
type Options struct {
	// Redact returns its argument with secrets replaced by a marker. It
	// is required: a secret the run printed must never be written into
	// the post. It is called on each failed step's whole output, once
	// terminal codes are removed.
	Redact func(string) string
}

// edit is a planned replacement of one span.
type edit struct {
	step *model.Step
	span model.Span
	text string // the bytes that replace span
	// want is the Output.Text the reader must find after the rewrite.
	want string
}

// Rewrite returns src with the expected outputs that no longer match
// replaced by what the run printed; every byte outside the rewritten output
// blocks stays identical. Only steps that failed on their pasted output are
// rewritten: not exit-status failures, not outputs judged by a contains,
// regex, similarity or ignore claim, not commands without pasted output.
// Changes come in the order of the post. t must be the tutorial read from src (Rewrite
// never works from a failed parse); Rewrite refuses with an error when a
// span does not fit src, when two spans overlap, or when a new output would
// change how the post is read (a line that looks like a prompt or closes
// the fence). On error it returns no bytes at all.
func Rewrite(src []byte, t *model.Tutorial, run *result.Run, o Options) ([]byte, []Change, error) {
	if o.Redact == nil {
		return nil, nil, errors.New("update: Options.Redact is required")
	}
	if t == nil || run == nil {
		return nil, nil, errors.New("update: no tutorial or no run to update from")
	}
	ours := map[*model.Step]bool{}
	for _, st := range t.Steps() {
		ours[st] = true
	}
	var edits []edit
	for _, sec := range run.Sections {
		for _, rs := range sec.Steps {
			if !outputClaimBroke(rs) {
				continue
			}
			if !ours[rs.Step] {
				return nil, nil, fmt.Errorf("update: %s: the run's step is not a step of this tutorial", rs.Step.Pos)
			}
			e, err := plan(src, rs, o.Redact)
			if err != nil {
				return nil, nil, fmt.Errorf("update: %s: %w", rs.Step.Pos, err)
			}
			if e.text != string(src[e.span.Start:e.span.End]) {
				edits = append(edits, e)
			}
		}
	}
	if len(edits) == 0 {
		return bytes.Clone(src), nil, nil
	}
	sort.SliceStable(edits, func(i, j int) bool { return edits[i].span.Start < edits[j].span.Start })
	for i := 1; i < len(edits); i++ {
		if prev, cur := edits[i-1], edits[i]; cur.span.Start < prev.span.End || cur.span.Start == prev.span.Start {
			return nil, nil, fmt.Errorf("update: %s: output overlaps the one of the step at %s", cur.step.Pos, prev.step.Pos)
		}
	}
	out := apply(src, edits)
	if err := check(src, t, out, edits); err != nil {
		return nil, nil, err
	}
	changes := make([]Change, len(edits))
	for i, e := range edits {
		changes[i] = Change{
			Step: e.step, Line: bytes.Count(src[:e.span.Start], []byte("\n")) + 1, Span: e.span,
			Old: string(src[e.span.Start:e.span.End]), New: e.text,
		}
	}
	return out, changes, nil
}

// apply replaces the spans of sorted, disjoint edits, from the end of the
// file backwards so that the offsets still to be used stay valid.
func apply(src []byte, edits []edit) []byte {
	out := bytes.Clone(src)
	for i := len(edits) - 1; i >= 0; i-- {
		e := edits[i]
		out = append(out[:e.span.Start:e.span.Start], append([]byte(e.text), out[e.span.End:]...)...)
	}
	return out
}

// plan works out the new bytes of one step's output span.
func plan(src []byte, rs *result.Step, redact func(string) string) (edit, error) {
	l, err := locate(src, rs.Step.Output)
	if err != nil {
		return edit{}, err
	}
	actual := actualLines(rs.Output, redact)
	if assertions.Output(rs.Step.Output.Text, strings.Join(actual, "\n")).OK {
		// Already true of what the run printed (as the post may show it):
		// nothing to rewrite, even if a stricter check failed the step.
		return edit{step: rs.Step, span: l.span, text: string(src[l.span.Start:l.span.End])}, nil
	}
	pieces := merge(l.lines, actual)
	text, want := l.render(pieces)
	return edit{step: rs.Step, span: l.span, text: text, want: want}, nil
}
