package judge

import (
	"strings"
	"testing"

	"github.com/tutor-run/tutor/engine/model"
	"github.com/tutor-run/tutor/engine/result"
)

// A host that does not resolve is this machine's missing network, not the
// post's claim breaking: the step is an environment failure.
func TestJudgeNoNetwork(t *testing.T) {
	tests := []struct {
		name    string
		command string
		o       Outcome
		env     bool
	}{
		{"silent curl in a script", "BASE=/tmp/x\nmkdir -p $BASE\ncurl -s -o $BASE/a.yaml https://example.invalid/a.yaml", Outcome{ExitCode: 6}, true},
		{"curl's message", "curl https://example.invalid", Outcome{ExitCode: 6, Output: "curl: (6) Could not resolve host: example.invalid\n"}, true},
		{"wget's message", "wget https://example.invalid", Outcome{ExitCode: 4, Output: "wget: unable to resolve host address 'example.invalid'\n"}, true},
		{"another failure of curl", "curl -f https://example.com/missing", Outcome{ExitCode: 22}, false},
		{"exit 6 of another program", "./check.sh", Outcome{ExitCode: 6}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, _, _ := Step(&model.Step{Kind: model.KindShell, Command: tt.command}, tt.o, nil)
			if f == nil {
				t.Fatal("judged as passing")
			}
			if got := f.Kind == result.EnvironmentFailed; got != tt.env {
				t.Errorf("environment failure = %v, want %v (%s)", got, tt.env, f.Message)
			}
			if tt.env && !strings.HasPrefix(f.Message, "no network here") {
				t.Errorf("message %q does not say the network is missing", f.Message)
			}
		})
	}
}
