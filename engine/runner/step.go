package runner

import (
	"context"
	"fmt"
	"regexp"
	"time"

	"github.com/tutor-run/tutor/assertions/judge"
	"github.com/tutor-run/tutor/assertions/kubetable"
	"github.com/tutor-run/tutor/engine/execute"
	"github.com/tutor-run/tutor/engine/model"
	"github.com/tutor-run/tutor/engine/redact"
	"github.com/tutor-run/tutor/engine/result"
)

// step runs one step, retrying it when it is an eventually step, and
// judges its claims.
func (r *run) step(ctx context.Context, s *model.Section, st *model.Step) *result.Step {
	exec, ok := r.executors.For(st)
	if !ok {
		res := &result.Step{Step: st, Status: result.Errored, Failure: &result.Failure{
			Kind: result.EnvironmentFailed, Message: fmt.Sprintf("no executor for %s steps in this build", st.Kind)}}
		r.opts.Observer.StepFinished(s, res)
		return res
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
			res.Failure, learned, notes = judgeOutcome(st, o, r.tutorial.Settings.Aliases)
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

// sleep waits d, or less when ctx ends first; it reports whether it
// waited all of d.
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

// judgeOutcome judges a step by what its executor saw: a failure the
// executor judged itself, or the claims judge.Step checks.
func judgeOutcome(st *model.Step, o execute.Outcome, aliases map[string]string) (*result.Failure, []kubetable.Binding, []string) {
	if o.Failure != nil {
		return o.Failure, nil, nil
	}
	return judge.Step(st, judge.Outcome{Output: o.Output, ExitCode: o.ExitCode, TimedOut: o.TimedOut}, aliases)
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

// hubbleOnly reports whether st talks to Hubble alone, at an address the
// user gave (--hubble-server): no kube context is involved.
func (r *run) hubbleOnly(st *model.Step) bool {
	if r.opts.HubbleServer == "" {
		return false
	}
	if st.Kind == model.KindAssert {
		return st.Claim != nil && st.Claim.NeedsDatapath()
	}
	return judge.IsObserve(st.Command, r.tutorial.Settings.Aliases)
}
