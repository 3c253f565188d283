package update

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"

	"github.com/tutor-run/tutor/engine/goldentest"
)

// golden is one testdata/*.txtar case: a post, what its steps printed
// ("out N" or "out N exit=K", N counting steps from 1), and either the
// rewritten post with its changes or the error.
type golden struct {
	ar   *txtar.Archive
	post []byte
	outs map[int]printed
}

func loadGolden(t *testing.T, file string) golden {
	t.Helper()
	ar, err := txtar.ParseFile(file)
	if err != nil {
		t.Fatal(err)
	}
	return newGolden(t, file, ar)
}

// newGolden reads the case of the archive ar of file.
func newGolden(t *testing.T, file string, ar *txtar.Archive) golden {
	t.Helper()
	g := golden{ar: ar, outs: map[int]printed{}}
	for _, f := range ar.Files {
		if f.Name == "post.md" {
			g.post = f.Data
		}
		if step, exit, ok := parseOut(f.Name); ok {
			g.outs[step] = printed{output: string(f.Data), exit: exit}
		}
	}
	if g.post == nil {
		t.Fatalf("%s has no post.md", file)
	}
	return g
}

// TestGolden rewrites each post of testdata/*.txtar with its synthetic run
// and compares the result with want.md and changes (or error), then checks
// the invariants and that a second rewrite changes nothing.
func TestGolden(t *testing.T) {
	goldentest.Run(t, "testdata/*.txtar", func(t *testing.T, file string, ar *txtar.Archive) {
		g := newGolden(t, file, ar)
		tu := read(t, g.post)
		out, changes, err := Rewrite(g.post, tu, runOf(tu, g.outs), opts)
		got := map[string]string{}
		if err != nil {
			got["error"] = err.Error() + "\n"
		} else {
			got["want.md"] = string(out)
			got["changes"] = describe(changes)
		}
		if goldentest.Update() {
			dropStaleResults(ar, got)
		}
		goldentest.Check(t, file, ar, got)
		if err != nil {
			return
		}
		if strings.Contains(string(out), secret) {
			t.Errorf("the rewritten post holds the secret")
		}
		checkInvariants(t, g.post, out, changes, g.outs)
		checkIdempotent(t, out, g.outs)
	})
}

// dropStaleResults removes from ar the result sections (want.md and
// changes, or error) that got does not have, so that -update does not
// leave an error case's want.md behind, or the other way round.
func dropStaleResults(ar *txtar.Archive, got map[string]string) {
	ar.Files = slices.DeleteFunc(ar.Files, func(f txtar.File) bool {
		_, ok := got[f.Name]
		return !ok && (f.Name == "want.md" || f.Name == "changes" || f.Name == "error")
	})
}

// TestGoldenCRLF runs the golden cases on the same posts with CRLF line
// endings: the rewritten post must be the LF one with CRLF endings.
func TestGoldenCRLF(t *testing.T) {
	goldentest.Run(t, "testdata/*.txtar", func(t *testing.T, file string, ar *txtar.Archive) {
		g := newGolden(t, file, ar)
		var want []byte
		for _, f := range g.ar.Files {
			if f.Name == "want.md" {
				want = crlf(f.Data)
			}
		}
		if want == nil {
			t.Skip("an error case")
		}
		post := crlf(g.post)
		tu := read(t, post)
		out, changes, err := Rewrite(post, tu, runOf(tu, g.outs), opts)
		if err != nil {
			t.Fatal(err)
		}
		if string(out) != string(want) {
			t.Errorf("CRLF rewrite differs:\n%s", Diff("post.md", want, out))
		}
		checkInvariants(t, post, out, changes, g.outs)
	})
}

func crlf(b []byte) []byte { return []byte(strings.ReplaceAll(string(b), "\n", "\r\n")) }

// describe lists changes one a line for the golden files.
func describe(changes []Change) string {
	var b strings.Builder
	for _, c := range changes {
		fmt.Fprintf(&b, "line %d: %q: %d line(s) -> %d\n", c.Line, c.Step.Command, lineCount(c.Old), lineCount(c.New))
	}
	return b.String()
}

// lineCount counts the lines of s, a last one without a newline included.
func lineCount(s string) int {
	n := strings.Count(s, "\n")
	if s != "" && !strings.HasSuffix(s, "\n") {
		n++
	}
	return n
}
