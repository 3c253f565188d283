package runner

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/tutor-run/tutor/assertions"
	"github.com/tutor-run/tutor/assertions/httpresp"
	"github.com/tutor-run/tutor/assertions/judge"
	"github.com/tutor-run/tutor/assertions/kubetable"
	"github.com/tutor-run/tutor/engine/model"
	"github.com/tutor-run/tutor/engine/redact"
	"github.com/tutor-run/tutor/engine/result"
)

// step runs one step, retrying it when it is an eventually step, and
// judges its claims.
func (r *run) step(ctx context.Context, s *model.Section, st *model.Step) *result.Step {
	exec, ok := r.executors[st.Kind]
	if !ok {
		res := &result.Step{Step: st, Status: result.Errored, Failure: &result.Failure{
			Kind: result.EnvironmentFailed, Message: fmt.Sprintf("no executor for %s steps in this build", st.Kind)}}
		r.opts.Observer.StepFinished(s, res)
		return res
	}
	if x := r.toolExecutor(st); x != nil {
		exec = x
	}
	replay := r.replays(st)
	if replay {
		x, err := r.replayExecutorFor(st)
		if err != nil {
			res := &result.Step{Step: st, Status: result.Errored, Failure: &result.Failure{Kind: result.EnvironmentFailed, Message: err.Error()}}
			r.opts.Observer.StepFinished(s, res)
			return res
		}
		exec = x
	}
	if !replay && isClusterStep(st, r.tutorial.Settings.Aliases) && !r.hubbleOnly(st) {
		if err := r.guard.check(ctx); err != nil {
			res := &result.Step{Step: st, Status: result.Errored, Failure: &result.Failure{Kind: result.EnvironmentFailed, Message: err.Error()}}
			r.opts.Observer.StepFinished(s, res)
			return res
		}
	}
	written := st
	if !replay {
		// A replayed command ran on the recorded cluster: its names are
		// bound by the recorded tables, not by pods here.
		r.bindLive(ctx, st)
	}
	st, subs := r.substitute(st)
	start := r.opts.Now()
	var deadline time.Time
	if st.Eventually != nil {
		deadline = start.Add(st.Eventually.Within)
	}
	res := &result.Step{Step: written, Substitutions: subs}
	if len(subs) > 0 {
		res.Command = st.Command
	}
	for attempt := 1; ; attempt++ {
		for _, e := range st.Env {
			r.opts.Redactor.AddEnv(e.Name, e.Value)
		}
		out := r.opts.Redactor.Writer(r.opts.Observer.StepStarted(s, st, attempt))
		began := r.opts.Now()
		o, err := exec.Execute(ctx, st, r.timeout(st), out)
		out.Close()
		if err == nil && ctx.Err() == nil {
			r.recordStep(written, st, o, r.opts.Now().Sub(began))
		}
		res.Replayed, res.Notes = o.Replayed, o.Notes
		r.learnSecrets(ctx, st)
		res.Attempts, res.Output, res.Truncated, res.ExitCode = attempt, o.Output, o.Truncated, o.ExitCode
		res.Failure = nil
		if ctx.Err() != nil {
			// An interrupt is nobody's claim: the step did not finish.
			res.Status, res.Reason = result.Blocked, "interrupted while it ran"
			break
		}
		switch {
		case err != nil:
			res.Status = result.Errored
			res.Failure = &result.Failure{Kind: result.EnvironmentFailed, Message: err.Error()}
		default:
			var learned []kubetable.Binding
			var notes []string
			res.Failure, learned, notes = Judge(st, o, r.tutorial.Settings.Aliases)
			res.Notes = append(res.Notes, notes...)
			r.bind(learned)
			res.Status = result.Passed
			if res.Failure != nil {
				res.Status = result.Failed
				if res.Failure.Kind == result.EnvironmentFailed {
					res.Status = result.Errored
				}
			}
		}
		if res.Status == result.Passed || st.Eventually == nil || res.Status == result.Errored || ctx.Err() != nil {
			break
		}
		if r.opts.Now().Add(st.Eventually.Every).After(deadline) {
			res.Failure.Message = fmt.Sprintf("still failing after %d attempt(s) over %s: %s",
				attempt, st.Eventually.Within, res.Failure.Message)
			break
		}
		if !sleep(ctx, st.Eventually.Every) {
			break
		}
	}
	res.Duration = r.opts.Now().Sub(start)
	r.redactResult(res)
	r.opts.Observer.StepFinished(s, res)
	return res
}

