package cli

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tutor-run/tutor/engine/session"
)

// TestPlanFlags checks that each flag of `tutor plan` lands in its
// options, and the defaults.
func TestPlanFlags(t *testing.T) {
	checkFlags(t, NewCmdPlan, func(o *PlanOptions) *IOStreams { return &o.IO }, []flagCase[PlanOptions]{
		{name: "defaults", args: []string{"plan", "post.md"}, want: PlanOptions{File: "post.md"}},
		{name: "json", args: []string{"plan", "--json", "post.md"}, want: PlanOptions{File: "post.md", JSON: true}},
		{name: "choices", args: []string{"plan", "post.md", "--var", "a=b", "--tab", "Bash", "--watch-window", "1m"},
			want: PlanOptions{File: "post.md", Choices: session.Choices{Vars: []string{"a=b"}, Tab: "Bash", Window: time.Minute}}},
		{name: "matrix", args: []string{"plan", "--matrix", "3", "docs", "extra/post.md", "docs/**/*.md"},
			want: PlanOptions{Matrix: 3, Paths: []string{"docs", "extra/post.md", "docs/**/*.md"}}},
		{name: "matrix of one path", args: []string{"plan", "--matrix=1", "post.md"},
			want: PlanOptions{Matrix: 1, Paths: []string{"post.md"}}},
		{name: "matrix with timings and changes", args: []string{"plan", "--matrix", "2", "--timings", "a.json", "--timings=b.json", "--changed-since", "origin/main", "docs"},
			want: PlanOptions{Matrix: 2, Paths: []string{"docs"}, Timings: []string{"a.json", "b.json"}, ChangedSince: "origin/main"}},
	})
}

// TestPlanUsage: wrong usage is exit 2 and plans nothing.
func TestPlanUsage(t *testing.T) {
	checkUsage(t, NewCmdPlan, []usageCase{
		{args: []string{"plan"}, stderr: "tutor plan: want one tutorial file, got 0 arguments"},
		{args: []string{"plan", "a.md", "b.md"}, stderr: "tutor plan: want one tutorial file, got 2 arguments"},
		{args: []string{"plan", "--json=maybe", "post.md"}, stderr: `invalid argument "maybe" for "--json"`},
		{args: []string{"plan", "--matrix", "2"}, stderr: "tutor plan --matrix: want one or more PATHs (files, directories or globs)"},
		{args: []string{"plan", "--matrix", "0", "docs"}, stderr: "tutor: --matrix 0: want 1 shard or more"},
		{args: []string{"plan", "--matrix", "-1", "docs"}, stderr: "tutor: --matrix -1: want 1 shard or more"},
		{args: []string{"plan", "--matrix", "257", "docs"}, stderr: "tutor: --matrix 257: GitHub Actions runs at most 256 jobs of a matrix"},
		{args: []string{"plan", "--matrix", "two", "docs"}, stderr: `invalid argument "two" for "--matrix"`},
		{args: []string{"plan", "--timings", "r.json", "post.md"}, stderr: "tutor: --timings goes with --matrix"},
		{args: []string{"plan", "--changed-since", "main", "post.md"}, stderr: "tutor: --changed-since goes with --matrix"},
		{args: []string{"plan", "--matrix", "2", "--json", "docs"}, stderr: "tutor: --json plans one post; it does not go with --matrix"},
		{args: []string{"plan", "--matrix", "2", "--tab", "Bash", "docs"}, stderr: "tutor: --tab plans one post; it does not go with --matrix"},
		{args: []string{"plan", "--matrix", "2", "--var", "a=b", "docs"}, stderr: "tutor: --var plans one post; it does not go with --matrix"},
	})
}

// TestPlanWork plans small posts with the command's own work.
func TestPlanWork(t *testing.T) {
	const post = "# Greet\n\n```console\n$ echo hello\nhello\n```\n"
	checkWork(t, "plan", []workCase{
		{name: "plan", post: post, code: 0, stdout: "echo hello"},
		{name: "json", post: post, args: []string{"--json"}, code: 0, stdout: `"command": "echo hello"`},
		{name: "malformed", post: "# Broken\n\n```console\n$ echo\n", code: 2, stderr: "post.md:3: code fence opened here is never closed"},
		{name: "malformed json", post: "# Broken\n\n```console\n$ echo\n", args: []string{"--json"}, code: 2, stdout: "never closed"},
		{name: "unknown tab", post: post, args: []string{"--tab", "Fish"}, code: 2, stderr: "tutor: "},
		{name: "bad var", post: post, args: []string{"--var", "novalue"}, code: 2, stderr: "tutor: --var \"novalue\": want NAME=VALUE\n"},
	})
}

