package report

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tutor-run/tutor/engine/result"
)

// roundTripRuns are the testdata runs ReadJSON must read back exactly.
func roundTripRuns() map[string]*result.Run {
	runs := map[string]*result.Run{"fixture": fixtureRun(), "html": htmlFixture(), "everything": everythingRun()}
	for _, run := range suiteFixture() {
		runs[run.Tutorial.File] = run
	}
	return runs
}

// TestReadJSONRoundTrip: a report read back and written again is the
// report it was read from, byte for byte, and the rebuilt run carries
// what the other writers need.
func TestReadJSONRoundTrip(t *testing.T) {
	for name, run := range roundTripRuns() {
		t.Run(name, func(t *testing.T) {
			var first bytes.Buffer
			if err := WriteJSON(&first, run); err != nil {
				t.Fatal(err)
			}
			runs, err := ReadJSON(bytes.NewReader(first.Bytes()))
			if err != nil {
				t.Fatal(err)
			}
			if len(runs) != 1 {
				t.Fatalf("%d runs, want 1", len(runs))
			}
			var again bytes.Buffer
			if err := WriteJSON(&again, runs[0]); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(first.Bytes(), again.Bytes()) {
				t.Errorf("written again, the report differs:\n%s", again.String())
			}
			got := runs[0]
			if got.Tutorial.File != run.Tutorial.File || got.Tutorial.Title != run.Tutorial.Title || len(got.Tutorial.Sections) != len(run.Sections) {
				t.Errorf("tutorial %q %q with %d sections, want %q %q with %d", got.Tutorial.File, got.Tutorial.Title,
					len(got.Tutorial.Sections), run.Tutorial.File, run.Tutorial.Title, len(run.Sections))
			}
			if got.ExitCode() != run.ExitCode() || !got.Started.Equal(run.Started) {
				t.Errorf("exit %d started %v, want %d %v", got.ExitCode(), got.Started, run.ExitCode(), run.Started)
			}
			for _, w := range []func(io.Writer, *result.Run) error{WriteJUnit, WriteMarkdown, WriteHTML} {
				if err := w(io.Discard, got); err != nil {
					t.Error(err)
				}
			}
		})
	}
}

