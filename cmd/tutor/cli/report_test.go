package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tutor-run/tutor/engine/model"
	"github.com/tutor-run/tutor/engine/report"
	"github.com/tutor-run/tutor/engine/result"
)

// TestReportMergeFlags checks that each flag of `tutor report merge`
// lands in its options, and the defaults.
func TestReportMergeFlags(t *testing.T) {
	checkFlags(t, NewCmdReport, func(o *ReportMergeOptions) *IOStreams { return &o.IO }, []flagCase[ReportMergeOptions]{
		{name: "defaults", args: []string{"report", "merge", "a.json"},
			want: ReportMergeOptions{Inputs: []string{"a.json"}, Out: "tutor-report"}},
		{name: "many inputs", args: []string{"report", "merge", "shard-1", "shard-2/report.json"},
			want: ReportMergeOptions{Inputs: []string{"shard-1", "shard-2/report.json"}, Out: "tutor-report"}},
		{name: "every flag", args: []string{"report", "merge", "--out", "combined", "--link-base", "https://github.com/o/r/blob/abc/",
			"--markdown", "summary.md", "reports"},
			want: ReportMergeOptions{Inputs: []string{"reports"}, Out: "combined", LinkBase: "https://github.com/o/r/blob/abc/", Markdown: "summary.md"}},
		{name: "short out", args: []string{"report", "merge", "-o", "x", "a.json"},
			want: ReportMergeOptions{Inputs: []string{"a.json"}, Out: "x"}},
	})
}

// TestReportMergeUsage: wrong usage is exit 2 and merges nothing.
func TestReportMergeUsage(t *testing.T) {
	checkUsage(t, NewCmdReport, []usageCase{
		{args: []string{"report", "merge"}, stderr: "tutor report merge: want at least one report file or directory"},
		{args: []string{"report", "merge", "--out", "", "a.json"}, stderr: "--out: want a directory"},
		{args: []string{"report", "merge", "--shard", "1/2", "a.json"}, stderr: "unknown flag: --shard"},
	})
}

// reportRun is a run of file whose one step ended with status, started
// at minute minute.
func reportRun(file string, status result.Status, minute int) *result.Run {
	step := &model.Step{Kind: model.KindShell, Pos: model.Pos{File: file, Line: 3}, Command: "echo hi"}
	sec := &model.Section{ID: "s", Title: "S", Pos: model.Pos{File: file, Line: 1}, Steps: []*model.Step{step}}
	st := &result.Step{Step: step, Status: status, Attempts: 1, Output: "hi\n"}
	if status != result.Passed {
		kind := result.ClaimBroken
		if status == result.Errored {
			kind = result.EnvironmentFailed
		}
		st.Failure = &result.Failure{Kind: kind, Message: "it went " + string(status), Diff: "-hi\n+ho\n"}
	}
	return &result.Run{
		Tutorial: &model.Tutorial{File: file, Sections: []*model.Section{sec}},
		Started:  time.Date(2024, 5, 1, 10, minute, 0, 0, time.UTC),
		Sections: []*result.Section{{Section: sec, Status: status, Steps: []*result.Step{st}}},
	}
}

// writeReport writes run's JSON report to path, making its directory.
func writeReport(t *testing.T, path string, run *result.Run) {
	t.Helper()
	var b bytes.Buffer
	if err := report.WriteJSON(&b, run); err != nil {
		t.Fatal(err)
	}
	writeTestFile(t, path, b.String())
}