// TestPlanMatrixWork splits a small folder of posts with the command's
// own work, outside a git work tree.
func TestPlanMatrixWork(t *testing.T) {
	const post = "# Greet\n\n```console\n$ echo hello\nhello\n```\n"
	dir := t.TempDir()
	t.Setenv("GIT_CEILING_DIRECTORIES", filepath.Dir(dir))
	t.Setenv("GIT_CONFIG_GLOBAL", os.DevNull)
	files := map[string]string{
		"docs/a.md":      post,
		"docs/b.md":      post + "```console\n$ echo more\nmore\n```\n",
		"docs/apply.md":  post + "```bash\nkubectl apply -f web.yaml\n```\n",
		"docs/wip.md":    "---\ntutor: {skip: not finished}\n---\n" + post,
		"docs/broken.md": "# Broken\n\n```console\n$ echo\n",
		"timings.json":   `{"tutorial": {"file": "docs/a.md"}, "started": "2026-01-02T03:04:05Z", "durationMs": 60000, "exitCode": 0, "sections": []}`,
		"timings-list.json": `{"version": 1, "exitCode": 130, "runs": [{"tutorial": {"file": "docs/b.md"}, "durationMs": 120000, "exitCode": 0, "sections": []},
			{"tutorial": {"file": "docs/apply.md"}, "durationMs": 500, "exitCode": 130, "interrupted": true, "sections": []}]}`,
		"bad.json":       `{"tutorial": `,
		"notreport.json": `{"hello": 1}`,
	}
	for name, content := range files {
		if err := os.MkdirAll(filepath.Join(dir, filepath.Dir(name)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	t.Chdir(dir)
	for _, tc := range []struct {
		name   string
		args   []string
		code   int
		stdout string // exactly
		stderr string // in stderr
	}{
		{name: "estimated", args: []string{"--matrix", "2", "docs"}, code: 0,
			// apply.md 9s and b.md 9s (a tie: by name), a.md 7s, broken.md 5s.
			stdout: `{"include":[{"shard":"1/2","index":1,"total":2,"posts":["docs/a.md","docs/apply.md"],"weightMs":16000,"needs":["cluster"]},` +
				`{"shard":"2/2","index":2,"total":2,"posts":["docs/b.md","docs/broken.md"],"weightMs":14000,"needs":[]}]}` + "\n",
			stderr: "tutor: left out docs/wip.md: not finished\ntutor: docs/broken.md:3: code fence opened here is never closed"},
		{name: "timed", args: []string{"--matrix", "2", "--timings", "timings.json", "--timings", "timings-list.json", "docs"}, code: 0,
			// b.md 120s and a.md 60s measured; apply.md's one run was
			// interrupted, so it is estimated (9s), as broken.md (5s).
			stdout: `{"include":[{"shard":"1/2","index":1,"total":2,"posts":["docs/b.md"],"weightMs":120000,"needs":[]},` +
				`{"shard":"2/2","index":2,"total":2,"posts":["docs/a.md","docs/apply.md","docs/broken.md"],"weightMs":74000,"needs":["cluster"]}]}` + "\n"},
		{name: "one shard", args: []string{"--matrix", "1", "docs/a.md"}, code: 0,
			stdout: `{"include":[{"shard":"1/1","index":1,"total":1,"posts":["docs/a.md"],"weightMs":7000,"needs":[]}]}` + "\n"},
		{name: "no such path", args: []string{"--matrix", "2", "docs", "nowhere"}, code: 2, stderr: "tutor: nowhere: no such file\n"},
		{name: "glob matches nothing", args: []string{"--matrix", "2", "docs/**/*.rst"}, code: 2, stderr: "tutor: docs/**/*.rst: matches no post\n"},
		{name: "timings not found", args: []string{"--matrix", "2", "--timings", "none.json", "docs"}, code: 2, stderr: "tutor: --timings: open none.json: no such file or directory\n"},
		{name: "timings not JSON", args: []string{"--matrix", "2", "--timings", "bad.json", "docs"}, code: 2, stderr: "tutor: --timings bad.json: not JSON: it ends early"},
		{name: "timings not a report", args: []string{"--matrix", "2", "--timings", "notreport.json", "docs"}, code: 2, stderr: "tutor: --timings notreport.json: not a tutor report"},
		{name: "changed since, outside git", args: []string{"--matrix", "2", "--changed-since", "main", "docs"}, code: 2, stderr: "is not inside a git work tree"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			streams, out, errOut := testStreams("")
			code := Execute(context.Background(), streams, append([]string{"plan"}, tc.args...))
			if code != tc.code {
				t.Errorf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", code, tc.code, out, errOut)
			}
			if out.String() != tc.stdout {
				t.Errorf("stdout\n got %s\nwant %s", out, tc.stdout)
			}
			if !strings.Contains(errOut.String(), tc.stderr) {
				t.Errorf("stderr does not contain %q:\n%s", tc.stderr, errOut)
			}
		})
	}
}
