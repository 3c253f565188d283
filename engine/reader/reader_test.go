package reader

import (
	"fmt"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"

	"github.com/tutor-run/tutor/engine/goldentest"
	"github.com/tutor-run/tutor/engine/model"
)

// TestGolden reads each post.md of testdata/*.txtar and compares a dump of
// the plan (or the errors) with the archive's want file.
func TestGolden(t *testing.T) {
	goldentest.Run(t, "testdata/*.txtar", func(t *testing.T, f string, ar *txtar.Archive) {
		post := goldentest.Section(ar, "post.md")
		goldentest.Check(t, f, ar, map[string]string{"want": dump(Read("post.md", []byte(post)))})
	})
}

// dump prints what the reader made of a post, one line per fact.
func dump(t *model.Tutorial, err error) string {
	var b strings.Builder
	if err != nil {
		fmt.Fprintf(&b, "error:\n%s\n", err)
		return b.String()
	}
	fmt.Fprintf(&b, "title %q prompts=%v aliases=%v env=%v timeout=%s\n", t.Title, t.UsesPrompts, t.Settings.Aliases, t.Settings.Env, t.Settings.Timeout)
	for _, s := range t.Sections {
		fmt.Fprintf(&b, "section %s %q level=%d line=%d", s.ID, s.Title, s.Level, s.Pos.Line)
		if s.Cleanup {
			b.WriteString(" cleanup")
		}
		if s.Skip != "" {
			fmt.Fprintf(&b, " skip=%q", s.Skip)
		}
		if len(s.Needs) > 0 {
			fmt.Fprintf(&b, " needs=%v", s.Needs)
		}
		if s.Tab != nil {
			fmt.Fprintf(&b, " tab=%d:%q default=%v", s.Tab.Group, s.Tab.Name, s.Tab.Default)
		}
		b.WriteString("\n")
		for _, st := range s.Steps {
			fmt.Fprintf(&b, "  %d %s", st.Pos.Line, st.Kind)
			if st.Command != "" {
				fmt.Fprintf(&b, " %q", st.Command)
			}
			if st.Hidden {
				b.WriteString(" hidden")
			}
			if st.Values != nil {
				fmt.Fprintf(&b, " values=%d:%q", st.Values.Pos.Line, st.Values.Text)
			}
			if st.Skip != "" {
				fmt.Fprintf(&b, " skip=%q", st.Skip)
			}
			if st.Exit != (model.ExitClaim{}) {
				fmt.Fprintf(&b, " exit=%s", st.Exit)
			}
			for _, e := range st.Expect {
				fmt.Fprintf(&b, " expect=%s:%q:%g", e.Kind, e.Value, e.Threshold)
			}
			if st.Timeout > 0 {
				fmt.Fprintf(&b, " timeout=%s", st.Timeout)
			}
			if st.Eventually != nil {
				fmt.Fprintf(&b, " eventually=%s/%s", st.Eventually.Within, st.Eventually.Every)
			}
			if st.Ready != nil {
				fmt.Fprintf(&b, " ready=%q/%s", st.Ready.Pattern, st.Ready.Within)
			}
			for _, e := range st.Env {
				fmt.Fprintf(&b, " %s=%q", e.Name, e.Value)
			}
			if st.Delete {
				b.WriteString(" delete")
			}
			if st.NoWait {
				b.WriteString(" no-wait")
			}
			if st.Claim != nil {
				fmt.Fprintf(&b, " claim=%q/%s", st.Claim.Describe(), st.Claim.Within)
			}
			if st.Block != nil {
				fmt.Fprintf(&b, " block=%d:%q", st.Block.Pos.Line, st.Block.Info)
			}
			if st.Path != "" {
				fmt.Fprintf(&b, " path=%q", st.Path)
			}
			if st.Via != "" {
				fmt.Fprintf(&b, " via=%q", st.Via)
			}
			if st.Unattended != "" {
				fmt.Fprintf(&b, " unattended=%q", st.Unattended)
			}
			if st.Note != "" {
				fmt.Fprintf(&b, " note=%q", st.Note)
			}
			b.WriteString("\n")
			if st.Output != nil {
				fmt.Fprintf(&b, "    output line=%d %q\n", st.Output.Pos.Line, st.Output.Text)
			}
		}
	}
	for _, v := range t.ChartValues {
		fmt.Fprintf(&b, "chart values %s line=%d\n", v.Chart, v.Values.Pos.Line)
	}
	for _, v := range t.ChartVersions {
		fmt.Fprintf(&b, "chart version %s %s\n", v.Chart, v)
	}
	for _, w := range t.Warnings {
		fmt.Fprintf(&b, "%s\n", w)
	}
	return b.String()
}