func writeTestFile(t *testing.T, path, data string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestReportMergeWork merges reports with the command's own work and
// checks the exit status, what it says and what it writes.
func TestReportMergeWork(t *testing.T) {
	malformed := &result.Run{Tutorial: &model.Tutorial{File: "c.md"}, Started: time.Date(2024, 5, 1, 10, 0, 0, 0, time.UTC),
		Failed: &result.PostFailure{Message: "c.md:3: unknown directive", Status: result.ExitUsage}}
	for _, tc := range []struct {
		name   string
		files  map[string]*result.Run // report files to write
		raw    map[string]string      // other files to write
		args   []string
		code   int
		stdout string // in stdout
		stderr string // in stderr, exactly
		out    bool   // the reports were written
	}{
		{name: "all passed", files: map[string]*result.Run{"r/a.json": reportRun("a.md", result.Passed, 0), "r/b.json": reportRun("b.md", result.Passed, 0)},
			args: []string{"r"}, code: 0, stdout: "merged 2 reports into out: 2 posts: 2 passed (exit 0)\n", out: true},
		{name: "a claim broke", files: map[string]*result.Run{"a.json": reportRun("a.md", result.Passed, 0), "b.json": reportRun("b.md", result.Failed, 0)},
			args: []string{"a.json", "b.json"}, code: 1, stdout: "2 posts: 1 passed, 1 failed (exit 1)", out: true},
		{name: "malformed wins over a broken claim", files: map[string]*result.Run{"s1/a.json": reportRun("a.md", result.Failed, 0), "s2/deep/c.json": malformed},
			args: []string{"s1", "s2"}, code: 2, stdout: "1 failed, 1 malformed (exit 2)", out: true},
		{name: "environment wins", files: map[string]*result.Run{"a.json": reportRun("a.md", result.Errored, 0), "c.json": malformed},
			args: []string{"a.json", "c.json"}, code: 3, stdout: "(exit 3)", out: true},
		{name: "a rerun replaces the first run", files: map[string]*result.Run{"s1/a.json": reportRun("a.md", result.Failed, 0), "s1-rerun/a.json": reportRun("a.md", result.Passed, 5)},
			args: []string{"s1-rerun", "s1"}, code: 0, stdout: "merged 2 reports into out: 1 post: 1 passed (exit 0)", out: true,
			stderr: "tutor: a.md is reported twice: kept the run started 2024-05-01T10:05:00Z (s1-rerun/a.json), dropped the one started 2024-05-01T10:00:00Z (s1/a.json)\n"},
		{name: "a file given twice is read once", files: map[string]*result.Run{"r/a.json": reportRun("a.md", result.Passed, 0)},
			args: []string{"r", "r/a.json"}, code: 0, stdout: "merged 1 report into out: 1 post: 1 passed", out: true},
		{name: "an earlier merge in the directory is skipped", files: map[string]*result.Run{"a.json": reportRun("a.md", result.Passed, 0), "out/report.json": reportRun("z.md", result.Failed, 0)},
			args: []string{"."}, code: 0, stdout: "merged 1 report into out: 1 post: 1 passed", out: true},
		{name: "not a report", files: map[string]*result.Run{"a.json": reportRun("a.md", result.Passed, 0)}, raw: map[string]string{"package.json": `{"name": "x"}`, "bad.json": "{"},
			args: []string{"a.json", "package.json", "bad.json"}, code: 2,
			stderr: "tutor: package.json: not a tutor report: no \"sections\" (one run) or \"runs\" (combined)\n" +
				"tutor: bad.json: not JSON: it ends early (cut short?)\n" +
				"tutor: 2 of 3 file(s) are not tutor reports; nothing was written\n"},
		{name: "no such file", args: []string{"missing.json"}, code: 2, stderr: "tutor: stat missing.json: no such file or directory\n"},
		{name: "empty directory", raw: map[string]string{"empty/notes.txt": "x"}, args: []string{"empty"}, code: 2,
			stderr: "tutor: empty: no *.json reports in it\n"},
		{name: "output not writable", files: map[string]*result.Run{"a.json": reportRun("a.md", result.Passed, 0)}, raw: map[string]string{"blocker": "x"},
			args: []string{"--out", "blocker/out", "a.json"}, code: 3, stderr: "tutor: mkdir blocker: not a directory\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Chdir(t.TempDir())
			for path, run := range tc.files {
				writeReport(t, path, run)
			}
			for path, data := range tc.raw {
				writeTestFile(t, path, data)
			}
			streams, out, errOut := testStreams("")
			args := append([]string{"report", "merge", "--out", "out"}, tc.args...)
			code := Execute(context.Background(), streams, args)
			if code != tc.code {
				t.Errorf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", code, tc.code, out, errOut)
			}
			if !strings.Contains(out.String(), tc.stdout) {
				t.Errorf("stdout %q does not contain %q", out, tc.stdout)
			}
			if errOut.String() != tc.stderr {
				t.Errorf("stderr %q, want %q", errOut, tc.stderr)
			}
			_, err := os.Stat(filepath.Join("out", "junit.xml"))
			if written := err == nil; written != tc.out {
				t.Errorf("reports written: %v, want %v", written, tc.out)
			}
		})
	}
}

// TestReportMergeMarkdown: --markdown appends the summary, so the job
// summary keeps what earlier steps wrote.
func TestReportMergeMarkdown(t *testing.T) {
	t.Chdir(t.TempDir())
	writeReport(t, "a.json", reportRun("docs/a.md", result.Failed, 0))
	writeTestFile(t, "summary.md", "earlier step\n")
	streams, out, errOut := testStreams("")
	code := Execute(context.Background(), streams, []string{"report", "merge", "--markdown", "summary.md", "--link-base", "https://x.test/blob/sha/", "a.json"})
	if code != 1 {
		t.Fatalf("exit %d\n%s%s", code, out, errOut)
	}
	got, _ := os.ReadFile("summary.md")
	md := string(got)
	if !strings.HasPrefix(md, "earlier step\n## ❌ tutor: a claim broke") {
		t.Errorf("summary does not append:\n%s", md)
	}
	if !strings.Contains(md, "(https://x.test/blob/sha/docs/a.md#L3)") {
		t.Errorf("summary does not link the line:\n%s", md)
	}
	written, _ := os.ReadFile(filepath.Join(defaultReportDir, report.SuiteMarkdownFile))
	if !strings.HasSuffix(md, string(written)) {
		t.Error("the appended summary is not the one in the report directory")
	}
}
