package update

import (
	"strconv"
	"strings"
	"testing"

	"github.com/tutor-run/tutor/assertions"
	"github.com/tutor-run/tutor/assertions/judge"
	"github.com/tutor-run/tutor/engine/model"
	"github.com/tutor-run/tutor/engine/reader"
	"github.com/tutor-run/tutor/engine/result"
)

// secret is what tests' runs print that must never reach a post.
const secret = "hunter2-secret-value"

// redact is the tests' Options.Redact.
func redact(s string) string { return strings.ReplaceAll(s, secret, "[REDACTED]") }

var opts = Options{Redact: redact}

// printed is what a step of a synthetic run printed.
type printed struct {
	output string
	exit   int
}

// read parses a post or stops the test.
func read(t *testing.T, src []byte) *model.Tutorial {
	t.Helper()
	tu, err := reader.Read("post.md", src)
	if err != nil {
		t.Fatalf("reading the post: %v", err)
	}
	return tu
}

// runOf builds a run of tu by hand: outs maps a step's 1-based index in
// tu.Steps() to what it printed; the other steps print their pasted output
// and exit 0. Steps are judged as runner.judge judges shell steps.
func runOf(tu *model.Tutorial, outs map[int]printed) *result.Run {
	run := &result.Run{Tutorial: tu}
	n := 0
	for _, s := range tu.Sections {
		rs := &result.Section{Section: s, Status: result.Passed}
		for _, st := range s.Steps {
			n++
			p, ok := outs[n]
			if !ok && st.Output != nil {
				p.output = st.Output.Text + "\n"
			}
			r := judgeStep(st, p)
			if r.Status == result.Failed {
				rs.Status = result.Failed
			}
			rs.Steps = append(rs.Steps, r)
		}
		run.Sections = append(run.Sections, rs)
	}
	return run
}

// judgeStep judges a shell step that printed p with the runner's rules.
func judgeStep(st *model.Step, p printed) *result.Step {
	r := &result.Step{Step: st, Status: result.Passed, Output: p.output, ExitCode: p.exit}
	if !st.Runs() {
		r.Status = result.Skipped
		return r
	}
	if f, _, _ := judge.Step(st, judge.Outcome{Output: p.output, ExitCode: p.exit}, nil); f != nil {
		r.Status, r.Failure = result.Failed, f
	}
	return r
}

// parseOut reads a txtar file name "out N" or "out N exit=K".
func parseOut(name string) (step, exit int, ok bool) {
	f := strings.Fields(name)
	if len(f) < 2 || f[0] != "out" {
		return 0, 0, false
	}
	step, err := strconv.Atoi(f[1])
	if err != nil {
		return 0, 0, false
	}
	if len(f) == 3 {
		code, found := strings.CutPrefix(f[2], "exit=")
		if exit, err = strconv.Atoi(code); !found || err != nil {
			return 0, 0, false
		}
	}
	return step, exit, true
}

// checkInvariants checks what must hold of every rewrite of src into out:
// the bytes outside the changed spans are the same, in the same order; the
// rewritten post reads as the same plan; and every rewritten step's output
// now passes assertions.Output against what the run printed (redacted).
func checkInvariants(t *testing.T, src, out []byte, changes []Change, outs map[int]printed) {
	t.Helper()
	var rebuilt strings.Builder
	prev := 0
	for _, c := range changes {
		if c.Span.Start < prev {
			t.Fatalf("changes out of order or overlapping at line %d", c.Line)
		}
		if got := string(src[c.Span.Start:c.Span.End]); got != c.Old {
			t.Errorf("line %d: Old is %q, the span holds %q", c.Line, c.Old, got)
		}
		rebuilt.Write(src[prev:c.Span.Start])
		rebuilt.WriteString(c.New)
		prev = c.Span.End
	}
	rebuilt.Write(src[prev:])
	if rebuilt.String() != string(out) {
		t.Errorf("bytes outside the changed spans changed:\n--- src with the changes\n%s\n--- out\n%s", rebuilt.String(), out)
	}
	old, nt := read(t, src), read(t, out)
	index := map[int]int{} // Output.Span.Start -> step index
	for i, st := range old.Steps() {
		if st.Output != nil {
			index[st.Output.Span.Start] = i
		}
	}
	steps := nt.Steps()
	for _, c := range changes {
		i, ok := index[c.Step.Output.Span.Start]
		if !ok {
			t.Fatalf("line %d: the change's step is not in the post", c.Line)
		}
		expected := ""
		if steps[i].Output != nil {
			expected = steps[i].Output.Text
		}
		actual := redact(outs[i+1].output)
		if res := assertions.Output(expected, actual); !res.OK {
			t.Errorf("line %d: the rewritten output still fails: %s\n%s", c.Line, res.Message, res.Diff)
		}
	}
}

// checkIdempotent rewrites out again with the same outputs: nothing may
// change, neither when the steps now pass nor when they are forced to fail
// on their output (every line then matches and is kept as written).
func checkIdempotent(t *testing.T, out []byte, outs map[int]printed) {
	t.Helper()
	nt := read(t, out)
	run := runOf(nt, outs)
	again, changes, err := Rewrite(out, nt, run, opts)
	if err != nil || len(changes) > 0 || string(again) != string(out) {
		t.Errorf("rewriting the rewritten post: %d changes, err %v", len(changes), err)
	}
	for _, s := range run.Sections {
		for _, r := range s.Steps {
			if r.Status == result.Passed && r.Step.Output != nil && r.Step.Kind == model.KindShell {
				r.Status, r.Failure = result.Failed, &result.Failure{Kind: result.ClaimBroken, Message: "forced"}
			}
		}
	}
	again, changes, err = Rewrite(out, nt, run, opts)
	if err != nil || len(changes) > 0 || string(again) != string(out) {
		t.Errorf("rewriting the rewritten post, its steps forced to fail: %d changes, err %v\n%s", len(changes), err, Diff("post.md", out, again))
	}
}
