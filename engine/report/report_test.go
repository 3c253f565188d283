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
			got := checkGolden(t, tt.golden, func(w io.Writer) error { return tt.write(w, fixtureRun()) })
			if bytes.Contains(got, []byte("\x1b")) {
				t.Errorf("%s holds an escape sequence", tt.golden)
			}
		})
	}
}

// checkGolden writes with write, failing t on its error, and compares
// what it wrote with testdata/golden, or rewrites that file under
// -update. It returns what write wrote.
func checkGolden(t *testing.T, golden string, write func(io.Writer) error) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := write(&buf); err != nil {
		t.Fatal(err)
	}
	compareGolden(t, filepath.Join("testdata", golden), buf.Bytes())
	return buf.Bytes()
}

// compareGolden compares got with the golden file at path, or rewrites
// the file under -update.
func compareGolden(t *testing.T, path string, got []byte) {
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
