package report

import (
	"bytes"
	"flag"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tutor-run/tutor/engine/result"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// writeTerminal replays run on a non-live, colourless Terminal and
// prints the summary.
func writeTerminal(w io.Writer, run *result.Run) error {
	term := NewTerminal(w, TerminalOptions{Now: fixedClock})
	replay(term, run)
	term.Summary(run)
	term.Close()
	return nil
}

func TestGolden(t *testing.T) {
	tests := []struct {
		golden string
		write  func(io.Writer, *result.Run) error
	}{
		{"terminal.txt", writeTerminal},
		{"run.json", WriteJSON},
		{"run.junit.xml", WriteJUnit},
		{"run.md", WriteMarkdown},
	}
	for _, tt := range tests {
		t.Run(tt.golden, func(t *testing.T) {
			var buf bytes.Buffer
			if err := tt.write(&buf, fixtureRun()); err != nil {
				t.Fatal(err)
			}
			checkGolden(t, filepath.Join("testdata", tt.golden), buf.Bytes())
			if bytes.Contains(buf.Bytes(), []byte("\x1b")) {
				t.Errorf("%s holds an escape sequence", tt.golden)
			}
		})
	}
}

// checkGolden compares got with the golden file at path, or rewrites the
// file under -update.
func checkGolden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if bytes.Equal(got, want) {
		return
	}
	gotLines, wantLines := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
	for i := range max(len(gotLines), len(wantLines)) {
		g, w := lineAt(gotLines, i), lineAt(wantLines, i)
		if g != w {
			t.Errorf("%s: line %d differs (run go test -update to accept):\n got: %q\nwant: %q", path, i+1, g, w)
			return
		}
	}
}

func lineAt(lines []string, i int) string {
	if i < len(lines) {
		return lines[i]
	}
	return "<end of file>"
}
