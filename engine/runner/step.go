package runner

import (
	"context"
	"fmt"
	"time"

	"github.com/tutor-run/tutor/assertions/judge"
	"github.com/tutor-run/tutor/assertions/kubetable"
	"github.com/tutor-run/tutor/engine/execute"
	"github.com/tutor-run/tutor/engine/model"
	"github.com/tutor-run/tutor/engine/result"
)

// step runs one step in phases: guard the cluster, prepare the command
// (bind and substitute live names), pick its executor, run it (again,
// while an eventually step fails), judge each attempt, and finish the
// result.
func (r *run) step(ctx context.Context, s *model.Section, st *model.Step) *result.Step {
	replay := r.replays(st)
	if !replay {
		if err := r.guardCluster(ctx, st); err != nil {
			return r.refuse(s, st, err)
		}
	}
	ran, res := r.prepare(ctx, st, replay)
	exec, err := r.pickExecutor(st, ran, replay)
	if err != nil {
		return r.refuse(s, st, err)
	}
	start := r.opts.Now()
	r.attempts(ctx, s, exec, ran, res, start)
	return r.finish(s, res, start)
}

// pickExecutor asks the registry for the executor of ran, the step with
// live names (executors read the command's words when they are built), or
// the recording of the step as written when it replays.
func (r *run) pickExecutor(written, ran *model.Step, replay bool) (execute.Executor, error) {
	exec, ok := r.executors.For(ran)
	if !ok {
		return nil, fmt.Errorf("no executor for %s steps in this build", ran.Kind)
	}
	if !replay {
		return exec, nil
	}
	return r.replayExecutorFor(written)
}

// guardCluster refuses a step that acts on a cluster whose kube context
// the run may not touch; a step that talks to Hubble at an address the
// user gave involves no context.
func (r *run) guardCluster(ctx context.Context, st *model.Step) error {
	if !st.TalksToCluster(r.tutorial.Settings.Aliases) || r.hubbleOnly(st) {
		return nil
	}
	return r.guard.Check(ctx)
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

// refuse reports a step that cannot run as an environment failure.
func (r *run) refuse(s *model.Section, st *model.Step, err error) *result.Step {
	res := &result.Step{Step: st, Status: result.Errored, Failure: &result.Failure{Kind: result.EnvironmentFailed, Message: err.Error()}}
	r.opts.Observer.StepFinished(s, res)
	return res
}

// prepare binds the author's generated names in st to live ones and
// substitutes them: it returns the step to run (st itself when nothing
// changed) and its result so far.
func (r *run) prepare(ctx context.Context, st *model.Step, replay bool) (*model.Step, *result.Step) {
	if !replay {
		// A replayed command ran on the recorded cluster: its names are
		// bound by the recorded tables, not by pods here.
		r.bindLive(ctx, st)
	}
	ran, subs := r.substitute(st)
	res := &result.Step{Step: st, Substitutions: subs}
	if len(subs) > 0 {
		res.Command = ran.Command
	}
	return ran, res
}

// attempts runs the step until it is judged; an eventually step that
// fails runs again every Every until Within from start is up.
func (r *run) attempts(ctx context.Context, s *model.Section, exec execute.Executor, ran *model.Step, res *result.Step, start time.Time) {
	for n := 1; ; n++ {
		o, err := r.attempt(ctx, s, exec, ran, res, n)
		if ctx.Err() != nil {
			// An interrupt is nobody's claim: the step did not finish.
			res.Status, res.Reason = result.Blocked, "interrupted while it ran"
			return
		}
		r.judgeAttempt(ran, o, err, res)
		if !r.again(ctx, ran, res, n, start) {
			return
		}
	}
}

// attempt runs the step once, records it, and keeps what its executor
// saw in res.
func (r *run) attempt(ctx context.Context, s *model.Section, exec execute.Executor, ran *model.Step, res *result.Step, n int) (execute.Outcome, error) {
	for _, e := range ran.Env {
		r.opts.Redactor.AddEnv(e.Name, e.Value)
	}
	out := r.opts.Redactor.Writer(r.opts.Observer.StepStarted(s, ran, n))
	began := r.opts.Now()
	o, err := exec.Execute(ctx, ran, r.timeout(ran), out)
	out.Close()
	if err == nil && ctx.Err() == nil {
		r.recordStep(res.Step, ran, o, r.opts.Now().Sub(began))
	}
	res.Replayed, res.Notes = o.Replayed, o.Notes
	r.learnSecrets(ctx, ran)
	res.Attempts, res.Output, res.Truncated, res.ExitCode = n, o.Output, o.Truncated, o.ExitCode
	res.Failure = nil
	return o, err
}

// judgeAttempt sets the step's status from how an attempt ended: an
// environment failure, or the claims judged on the outcome; the live
// names its tables show are bound for later steps.
func (r *run) judgeAttempt(ran *model.Step, o execute.Outcome, err error, res *result.Step) {
	if err != nil {
		res.Status = result.Errored
		res.Failure = &result.Failure{Kind: result.EnvironmentFailed, Message: err.Error()}
		return
	}
	failure, learned, notes := judgeOutcome(ran, o, r.tutorial.Settings.Aliases)
	res.Failure = failure
	res.Notes = append(res.Notes, notes...)
	r.bind(learned)
	switch {
	case failure == nil:
		res.Status = result.Passed
	case failure.Kind == result.EnvironmentFailed:
		res.Status = result.Errored
	default:
		res.Status = result.Failed
	}
}

// again reports whether a failed eventually step runs once more, after
// waiting Every; when its time is up the failure says how long it tried.
func (r *run) again(ctx context.Context, ran *model.Step, res *result.Step, n int, start time.Time) bool {
	ev := ran.Eventually
	if res.Status == result.Passed || ev == nil || res.Status == result.Errored || ctx.Err() != nil {
		return false
	}
	if r.opts.Now().Add(ev.Every).After(start.Add(ev.Within)) {
		res.Failure.Message = fmt.Sprintf("still failing after %d attempt(s) over %s: %s",
			n, ev.Within, res.Failure.Message)
		return false
	}
	return execute.Sleep(ctx, ev.Every)
}

// finish hides secrets in the result and reports it.
func (r *run) finish(s *model.Section, res *result.Step, start time.Time) *result.Step {
	res.Duration = r.opts.Now().Sub(start)
	r.redactResult(res)
	r.opts.Observer.StepFinished(s, res)
	return res
}

// judgeOutcome judges a step by what its executor saw: a failure the
// executor judged itself, or the claims judge.Step checks.
func judgeOutcome(st *model.Step, o execute.Outcome, aliases map[string]string) (*result.Failure, []kubetable.Binding, []string) {
	if o.Failure != nil {
		return o.Failure, nil, nil
	}
	return judge.Step(st, judge.Outcome{Output: o.Output, ExitCode: o.ExitCode, TimedOut: o.TimedOut}, aliases)
}