// secretAssignment finds NAME= in a command, for names that hold secrets.
var secretAssignment = regexp.MustCompile(`\b([A-Za-z_][A-Za-z0-9_]*)=`)

// learnSecrets teaches the redactor the values of secret-named variables
// a step set (export AZURE_CLIENT_SECRET=...), so later output and this
// step's result hide them.
func (r *run) learnSecrets(ctx context.Context, st *model.Step) {
	if st.Kind != model.KindShell {
		return
	}
	for _, m := range secretAssignment.FindAllStringSubmatch(st.Command, -1) {
		if !redact.IsSecretName(m[1]) {
			continue
		}
		if v, err := r.session.Getenv(ctx, m[1]); err == nil && v != "" {
			r.opts.Redactor.AddEnv(m[1], v)
		}
	}
}

// redactResult hides secrets in what a step result carries to reports.
func (r *run) redactResult(res *result.Step) {
	red := r.opts.Redactor
	res.Output = red.String(res.Output)
	if f := res.Failure; f != nil {
		f.Message, f.Diff = red.String(f.Message), red.String(f.Diff)
	}
}

func sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}

// commandNotFound matches bash's message for a missing command.
var commandNotFound = regexp.MustCompile(`(?m)(?:^|: )([^\s:]+): command not found$`)

// clusterUnreachable matches kubectl's and client-go's words for a cluster
// that cannot be reached: an environment failure, not a broken claim.
var clusterUnreachable = regexp.MustCompile(`(?m)(The connection to the server \S+ was refused.*|Unable to connect to the server.*|couldn't get current server API group list.*|dial tcp \S+: connect: connection refused)$`)

// hostUnresolved matches curl's, wget's and git's words for a host name
// that does not resolve: this machine has no network (or no DNS), which is
// not the post's claim breaking.
var hostUnresolved = regexp.MustCompile(`(?m)(curl: \(6\) Could not resolve host: \S+|wget: unable to resolve host address \S+|Could not resolve host: \S+|Temporary failure in name resolution)`)

// runsCurl finds a curl command line in a step's command.
var runsCurl = regexp.MustCompile(`(?m)^\s*(?:sudo\s+)?curl\b`)

// Judge checks a step's claims against what its executor saw; a nil
// failure means every claim held. It also returns the names a kubectl get
// table bound, and notes: what the judging saw without failing the step
// (version drift, flows the post does not show). Update mode's tests judge
// through it, so there is one set of rules.
func Judge(st *model.Step, o Outcome, aliases map[string]string) (*result.Failure, []kubetable.Binding, []string) {
	if o.Failure != nil {
		return o.Failure, nil, nil
	}
	comparesOutput := st.Kind == model.KindShell && st.Output != nil && !st.ReplacesOutput()
	rule := judge.Text
	if comparesOutput {
		rule = judge.For(st.Command, st.Output.Text, aliases)
	}
	if rule == judge.Blocked && st.Exit == (model.ExitClaim{}) {
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
	v := judge.Output(st.Command, st.Output.Text, o.Output, aliases)
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

// substitute replaces the author's generated names in a command with the
// live names bound so far; it returns the step to run (a copy when
// anything changed) and what was replaced.
func (r *run) substitute(st *model.Step) (*model.Step, []string) {
	if len(r.bindings) == 0 || (st.Kind != model.KindShell && st.Kind != model.KindBackground) {
		return st, nil
	}
	cmd, used := kubetable.Substitute(st.Command, r.bindings)
	if len(used) == 0 {
		return st, nil
	}
	cp := *st
	cp.Command = cmd
	subs := make([]string, len(used))
	for i, b := range used {
		subs[i] = b.Expected + " -> " + b.Actual
	}
	return &cp, subs
}

// bind remembers names learned from a table; the first binding of a name
// wins, so a later table cannot rebind what earlier steps already used.
func (r *run) bind(learned []kubetable.Binding) {
	for _, b := range learned {
		known := false
		for _, old := range r.bindings {
			known = known || old.Expected == b.Expected
		}
		if !known && b.Expected != b.Actual {
			r.bindings = append(r.bindings, b)
		}
	}
}
