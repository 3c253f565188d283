package update

import (
	"strings"
	"testing"

	"github.com/tutor-run/tutor/engine/model"
	"github.com/tutor-run/tutor/engine/result"
)

// TestOnlyChangedRowsChange spells out on the nodes case what the golden
// files check in general: the bytes before and after the output span are
// identical, the header and the row that still matches are byte-identical,
// and only the two NotReady rows change, to the run's text.
func TestOnlyChangedRowsChange(t *testing.T) {
	g := loadGolden(t, "testdata/nodes.txtar")
	tu := read(t, g.post)
	out, changes, err := Rewrite(g.post, tu, runOf(tu, g.outs), opts)
	if err != nil {
		t.Fatal(err)
	}
	if len(changes) != 1 {
		t.Fatalf("got %d changes, want 1", len(changes))
	}
	c := changes[0]
	if got, want := string(out[:c.Span.Start]), string(g.post[:c.Span.Start]); got != want {
		t.Errorf("bytes before the span changed:\n%q\n%q", got, want)
	}
	tail := len(g.post) - c.Span.End
	if got, want := string(out[len(out)-tail:]), string(g.post[c.Span.End:]); got != want {
		t.Errorf("bytes after the span changed:\n%q\n%q", got, want)
	}
	if got, want := c.Line, 7; got != want {
		t.Errorf("Line = %d, want %d", got, want)
	}
	oldLines, newLines := strings.Split(c.Old, "\n"), strings.Split(c.New, "\n")
	if len(newLines) != 4 {
		t.Fatalf("new output has %d lines, want 4:\n%s", len(newLines), c.New)
	}
	actual := strings.Split(g.outs[1].output, "\n")
	for i, want := range []string{oldLines[0], oldLines[1], actual[2], actual[3]} {
		if newLines[i] != want {
			t.Errorf("line %d = %q, want %q", i+1, newLines[i], want)
		}
	}
}

// TestTerminalOutput: colour codes, CRLF line ends, progress overwrites
// and backspaces in what the run printed are not written to the post.
func TestTerminalOutput(t *testing.T) {
	post := "# T\n\n```console\n$ ./build.sh\nbuilding\n```\n"
	output := "\x1b[1mbuilding\x1b[0m\r\n" +
		"progress 10%\rprogress 100%\r\n" +
		"\x1b]8;;https://example.com\x07link\x1b]8;;\x07 ok\r\n" +
		"typo\b\b\bpo: \x1b[32mPASS\x1b[0m   \r\n\r\n"
	want := "# T\n\n```console\n$ ./build.sh\nbuilding\nprogress 100%\nlink ok\ntpo: PASS\n```\n"
	tu := read(t, []byte(post))
	out, _, err := Rewrite([]byte(post), tu, runOf(tu, map[int]printed{1: {output: output}}), opts)
	if err != nil {
		t.Fatal(err)
	}
	if string(out) != want {
		t.Errorf("got\n%q\nwant\n%q", out, want)
	}
}

// TestEligible lists which failures update mode rewrites.
func TestEligible(t *testing.T) {
	output := &model.Output{Text: "hello"}
	shell := func(mod func(*model.Step)) *model.Step {
		st := &model.Step{Kind: model.KindShell, Command: "echo", Output: output}
		if mod != nil {
			mod(st)
		}
		return st
	}
	broken := &result.Failure{Kind: result.ClaimBroken, Claim: result.ClaimOutput, Message: `line 1: expected "hello", got "bye"`}
	tests := []struct {
		name string
		rs   *result.Step
		want bool
	}{
		{"output mismatch", &result.Step{Step: shell(nil), Status: result.Failed, Output: "bye\n", Failure: broken}, true},
		{"passed", &result.Step{Step: shell(nil), Status: result.Passed, Output: "hello\n"}, false},
		{"errored", &result.Step{Step: shell(nil), Status: result.Errored, Failure: &result.Failure{Kind: result.EnvironmentFailed}}, false},
		{"exit status", &result.Step{Step: shell(nil), Status: result.Failed, ExitCode: 1, Output: "bye\n",
			Failure: &result.Failure{Kind: result.ClaimBroken, Claim: result.ClaimExit, Message: "exit status 1, expected 0"}}, false},
		{"exit claimed, output broken", &result.Step{Step: shell(func(st *model.Step) { st.Exit = model.ExitClaim{Code: 1} }),
			Status: result.Failed, ExitCode: 1, Output: "bye\n", Failure: broken}, true},
		{"timed out", &result.Step{Step: shell(func(st *model.Step) { st.Exit = model.ExitClaim{Any: true} }),
			Status: result.Failed, ExitCode: 124, Output: "bye\n",
			Failure: &result.Failure{Kind: result.ClaimBroken, Claim: result.ClaimTimeout, Message: "timed out; the step's process group was killed"}}, false},
		{"truncated", &result.Step{Step: shell(nil), Status: result.Failed, Output: "bye\n", Truncated: true, Failure: broken}, false},
		{"no pasted output", &result.Step{Step: shell(func(st *model.Step) { st.Output = nil }), Status: result.Failed, Output: "bye\n", Failure: broken}, false},
		{"contains replaces the output", &result.Step{Step: shell(func(st *model.Step) {
			st.Expect = []model.Expectation{{Kind: model.MatchContains, Value: "x"}}
		}), Status: result.Failed, Output: "bye\n", Failure: broken}, false},
		{"similarity replaces the output", &result.Step{Step: shell(func(st *model.Step) {
			st.Expect = []model.Expectation{{Kind: model.MatchSimilarity, Threshold: 0.9}}
		}), Status: result.Failed, Output: "bye\n", Failure: broken}, false},
		{"output ignored", &result.Step{Step: shell(func(st *model.Step) {
			st.Expect = []model.Expectation{{Kind: model.MatchIgnore}}
		}), Status: result.Failed, Output: "bye\n", Failure: broken}, false},
		{"not-contains broke", &result.Step{Step: shell(func(st *model.Step) {
			st.Expect = []model.Expectation{{Kind: model.MatchNotContains, Value: "bye"}}
		}), Status: result.Failed, Output: "bye\n", Failure: &result.Failure{Kind: result.ClaimBroken, Claim: result.ClaimExpect, Message: `output contains "bye"`}}, false},
		{"not-contains held, output broken", &result.Step{Step: shell(func(st *model.Step) {
			st.Expect = []model.Expectation{{Kind: model.MatchNotContains, Value: "ERROR"}}
		}), Status: result.Failed, Output: "bye\n", Failure: broken}, true},
		{"background", &result.Step{Step: shell(func(st *model.Step) { st.Kind = model.KindBackground }), Status: result.Failed, Output: "bye\n", Failure: broken}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := outputClaimBroke(tt.rs); got != tt.want {
				t.Errorf("outputClaimBroke = %v, want %v", got, tt.want)
			}
		})
	}
}

