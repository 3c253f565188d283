package reader

import (
	"strings"
	"testing"
)

func TestParseDirective(t *testing.T) {
	tests := []struct {
		in      string
		verb    string
		step    int
		args    []string
		wantErr string
	}{
		{in: "skip", verb: "skip"},
		{in: "skip needs a GPU", verb: "skip", args: []string{"needs", "a", "GPU"}},
		{in: `expect contains "hello, world"`, verb: "expect", args: []string{"contains", "hello, world"}},
		{in: `expect regex '^a\d+$'`, verb: "expect", args: []string{"regex", `^a\d+$`}},
		{in: `expect contains "say \"hi\"\n"`, verb: "expect", args: []string{"contains", "say \"hi\"\n"}},
		{in: "step 2: expect exit 1", verb: "expect", step: 2, args: []string{"exit", "1"}},
		{in: "eventually 30s every 2s", verb: "eventually", args: []string{"30s", "every", "2s"}},
		{in: "eventually 30", verb: "eventually", args: []string{"30"}},
		{in: `background ready "Forwarding from" within 10s`, verb: "background", args: []string{"ready", "Forwarding from", "within", "10s"}},
		{in: "env A=1 B=two", verb: "env", args: []string{"A=1", "B=two"}},
		{in: "frobnicate", wantErr: `unknown directive "frobnicate"`},
		{in: "expect exit maybe", wantErr: `bad exit status "maybe"`},
		{in: "expect exit 256", wantErr: `bad exit status "256"`},
		{in: `expect regex "("`, wantErr: "bad regex"},
		{in: "expect similarity 1.5", wantErr: "bad similarity"},
		{in: "expect smell nice", wantErr: `unknown expectation "smell"`},
		{in: "timeout", wantErr: "want one duration"},
		{in: "timeout -5s", wantErr: "bad duration"},
		{in: "eventually 10s each 1s", wantErr: `unexpected "each"`},
		{in: "background ready", wantErr: `"ready" needs a value`},
		{in: "env 1A=x", wantErr: "bad assignment"},
		{in: "cleanup now", wantErr: "takes no arguments"},
		{in: "step 2: cleanup", wantErr: "cannot target a step"},
		{in: `expect contains "open`, wantErr: "unterminated \" quote"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			d, err := parseDirective(tt.in, 1)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error = %v, want it to contain %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if d.verb != tt.verb || d.step != tt.step || strings.Join(d.args, "|") != strings.Join(tt.args, "|") {
				t.Errorf("got verb=%q step=%d args=%q, want verb=%q step=%d args=%q", d.verb, d.step, d.args, tt.verb, tt.step, tt.args)
			}
		})
	}
}

func TestParseIE(t *testing.T) {
	tests := []struct {
		in, kind, value string
		threshold       float64
		wantErr         bool
	}{
		{in: "expected_similarity=0.8", kind: "similarity", threshold: 0.8},
		{in: `expected_similarity="^Linux\s"`, kind: "regex", value: `^Linux\s`},
		{in: "expected_similarity=2", wantErr: true},
		{in: `expected_similarity="("`, wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			e, err := parseIE(tt.in)
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v", err)
			}
			if err != nil {
				return
			}
			if string(e.Kind) != tt.kind || e.Value != tt.value || e.Threshold != tt.threshold {
				t.Errorf("got %+v", e)
			}
		})
	}
}

func TestParseSetup(t *testing.T) {
	tests := []struct {
		text, body, wantErr string
		line                int
	}{
		{text: " setup\n  kind create cluster\n  kubectl wait --for=condition=Ready nodes --all\n", line: 11,
			body: "kind create cluster\nkubectl wait --for=condition=Ready nodes --all"},
		{text: "\nsetup\n  echo hi\n", line: 12, body: "echo hi"},
		{text: "\n  setup\n", line: 11, wantErr: "setup has no commands"},
		{text: " setup now\n", line: 10, wantErr: "setup takes no arguments"},
		{text: " timeout 5s\nsetup\necho hi\n", line: 11, wantErr: "setup must open its comment"},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			ds, errs := parseDirectives(tt.text, 10)
			if tt.wantErr != "" {
				found := false
				for _, e := range errs {
					found = found || (strings.Contains(e.msg, tt.wantErr) && e.line == tt.line)
				}
				if !found {
					t.Fatalf("errors = %v, want %q on line %d", errs, tt.wantErr, tt.line)
				}
				return
			}
			if len(errs) > 0 || len(ds) != 1 || ds[0].verb != "setup" || ds[0].body != tt.body || ds[0].line != tt.line {
				t.Fatalf("got %+v, %v; want setup on line %d with body %q", ds, errs, tt.line, tt.body)
			}
		})
	}
}
