package update

import (
	"fmt"
	"strings"

	"github.com/tutor-run/tutor/engine/model"
	"github.com/tutor-run/tutor/engine/reader"
)

// check reads the rewritten post out again and makes sure it is the same
// plan with only the rewritten outputs changed. A new output line can
// change how a post reads: one that looks like a prompt starts a command,
// one that looks like a fence ends the block. Such a rewrite is refused,
// naming the steps whose new output is to blame.
func check(src []byte, t *model.Tutorial, out []byte, edits []edit) error {
	err := sameReading(t, out, edits)
	if err == nil {
		return nil
	}
	var blamed []string
	for _, e := range edits {
		if err := sameReading(t, apply(src, []edit{e}), []edit{e}); err != nil {
			blamed = append(blamed, fmt.Sprintf("%s: %v", e.step.Pos, err))
		}
	}
	if len(blamed) == 0 {
		return fmt.Errorf("update: the rewritten post would read differently: %w", err)
	}
	return fmt.Errorf("update: a new output would change how the post reads; edit it by hand:\n%s", strings.Join(blamed, "\n"))
}

// sameReading reports how the post out, read again, differs from t other
// than in the outputs edits give their steps.
func sameReading(t *model.Tutorial, out []byte, edits []edit) error {
	nt, err := reader.Read(t.File, out)
	if err != nil {
		return fmt.Errorf("it no longer reads: %w", err)
	}
	want := map[*model.Step]string{}
	for _, e := range edits {
		want[e.step] = e.want
	}
	old, got := t.Steps(), nt.Steps()
	if len(nt.Sections) != len(t.Sections) || len(got) != len(old) {
		return fmt.Errorf("it would read as %d sections and %d steps instead of %d and %d (a new line reads as a prompt or a fence)",
			len(nt.Sections), len(got), len(t.Sections), len(old))
	}
	for i, o := range old {
		g := got[i]
		if g.Kind != o.Kind || g.Command != o.Command || g.Hidden != o.Hidden || g.Skip != o.Skip || len(g.Expect) != len(o.Expect) {
			return fmt.Errorf("the step at %s would read as %s %q", o.Pos, g.Kind, g.Command)
		}
		w, edited := want[o]
		if !edited {
			w = outputText(o)
		}
		if outputText(g) != w {
			return fmt.Errorf("the output of the step at %s would read differently", o.Pos)
		}
	}
	return nil
}

func outputText(st *model.Step) string {
	if st.Output == nil {
		return ""
	}
	return st.Output.Text
}