// TestRefusals: Rewrite returns an error, and no bytes, rather than write
// something wrong.
func TestRefusals(t *testing.T) {
	post := []byte("# T\n\n```console\n$ echo hi\nhi\n```\n")
	failing := map[int]printed{1: {output: "bye\n"}}
	tests := []struct {
		name  string
		opts  Options
		setup func(tu *model.Tutorial, run *result.Run) (*model.Tutorial, *result.Run)
		want  string
	}{
		{"no redactor", Options{}, nil, "Options.Redact is required"},
		{"no tutorial", opts, func(_ *model.Tutorial, run *result.Run) (*model.Tutorial, *result.Run) { return nil, run }, "no tutorial"},
		{"span past the end", opts, func(tu *model.Tutorial, run *result.Run) (*model.Tutorial, *result.Run) {
			tu.Steps()[0].Output.Span = model.Span{Start: 30, End: 300}
			return tu, run
		}, "does not fit the post"},
		{"span elsewhere", opts, func(tu *model.Tutorial, run *result.Run) (*model.Tutorial, *result.Run) {
			tu.Steps()[0].Output.Span = model.Span{Start: 0, End: 2}
			return tu, run
		}, "does not hold the step's output"},
		{"span mid-line", opts, func(tu *model.Tutorial, run *result.Run) (*model.Tutorial, *result.Run) {
			st := tu.Steps()[0]
			st.Output.Span.Start, st.Output.Text = st.Output.Span.Start+1, "i"
			return tu, run
		}, "does not start a line"},
		{"overlapping spans", opts, func(tu *model.Tutorial, run *result.Run) (*model.Tutorial, *result.Run) {
			s := run.Sections[0]
			s.Steps = append(s.Steps, s.Steps[0])
			return tu, run
		}, "overlaps"},
		{"step of another tutorial", opts, func(tu *model.Tutorial, run *result.Run) (*model.Tutorial, *result.Run) {
			other := *run.Sections[0].Steps[0].Step
			run.Sections[0].Steps[0].Step = &other
			return tu, run
		}, "not a step of this tutorial"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tu := read(t, post)
			run := runOf(tu, failing)
			if tt.setup != nil {
				tu, run = tt.setup(tu, run)
			}
			out, changes, err := Rewrite(post, tu, run, tt.opts)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want one that says %q", err, tt.want)
			}
			if out != nil || changes != nil {
				t.Errorf("got bytes or changes with the error")
			}
		})
	}
}

// TestMerge shows which lines of the post are kept.
func TestMerge(t *testing.T) {
	tests := []struct {
		name         string
		post, actual string
		want         string // kept lines are marked with "="
	}{
		{"only the changed line", "a 20m\nb NotReady\nc", "a 1s\nb Ready\nc", "=a 20m\nb Ready\n=c"},
		{"lines added at the end", "a\nb", "a\nb\nc\nd", "=a\n=b\nc\nd"},
		{"lines removed", "a\nb\nc", "a\nc", "=a\n=c"},
		{"wildcard kept for what it stands for", "head\n...\ntail", "head\nx\ny\nnew tail", "=head\n=...\nnew tail"},
		{"wildcard that stands for nothing dropped", "a\n...\nb", "a\nb\nc", "=a\n=b\nc"},
		{"leading wildcard", "...\nlast 20m", "x\ny\nlast 1s\nmore", "=...\n=last 20m\nmore"},
		{"nothing printed", "a\nb", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var post []postLine
			for _, l := range strings.Split(tt.post, "\n") {
				post = append(post, postLine{text: l})
			}
			var actual []string
			if tt.actual != "" {
				actual = strings.Split(tt.actual, "\n")
			}
			var got []string
			for _, p := range merge(post, actual) {
				if p.post >= 0 {
					got = append(got, "="+post[p.post].text)
				} else {
					got = append(got, p.text)
				}
			}
			if g := strings.Join(got, "\n"); g != tt.want {
				t.Errorf("got\n%s\nwant\n%s", g, tt.want)
			}
		})
	}
}
