package ci

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// The run step turns the inputs into tutor's argument words: flags first,
// then the extra args as shell words, then the paths unexpanded.
func TestRunArguments(t *testing.T) {
	tests := []struct {
		name   string
		inputs map[string]string
		want   string
	}{{
		name:   "defaults",
		inputs: map[string]string{"paths": "docs/"},
		want:   "tutor | run | --report-dir | tutor-report | -- | docs/",
	}, {
		name: "every input",
		inputs: map[string]string{
			"paths":         "docs/a.md\n  docs/b.md\tdocs/*/*.md\n",
			"args":          `--keep-going -j 4 --link-base "https://example.com/run 1/" -q`,
			"sandbox":       "true",
			"shard":         "2/4",
			"changed-since": "origin/main",
			"report-dir":    "out/report dir",
		},
		want: "tutor | run | --report-dir | out/report dir | --sandbox | --shard | 2/4 | --changed-since | origin/main | " +
			"--keep-going | -j | 4 | --link-base | https://example.com/run 1/ | -q | -- | docs/a.md | docs/b.md | docs/*/*.md",
	}, {
		name:   "quotes and backslashes in args",
		inputs: map[string]string{"paths": "docs", "args": `--timings 'a b.json' --x "it's" c\ d ""`},
		want:   "tutor | run | --report-dir | tutor-report | --timings | a b.json | --x | it's | c d |  | -- | docs",
	}, {
		name:   "blank args",
		inputs: map[string]string{"paths": "docs", "args": " \n\t"},
		want:   "tutor | run | --report-dir | tutor-report | -- | docs",
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := installed(t, tt.inputs)
			r.run("run").mustSucceed(t, "run")
			if got := r.calls(); len(got) != 1 || got[0] != tt.want {
				t.Errorf("calls:\n%q\nwant:\n%q", got, tt.want)
			}
		})
	}
}

// Inputs are data: command substitutions, variables and globs in them
// reach tutor as written, and nothing runs.
func TestRunInjection(t *testing.T) {
	inputs := map[string]string{
		"paths":         "$(touch pwned-paths) `touch pwned-tick` $HOME *",
		"args":          `$(touch pwned-args) ; touch pwned-semi && "$(touch pwned-quoted)"`,
		"changed-since": "main; touch pwned-ref",
		"report-dir":    "$(touch pwned-dir)",
	}
	r := installed(t, inputs)
	if err := os.WriteFile(filepath.Join(r.workspace, "decoy.md"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	r.run("run").mustSucceed(t, "run")
	want := "tutor | run | --report-dir | $(touch pwned-dir) | --changed-since | main; touch pwned-ref | " +
		"$(touch | pwned-args) | ; | touch | pwned-semi | && | $(touch pwned-quoted) | -- | " +
		"$(touch | pwned-paths) | `touch | pwned-tick` | $HOME | *"
	if got := r.calls(); len(got) != 1 || got[0] != want {
		t.Errorf("calls:\n%q\nwant:\n%q", got, want)
	}
	entries, err := os.ReadDir(r.workspace)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), "pwned") {
			t.Errorf("an input ran a command: %s exists", e.Name())
		}
	}
}

func TestRunRejects(t *testing.T) {
	tests := []struct {
		name   string
		inputs map[string]string
		want   string
	}{
		{"blank paths", map[string]string{"paths": " \n "}, "::error::input paths is empty"},
		{"unclosed quote", map[string]string{"paths": "docs", "args": `--link-base "https://x`}, "::error::input args does not split into words"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := installed(t, tt.inputs)
			res := r.run("run")
			if res.exitCode() != 1 || !strings.Contains(res.log, tt.want) {
				t.Errorf("got %v\nwant exit 1 and %s", res, tt.want)
			}
			if calls := r.calls(); len(calls) != 0 {
				t.Errorf("tutor ran: %q", calls)
			}
		})
	}
}

// tutor's status survives the summary and the upload: the run step
// succeeds and records it, the summary is written whatever it is, and the
// last step fails with it.
func TestRunKeepsStatus(t *testing.T) {
	tests := []struct {
		exit, why string
	}{
		{"0", ""},
		{"1", "a claim broke"},
		{"2", "a post is malformed"},
		{"3", "the environment failed"},
		{"130", "see the log"},
	}
	for _, tt := range tests {
		t.Run("exit "+tt.exit, func(t *testing.T) {
			r := installed(t, map[string]string{"paths": "docs"})
			r.env["FAKE_EXIT"] = tt.exit
			res := r.run("run").mustSucceed(t, "run")
			if got := res.outputs["exit-code"]; got != tt.exit {
				t.Errorf("exit-code output %q, want %q", got, tt.exit)
			}
			if got := res.outputs["report-dir"]; got != "tutor-report" {
				t.Errorf("report-dir output %q, want tutor-report", got)
			}
			r.run("summary").mustSucceed(t, "summary")
			if want := "## tutor: fake summary, exit " + tt.exit + "\n"; r.summary != want {
				t.Errorf("job summary %q, want %q", r.summary, want)
			}
			status := r.run("status")
			if got := status.exitCode(); tt.exit == "0" && got != 0 || tt.exit != "0" && status.err == nil {
				t.Errorf("status step: %v\nwant it to fail with %s", status, tt.exit)
			}
			if tt.exit != "0" {
				if got, want := status.exitCode(), tt.exit; strconv.Itoa(got) != want {
					t.Errorf("status step exit %d, want %s", got, want)
				}
				if want := "::error::tutor run exited " + tt.exit + ": " + tt.why; !strings.Contains(status.log, want) {
					t.Errorf("status step log %q, want %q", status.log, want)
				}
			}
		})
	}
}

func TestSummary(t *testing.T) {
	t.Run("no summary.md", func(t *testing.T) {
		r := installed(t, map[string]string{"paths": "docs"})
		r.outputs["run"] = map[string]string{"exit-code": "3", "report-dir": "nowhere"}
		r.run("summary").mustSucceed(t, "summary")
		if want := "tutor exited 3 and wrote no nowhere/summary.md.\n"; r.summary != want {
			t.Errorf("job summary %q, want %q", r.summary, want)
		}
	})
	t.Run("over GitHub's limit", func(t *testing.T) {
		r := installed(t, map[string]string{"paths": "docs"})
		dir := filepath.Join(r.workspace, "big")
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "summary.md"), []byte(strings.Repeat("x", 2<<20)), 0o644); err != nil {
			t.Fatal(err)
		}
		r.outputs["run"] = map[string]string{"exit-code": "1", "report-dir": "big"}
		r.run("summary").mustSucceed(t, "summary")
		if len(r.summary) > 1<<20 || !strings.HasSuffix(r.summary, "(cut at 1024000 bytes: the whole report is in the artifact)\n") {
			t.Errorf("job summary of %d bytes ending %q: want it cut under 1 MiB, with a note", len(r.summary), r.summary[len(r.summary)-80:])
		}
	})
}