// TestSuiteJSONRoundTrip: a combined report reads back to its runs, in
// its order, and writes again to itself.
func TestSuiteJSONRoundTrip(t *testing.T) {
	var first bytes.Buffer
	if err := WriteSuiteJSON(&first, suiteFixture()); err != nil {
		t.Fatal(err)
	}
	runs, err := ReadJSON(bytes.NewReader(first.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	var files []string
	for _, r := range runs {
		files = append(files, r.Tutorial.File)
	}
	if got, want := strings.Join(files, " "), "docs/a-greet.md docs/b-nodes.md docs/c-broken.md"; got != want {
		t.Errorf("runs %s, want %s", got, want)
	}
	var again bytes.Buffer
	if err := WriteSuiteJSON(&again, runs); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(first.Bytes(), again.Bytes()) {
		t.Errorf("written again, the combined report differs:\n%s", again.String())
	}
}

// TestReadJSONErrors: what is not a report this tutor reads is an error
// that says what is wrong and where.
func TestReadJSONErrors(t *testing.T) {
	valid := func(edit func(string) string) string {
		var b bytes.Buffer
		if err := WriteJSON(&b, suiteFixture()[0]); err != nil {
			t.Fatal(err)
		}
		return edit(b.String())
	}
	for _, tc := range []struct{ name, in, want string }{
		{"empty", " \n", "not JSON: the file is empty"},
		{"not json", "<testsuites/>", "not JSON: line 1 column 1: invalid character '<'"},
		{"truncated", `{"sections": [`, "not JSON: it ends early"},
		{"syntax on line 3", "{\n  \"sections\": [],\n  oops\n}", "not JSON: line 3 column 3"},
		{"array", `[1, 2]`, "not a tutor report: a JSON array, want an object"},
		{"string", `"report"`, "not a tutor report: a JSON string, want an object"},
		{"other object", `{"name": "package.json"}`, `not a tutor report: no "sections" (one run) or "runs" (combined)`},
		{"null", `null`, `not a tutor report: no "sections"`},
		{"newer version", `{"version": 2, "sections": []}`, "report version 2: this tutor reads version 1"},
		{"wrong type", valid(func(s string) string { return strings.Replace(s, `"exitCode": 1`, `"exitCode": "1"`, 1) }),
			`not a tutor report: "exitCode" is a JSON string, want an integer`},
		{"wrong nested type", valid(func(s string) string { return strings.Replace(s, `"attempts": 1`, `"attempts": true`, 1) }),
			`"sections.steps.attempts" is a JSON bool, want an integer`},
		{"no file", valid(func(s string) string { return strings.Replace(s, `"file": "docs/b-nodes.md"`, `"file": ""`, 1) }),
			`no "tutorial": {"file": ...}`},
		{"unknown status", valid(func(s string) string { return strings.Replace(s, `"status": "blocked"`, `"status": "sideways"`, 1) }),
			`sections[1]: unknown status "sideways"`},
		{"unknown step status", valid(func(s string) string {
			i := strings.LastIndex(s, `"status": "failed"`)
			return s[:i] + `"status": "weird"` + s[i+len(`"status": "failed"`):]
		}),
			`sections[0]: steps[0]: unknown status "weird"`},
		{"exit code lies", valid(func(s string) string { return strings.Replace(s, `"exitCode": 1`, `"exitCode": 0`, 1) }),
			"exitCode 0, but its steps call for 1"},
		{"failure exits 0", valid(func(s string) string {
			return strings.Replace(s, `"exitCode": 1,`, `"exitCode": 1, "failed": {"message": "x", "status": 0},`, 1)
		}), "failed.status 0: want the post's exit status, above 0"},
		{"duration overflows", valid(func(s string) string {
			return strings.Replace(s, `"durationMs": 2100`, `"durationMs": 9999999999999999`, 1)
		}),
			"durationMs 9999999999999999 is out of range"},
		{"suite without exit code", `{"runs": []}`, `combined report without "exitCode"`},
		{"suite exit code lies", `{"exitCode": 1, "runs": []}`, "exitCode 1, but its runs call for 0"},
		{"suite with null run", `{"exitCode": 0, "runs": [null]}`, "runs[0]: null"},
		{"suite with a bad run", `{"exitCode": 0, "runs": [{"tutorial": {"file": "a.md"}, "exitCode": 0, "sections": [{"status": "?"}]}]}`,
			`runs[0] (a.md): sections[0]: unknown status "?"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			runs, err := ReadJSON(strings.NewReader(tc.in))
			if err == nil {
				t.Fatalf("read %d runs, want an error", len(runs))
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q, want it to contain %q", err, tc.want)
			}
		})
	}
}

// TestReadJSONUnversioned: reports written before the version field are
// read as version 1.
func TestReadJSONUnversioned(t *testing.T) {
	var b bytes.Buffer
	if err := WriteJSON(&b, suiteFixture()[2]); err != nil {
		t.Fatal(err)
	}
	old := strings.Replace(b.String(), "  \"version\": 1,\n", "", 1)
	runs, err := ReadJSON(strings.NewReader(old))
	if err != nil || len(runs) != 1 || runs[0].Tutorial.File != "docs/a-greet.md" {
		t.Fatalf("ReadJSON = %d runs, %v", len(runs), err)
	}
}

// FuzzReadJSON: whatever the input, ReadJSON does not panic, and what it
// accepts every writer can write, and its JSON reads back to as many
// runs with the same exit status.
func FuzzReadJSON(f *testing.F) {
	for _, name := range []string{"run.json", "suite.json"} {
		data, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte(`{"exitCode": 0, "runs": []}`))
	f.Add([]byte(`{"tutorial": {"file": "a.md"}, "exitCode": 2, "failed": {"message": "m", "status": 2}, "sections": []}`))
	f.Add([]byte(`{"version": 1, "sections": null}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		runs, err := ReadJSON(bytes.NewReader(data))
		if err != nil {
			return
		}
		for _, run := range runs {
			for _, w := range []func(io.Writer, *result.Run) error{WriteJSON, WriteJUnit, WriteMarkdown, WriteHTML} {
				if err := w(io.Discard, run); err != nil {
					t.Fatalf("a run read back cannot be written: %v", err)
				}
			}
		}
		var b bytes.Buffer
		if err := WriteSuiteJSON(&b, runs); err != nil {
			t.Fatalf("the runs read cannot be written: %v", err)
		}
		again, err := ReadJSON(&b)
		if err != nil {
			t.Fatalf("written again, the runs do not read back: %v\n%s", err, b.String())
		}
		if len(again) != len(runs) || SuiteExitCode(again) != SuiteExitCode(runs) {
			t.Fatalf("read back %d runs exiting %d, want %d exiting %d", len(again), SuiteExitCode(again), len(runs), SuiteExitCode(runs))
		}
	})
}
