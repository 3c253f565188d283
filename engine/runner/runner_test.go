package runner

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/tutor-run/tutor/engine/model"
	"github.com/tutor-run/tutor/engine/reader"
	"github.com/tutor-run/tutor/engine/result"
)

func mustRead(t testing.TB, src string) *model.Tutorial {
	t.Helper()
	tu, err := reader.Read("t.md", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	return tu
}

func runPost(t *testing.T, src string, opts Options) *result.Run {
	t.Helper()
	if opts.Dir == "" {
		opts.Dir = t.TempDir()
	}
	res, err := Run(context.Background(), mustRead(t, src), opts)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func statuses(r *result.Run) string {
	var s []string
	for _, sec := range r.Sections {
		s = append(s, sec.Section.ID+"="+string(sec.Status))
	}
	return strings.Join(s, " ")
}

func TestSectionStatuses(t *testing.T) {
	const post = "# A\n\n```console\n$ echo a\na\n```\n\n# B\n\n```console\n$ echo b\nB\n$ echo after\n```\n\n" +
		"# C\n\n```console\n$ echo c\nc\n```\n\n# D\n\n<!-- tutor: skip-section not today -->\n\n```console\n$ echo d\n```\n\n" +
		"# E\n\nprose only\n\n# Z\n\n<!-- tutor: cleanup -->\n\n```console\n$ echo z\nz\n```\n"
	tests := []struct {
		name string
		opts Options
		want string
		exit int
	}{
		{"blocks after a failure", Options{}, "a=passed b=failed c=blocked d=skipped e=skipped z=passed", 1},
		{"keep going", Options{Selection: Selection{KeepGoing: true}}, "a=passed b=failed c=passed d=skipped e=skipped z=passed", 1},
		{"one section", Options{Selection: Selection{Sections: []string{"c"}}}, "a=skipped b=skipped c=passed d=skipped e=skipped z=passed", 0},
		{"from a section by title", Options{Selection: Selection{FromSection: "C"}}, "a=skipped b=skipped c=passed d=skipped e=skipped z=passed", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := runPost(t, post, tt.opts)
			if got := statuses(res); got != tt.want {
				t.Errorf("statuses\n got %s\nwant %s", got, tt.want)
			}
			if got := res.ExitCode(); got != tt.exit {
				t.Errorf("exit code = %d, want %d", got, tt.exit)
			}
		})
	}
}

func TestFailedStepBlocksRestOfSection(t *testing.T) {
	res := runPost(t, "# B\n\n```console\n$ echo b\nB\n$ touch after\n```\n", Options{})
	steps := res.Sections[0].Steps
	if got, want := steps[0].Status, result.Failed; got != want {
		t.Fatalf("first step %s, want %s", got, want)
	}
	if got, want := steps[1].Status, result.Blocked; got != want {
		t.Errorf("second step %s, want %s", got, want)
	}
	if f := steps[0].Failure; f == nil || !strings.Contains(f.Diff, "-B") || !strings.Contains(f.Diff, "+b") {
		t.Errorf("failure should carry a diff, got %+v", f)
	}
}

func TestEventuallyRetriesUntilItHolds(t *testing.T) {
	post := "# E\n\n```console\n$ (sleep 0.3; touch flag) &\n```\n\n<!-- tutor: eventually 5s every 50ms -->\n```console\n$ test -f flag && echo yes\nyes\n```\n"
	res := runPost(t, post, Options{})
	st := res.Sections[0].Steps[1]
	if st.Status != result.Passed {
		t.Fatalf("status %s: %+v", st.Status, st.Failure)
	}
	if st.Attempts < 2 {
		t.Errorf("attempts = %d, want several", st.Attempts)
	}
}

func TestEventuallyGivesUp(t *testing.T) {
	post := "# E\n\n<!-- tutor: eventually 300ms every 50ms -->\n```console\n$ echo no\nyes\n```\n"
	start := time.Now()
	res := runPost(t, post, Options{})
	st := res.Sections[0].Steps[0]
	if st.Status != result.Failed || !strings.Contains(st.Failure.Message, "still failing after") {
		t.Fatalf("status %s, failure %+v", st.Status, st.Failure)
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("took %s, want about 300ms", d)
	}
}

func TestClaims(t *testing.T) {
	tests := []struct {
		name, block string
		want        result.Status
		msg         string
	}{
		{"exit claimed", "<!-- tutor: expect exit 3 -->\n```console\n$ exit 3\n```", result.Passed, ""},
		{"exit not claimed", "```console\n$ false\n```", result.Failed, "exit status 1"},
		{"contains", "<!-- tutor: expect contains \"ell\" -->\n```console\n$ echo hello\n```", result.Passed, ""},
		{"regex replaces pasted output", "<!-- tutor: expect regex \"^pid [0-9]+$\" -->\n```console\n$ echo pid $$\npid 1\n```", result.Passed, ""},
		{"not-contains", "<!-- tutor: expect not-contains \"error\" -->\n```console\n$ echo an error\n```", result.Failed, "error"},
		{"ignore output", "<!-- tutor: expect output ignore -->\n```console\n$ echo x\ny\n```", result.Passed, ""},
		{"similarity", "```console\n$ echo hello world\n```\n<!-- expected_similarity=0.7 -->\n```text\nhello wurld\n```", result.Passed, ""},
		{"missing tool", "```console\n$ no-such-tool-xyz\n```", result.Errored, "no-such-tool-xyz: command not found"},
		{"timeout", "<!-- tutor: timeout 200ms -->\n```console\n$ sleep 5\n```", result.Failed, "timed out"},
		{"background never ready", "<!-- tutor: background ready \"never\" within 300ms -->\n```console\n$ echo starting; sleep 5\n```", result.Failed, "did not print a line matching"},
		{"env directive", "<!-- tutor: env WHO=world -->\n```console\n$ echo $WHO\nworld\n```", result.Passed, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := runPost(t, "# S\n\n"+tt.block+"\n", Options{})
			var last *result.Step
			for _, st := range res.Sections[0].Steps {
				if st.Status != result.Passed {
					last = st
					break
				}
				last = st
			}
			if last.Status != tt.want {
				t.Fatalf("status %s, want %s (failure %+v)", last.Status, tt.want, last.Failure)
			}
			if tt.msg != "" && !strings.Contains(last.Failure.Message, tt.msg) {
				t.Errorf("message %q does not mention %q", last.Failure.Message, tt.msg)
			}
		})
	}
}

