package reader

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"

	"github.com/tutor-run/tutor/engine/model"
)

var update = flag.Bool("update", false, "rewrite the want sections of testdata/*.txtar")

// TestGolden reads each post.md of testdata/*.txtar and compares a dump of
// the plan (or the errors) with the archive's want file.
func TestGolden(t *testing.T) {
	files, err := filepath.Glob("testdata/*.txtar")
	if err != nil || len(files) == 0 {
		t.Fatalf("no golden files: %v", err)
	}
	for _, f := range files {
		t.Run(strings.TrimSuffix(filepath.Base(f), ".txtar"), func(t *testing.T) {
			ar, err := txtar.ParseFile(f)
			if err != nil {
				t.Fatal(err)
			}
			var post []byte
			wantIdx := -1
			for i, file := range ar.Files {
				switch file.Name {
				case "post.md":
					post = file.Data
				case "want":
					wantIdx = i
				}
			}
			got := dump(Read("post.md", post))
			if *update {
				if wantIdx < 0 {
					ar.Files = append(ar.Files, txtar.File{Name: "want"})
					wantIdx = len(ar.Files) - 1
				}
				ar.Files[wantIdx].Data = []byte(got)
				if err := os.WriteFile(f, txtar.Format(ar), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			if wantIdx < 0 {
				t.Fatalf("%s has no want section; run go test -update", f)
			}
			if want := string(ar.Files[wantIdx].Data); got != want {
				t.Errorf("dump differs from %s (run go test -update to accept):\n--- got\n%s\n--- want\n%s", f, got, want)
			}
		})
	}
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
			b.WriteString("\n")
			if st.Output != nil {
				fmt.Fprintf(&b, "    output line=%d %q\n", st.Output.Pos.Line, st.Output.Text)
			}
		}
	}
	for _, w := range t.Warnings {
		fmt.Fprintf(&b, "%s\n", w)
	}
	return b.String()
}
