package cli

import (
	"context"
	"strings"
	"testing"
)

// TestLintFlags: every file named lands in the options.
func TestLintFlags(t *testing.T) {
	checkFlags(t, NewCmdLint, func(o *LintOptions) *IOStreams { return &o.IO }, []flagCase[LintOptions]{
		{name: "files", args: []string{"lint", "a.md", "b.md"}, want: LintOptions{Files: []string{"a.md", "b.md"}}},
	})
}

// TestLintUsage: wrong usage is exit 2 and lints nothing.
func TestLintUsage(t *testing.T) {
	checkUsage(t, NewCmdLint, []usageCase{
		{args: []string{"lint"}, stderr: "requires at least 1 arg(s), only received 0"},
		{args: []string{"lint", "--json", "post.md"}, stderr: "unknown flag: --json"},
	})
}

// TestLintWork lints small posts with the command's own work: errors
// exit 2, warnings 1, and lint reports on stdout.
func TestLintWork(t *testing.T) {
	posts := map[string]string{
		"clean.md":   "# Greet\n\n```console\n$ echo hello\nhello\n```\n",
		"warning.md": "# Greet\n\n```console\n$ echo <your-name>\n```\n",
		"broken.md":  "# Broken\n\n```console\n$ echo\n",
	}
	for _, tc := range []struct {
		files  []string
		code   int
		stdout string // in stdout
	}{
		{files: []string{"clean.md"}, code: 0},
		{files: []string{"clean.md", "warning.md"}, code: 1, stdout: "warning.md:4: warning: placeholder <your-name>"},
		{files: []string{"warning.md", "broken.md"}, code: 2, stdout: "broken.md:3: code fence opened here is never closed"},
		{files: []string{"missing.md"}, code: 2},
	} {
		t.Run(strings.Join(tc.files, " "), func(t *testing.T) {
			inTempDir(t, posts)
			streams, out, errOut := testStreams("")
			code := Execute(context.Background(), streams, append([]string{"lint"}, tc.files...))
			if code != tc.code {
				t.Errorf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", code, tc.code, out, errOut)
			}
			if !strings.Contains(out.String(), tc.stdout) {
				t.Errorf("stdout does not contain %q:\n%s", tc.stdout, out)
			}
		})
	}
}