func TestTimeoutPrecedence(t *testing.T) {
	tu := mustRead(t, "---\ntutor:\n  timeout: 20s\n---\n# S\n\n<!-- tutor: timeout 5s -->\n```console\n$ true\n```\n\n```console\n$ true\n```\n")
	steps := tu.Steps()
	tests := []struct {
		opts Options
		st   *model.Step
		want time.Duration
	}{
		{Options{}, steps[0], 5 * time.Second},
		{Options{}, steps[1], 20 * time.Second},
		{Options{Selection: Selection{Timeout: time.Second}}, steps[0], time.Second},
	}
	for _, tt := range tests {
		r := &run{opts: tt.opts, tutorial: tu}
		if got := r.timeout(tt.st); got != tt.want {
			t.Errorf("timeout = %s, want %s", got, tt.want)
		}
	}
	r := &run{tutorial: &model.Tutorial{}}
	if got := r.timeout(&model.Step{}); got != DefaultTimeout {
		t.Errorf("default timeout = %s", got)
	}
}

func TestUnknownSection(t *testing.T) {
	_, err := Run(context.Background(), mustRead(t, "# A\n"), Options{Selection: Selection{Sections: []string{"nope"}}})
	if _, ok := err.(*SelectionError); !ok {
		t.Fatalf("err = %v, want *SelectionError", err)
	}
}

func TestInterruptedRunStillCleansUp(t *testing.T) {
	post := "# A\n\n```console\n$ sleep 5\n```\n\n# B\n\n```console\n$ echo b\n```\n\n# Z\n\n<!-- tutor: cleanup -->\n\n```console\n$ echo cleanup\ncleanup\n```\n"
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	res, err := Run(ctx, mustRead(t, post), Options{IO: IO{Dir: t.TempDir()}})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := statuses(res), "a=blocked b=blocked z=passed"; got != want {
		t.Errorf("statuses %s, want %s", got, want)
	}
	if !res.Interrupted {
		t.Error("the run should say it was interrupted")
	}
	if got := res.ExitCode(); got == 1 {
		t.Errorf("an interrupt is not a broken claim, exit %d", got)
	}
}

// TestTeardownStopsBackgroundNewestFirst: background processes the run
// started are stopped by the teardown, which the report lists; --keep
// skips cleanup sections.
func TestTeardownStopsBackground(t *testing.T) {
	post := "# A\n\n<!-- tutor: background ready \"up\" -->\n```console\n$ echo up; sleep 4243\n```\n\n# Z\n\n<!-- tutor: cleanup -->\n\n```console\n$ echo bye\n```\n"
	res := runPost(t, post, Options{})
	if len(res.Teardown) != 1 || !strings.Contains(res.Teardown[0].What, "stopped background") || res.Teardown[0].Error != "" {
		t.Fatalf("teardown = %+v", res.Teardown)
	}
	res = runPost(t, post, Options{Selection: Selection{Keep: true}})
	if got, want := statuses(res), "a=passed z=skipped"; got != want {
		t.Errorf("with Keep: statuses %s, want %s", got, want)
	}
}

// TestSecretsAreRedacted: values of secret-named variables, set by an env
// directive or exported by a step, never reach the results.
func TestSecretsAreRedacted(t *testing.T) {
	post := "# S\n\n<!-- tutor: env API_TOKEN=sekrit-token-123 -->\n\n```console\n$ echo token=$API_TOKEN\n$ export DB_PASSWORD=hunter2-hunter2; echo set\nset\n$ echo pw $DB_PASSWORD\npw nope\n```\n"
	res := runPost(t, post, Options{})
	for _, st := range res.Sections[0].Steps {
		all := st.Output
		if st.Failure != nil {
			all += st.Failure.Message + st.Failure.Diff
		}
		for _, secret := range []string{"sekrit-token-123", "hunter2-hunter2"} {
			if strings.Contains(all, secret) {
				t.Errorf("step at line %d leaks %q: %q", st.Step.Pos.Line, secret, all)
			}
		}
	}
	if out := res.Sections[0].Steps[1].Output; !strings.Contains(out, "REDACTED") {
		t.Errorf("want a redaction marker in %q", out)
	}
}
