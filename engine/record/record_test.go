package record

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestWriteThenLoad(t *testing.T) {
	dir := t.TempDir()
	now := time.Date(2026, 11, 25, 21, 0, 0, 0, time.UTC)
	w, err := Create(dir, "post.md", now)
	if err != nil {
		t.Fatal(err)
	}
	steps := []Entry{
		{Key: Key("nodes", 1), Line: 12, Kind: "shell", Command: "k get no", Exit: 0, DurationMS: 812, Output: "NAME STATUS\nn1 Ready\n"},
		{Key: Key("flows", 1), Line: 40, Kind: "shell", Command: "hubble observe --from-pod default/testpod", Output: "x\n", Flows: []byte(`{"flow":{}}` + "\n")},
		{Key: Key("quiet", 1), Line: 50, Kind: "shell", Command: "true"},
	}
	for _, e := range steps {
		if err := w.Add(e); err != nil {
			t.Fatal(err)
		}
	}
	// A retried step replaces its entry.
	retry := steps[0]
	retry.Output, retry.Exit = "NAME STATUS\nn1 NotReady\n", 1
	if err := w.Add(retry); err != nil {
		t.Fatal(err)
	}
	rec, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := len(rec.Steps), 3; got != want {
		t.Fatalf("%d steps, want %d", got, want)
	}
	e, ok := rec.Lookup("nodes#1")
	if !ok || e.Output != retry.Output || e.Exit != 1 || e.Duration() != 812*time.Millisecond {
		t.Errorf("nodes#1 = %+v", e)
	}
	if f, _ := rec.Lookup("flows#1"); string(f.Flows) != `{"flow":{}}`+"\n" || f.FlowsFile != "002-hubble-observe-from-pod.flows.jsonl" {
		t.Errorf("flows#1 = %+v", f)
	}
	if q, _ := rec.Lookup("quiet#1"); q.OutputFile != "" {
		t.Errorf("a step without output got a file: %+v", q)
	}
	if !rec.Recorded.Equal(now) || rec.Tutorial != "post.md" {
		t.Errorf("header = %v %q", rec.Recorded, rec.Tutorial)
	}
	// Recording again replaces the old files.
	if _, err := Create(dir, "post.md", now); err != nil {
		t.Fatal(err)
	}
	left, _ := filepath.Glob(filepath.Join(dir, "*.txt"))
	if len(left) != 0 {
		t.Errorf("old outputs left: %v", left)
	}
}

func TestLoadRejects(t *testing.T) {
	for name, index := range map[string]string{
		"not json":     "{",
		"wrong format": `{"version": 9, "steps": []}`,
		"no key":       `{"version": 1, "steps": [{"line": 1}]}`,
		"twice":        `{"version": 1, "steps": [{"key": "a#1"}, {"key": "a#1"}]}`,
		"escape":       `{"version": 1, "steps": [{"key": "a#1", "output": "../../etc/passwd"}]}`,
		"missing file": `{"version": 1, "steps": [{"key": "a#1", "output": "001-x.out"}]}`,
	} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			if err := os.WriteFile(filepath.Join(dir, IndexFile), []byte(index), 0o644); err != nil {
				t.Fatal(err)
			}
			_, err := Load(dir)
			var fe *FormatError
			if !errors.As(err, &fe) {
				t.Fatalf("err = %v, want a *FormatError", err)
			}
		})
	}
	_, err := Load(t.TempDir())
	if err == nil || !strings.Contains(err.Error(), "not a recording") {
		t.Errorf("empty dir: %v", err)
	}
}
