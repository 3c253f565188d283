package judge

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/tutor-run/tutor/assertions"
	"github.com/tutor-run/tutor/assertions/httpresp"
	"github.com/tutor-run/tutor/assertions/kubetable"
	"github.com/tutor-run/tutor/engine/model"
	"github.com/tutor-run/tutor/engine/result"
)

// commandNotFound matches bash's message for a missing command.
var commandNotFound = regexp.MustCompile(`(?m)(?:^|: )([^\s:]+): command not found$`)

// Unreachable reports whether an error message says the cluster cannot
// be reached: an environment failure, not a broken claim.
func Unreachable(msg string) bool { return clusterUnreachable.MatchString(msg) }

// clusterUnreachable matches kubectl's and client-go's words for a cluster
// that cannot be reached: an environment failure, not a broken claim.
var clusterUnreachable = regexp.MustCompile(`(?m)(The connection to the server \S+ was refused.*|Unable to connect to the server.*|couldn't get current server API group list.*|dial tcp \S+: connect: connection refused)$`)

// hostUnresolved matches curl's, wget's and git's words for a host name
// that does not resolve: this machine has no network (or no DNS), which is
// not the post's claim breaking.
var hostUnresolved = regexp.MustCompile(`(?m)(curl: \(6\) Could not resolve host: \S+|wget: unable to resolve host address \S+|Could not resolve host: \S+|Temporary failure in name resolution)`)

// runsCurl finds a curl command line in a step's command.
var runsCurl = regexp.MustCompile(`(?m)^\s*(?:sudo\s+)?curl\b`)

// Outcome is how a step's run ended: what it printed and its exit status.
type Outcome struct {
	Output   string
	ExitCode int
	// TimedOut is set when the step was stopped at its timeout.
	TimedOut bool
}

// Step checks a step's claims against how its run ended; a nil failure
// means every claim held. It is pure: the runner, update mode and their
// tests judge through it, so there is one set of rules. It also returns
// the names a kubectl get table bound, and notes: what the judging saw
// without failing the step (version drift, flows the post does not show).
func Step(st *model.Step, o Outcome, aliases map[string]string) (*result.Failure, []kubetable.Binding, []string) {
	comparesOutput := st.Kind == model.KindShell && st.Output != nil && !st.ReplacesOutput()
	rule := Text
	if comparesOutput {
		rule = For(st.Command, st.Output.Text, aliases)
	}
	if rule == Blocked && st.Exit == (model.ExitClaim{}) {
		// The pasted stalled progress meter is the claim: no answer.
		if res := httpresp.Blocked(o.Output, o.ExitCode, o.TimedOut); !res.OK {
			return claimFailure(res, o, result.ClaimOutput), nil, nil
		}
		return nil, nil, nil
	}
	if o.TimedOut {
		return &result.Failure{Kind: result.ClaimBroken, Claim: result.ClaimTimeout, Message: "timed out; the step's process group was killed"}, nil, nil
	}
	f := judgeClaims(st, o)
	if f != nil || !comparesOutput {
		return f, nil, nil
	}
	v := Output(st.Command, st.Output.Text, o.Output, aliases)
	if !v.OK {
		return claimFailure(v.Result, o, result.ClaimOutput), v.Bindings, v.Notes
	}
	return nil, v.Bindings, v.Notes
}

// judgeClaims checks the exit status and the explicit output claims.
func judgeClaims(st *model.Step, o Outcome) *result.Failure {
	if o.ExitCode == 127 && !st.Exit.Accepts(127) {
		if m := commandNotFound.FindStringSubmatch(o.Output); m != nil {
			return &result.Failure{Kind: result.EnvironmentFailed, Message: fmt.Sprintf("%s: command not found (install it, or skip the section)", m[1])}
		}
	}
	if o.ExitCode != 0 && !st.Exit.Accepts(o.ExitCode) {
		if m := clusterUnreachable.FindString(o.Output); m != "" {
			return &result.Failure{Kind: result.EnvironmentFailed, Message: "cluster unreachable: " + m}
		}
		if m := hostUnresolved.FindString(o.Output); m != "" {
			return &result.Failure{Kind: result.EnvironmentFailed, Message: "no network here: " + m}
		}
		if o.ExitCode == 6 && runsCurl.MatchString(st.Command) {
			return &result.Failure{Kind: result.EnvironmentFailed, Message: "no network here: curl could not resolve the host (exit status 6)"}
		}
	}
	if res := assertions.Exit(st.Exit, o.ExitCode); !res.OK {
		return claimFailure(res, o, result.ClaimExit)
	}
	for _, e := range st.Expect {
		var res assertions.Result
		switch e.Kind {
		case model.MatchContains:
			res = assertions.Contains(o.Output, e.Value)
		case model.MatchNotContains:
			res = assertions.NotContains(o.Output, e.Value)
		case model.MatchRegex:
			res = assertions.Regex(o.Output, e.Value)
		case model.MatchSimilarity:
			expected := ""
			if st.Output != nil {
				expected = st.Output.Text
			}
			res = assertions.Similarity(expected, o.Output, e.Threshold)
		case model.MatchIgnore:
			res = assertions.Result{OK: true}
		}
		if !res.OK {
			return claimFailure(res, o, result.ClaimExpect)
		}
	}
	return nil
}

func claimFailure(res assertions.Result, o Outcome, claim string) *result.Failure {
	f := &result.Failure{Kind: result.ClaimBroken, Claim: claim, Message: res.Message, Diff: res.Diff}
	if f.Diff == "" && o.Output != "" && !strings.Contains(f.Message, "\n") {
		f.Message += "\n" + lastLines(o.Output, 10)
	}
	return f
}

// lastLines returns at most n trailing lines of s, for context.
func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
