package runner

import (
	"context"
	"fmt"

	"github.com/tutor-run/tutor/engine/model"
	"github.com/tutor-run/tutor/engine/result"
)

// nothingToRun says why a section runs nothing: the first command it
// skips, with the reason, when it has one.
func nothingToRun(s *model.Section) string {
	for _, st := range s.Steps {
		if st.Skip != "" && st.Kind != model.KindIllustration && !st.Hidden {
			return fmt.Sprintf("nothing to run: line %d %s", st.Pos.Line, st.Skip)
		}
	}
	return "nothing to run"
}

// section runs one section or says why it does not run.
func (r *run) section(ctx context.Context, s *model.Section) *result.Section {
	sr := &result.Section{Section: s}
	notRun := func(status result.Status, reason string) *result.Section {
		return r.notRunSection(s, status, reason)
	}
	switch {
	case !r.selected[s] && !s.Cleanup:
		return notRun(result.Skipped, "not selected")
	case s.Skip != "":
		return notRun(result.Skipped, s.Skip)
	case !runsAnything(s):
		return notRun(result.Skipped, nothingToRun(s))
	case ctx.Err() != nil:
		return notRun(result.Blocked, "the run was interrupted")
	case r.quit && !s.Cleanup:
		return notRun(result.Skipped, "the learner quit")
	case r.failedAt != "" && !r.opts.KeepGoing && !s.Cleanup:
		return notRun(result.Blocked, fmt.Sprintf("blocked by the failure in %q (use --keep-going to run it anyway)", r.failedAt))
	}
	if sr := r.capabilityGate(ctx, s); sr != nil {
		return sr
	}
	start := r.opts.Now()
	r.sectionStarted = start
	r.opts.Observer.SectionStarted(s)
	broken := ""
	for _, st := range s.Steps {
		var str *result.Step
		switch {
		case !st.Runs():
			str = &result.Step{Step: st, Status: result.Skipped, Reason: st.Skip}
		case broken != "":
			str = &result.Step{Step: st, Status: result.Blocked, Reason: broken}
		case ctx.Err() != nil:
			str = &result.Step{Step: st, Status: result.Blocked, Reason: "the run was interrupted"}
		case r.quit && !s.Cleanup:
			str = &result.Step{Step: st, Status: result.Skipped, Reason: "the learner quit"}
		case r.progress.finishedBefore(st):
			str = &result.Step{Step: st, Status: result.Passed, Reason: "passed in the saved run (--resume)"}
		}
		if str != nil {
			// Steps that do not run are reported here; the others by step.
			r.opts.Observer.StepFinished(s, str)
		} else {
			str = r.controlledStep(ctx, s, st)
			r.stepFinished(st, str.Status == result.Passed)
			if (str.Status == result.Failed || str.Status == result.Errored) && !str.Forgiven && !r.goesOn(str) {
				broken = fmt.Sprintf("not run: the step at line %d failed", st.Pos.Line)
			}
		}
		sr.Steps = append(sr.Steps, str)
	}
	sr.Duration = r.opts.Now().Sub(start)
	sr.Status, sr.Reason = sectionStatus(sr.Steps)
	if sr.Status == result.Failed && r.failedAt == "" && !r.allGoOn(sr) {
		r.failedAt = s.Title
	}
	r.opts.Observer.SectionFinished(sr)
	return sr
}

// goesOn reports whether a failed step lets the run go on as if it had
// passed: with StaleOutputsGoOn, when only its pasted output was stale.
func (r *run) goesOn(st *result.Step) bool {
	f := st.Failure
	return r.opts.StaleOutputsGoOn && st.Status == result.Failed && f != nil &&
		f.Kind == result.ClaimBroken && f.Claim == result.ClaimOutput
}

// allGoOn reports whether every failed step of a section goes on.
func (r *run) allGoOn(sr *result.Section) bool {
	for _, st := range sr.Steps {
		if (st.Status == result.Failed || st.Status == result.Errored) && !st.Forgiven && !r.goesOn(st) {
			return false
		}
	}
	return true
}

func runsAnything(s *model.Section) bool {
	for _, st := range s.Steps {
		if st.Runs() {
			return true
		}
	}
	return false
}

// notRunSection records a section that does not run and why.
func (r *run) notRunSection(s *model.Section, status result.Status, reason string) *result.Section {
	sr := notRun(s, status, reason)
	r.opts.Observer.SectionFinished(sr)
	return sr
}

// notRun is the result of a section that does not run.
func notRun(s *model.Section, status result.Status, reason string) *result.Section {
	sr := &result.Section{Section: s, Status: status, Reason: reason}
	for _, st := range s.Steps {
		why := reason
		if st.Skip != "" && status == result.Skipped {
			why = st.Skip
		}
		sr.Steps = append(sr.Steps, &result.Step{Step: st, Status: status, Reason: why})
	}
	return sr
}

// controlledStep runs a step as the Controller, if any, decides: skipped,
// run, retried, or the run ended.
func (r *run) controlledStep(ctx context.Context, s *model.Section, st *model.Step) *result.Step {
	c := r.opts.Controller
	if c == nil {
		return r.step(ctx, s, st)
	}
	switch c.BeforeStep(ctx, s, st) {
	case DecisionSkip:
		res := &result.Step{Step: st, Status: result.Skipped, Reason: "skipped by the learner"}
		r.opts.Observer.StepFinished(s, res)
		return res
	case DecisionQuit:
		r.quit = true
		res := &result.Step{Step: st, Status: result.Skipped, Reason: "the learner quit"}
		r.opts.Observer.StepFinished(s, res)
		return res
	}
	for {
		res := r.step(ctx, s, st)
		switch c.AfterStep(ctx, s, res) {
		case DecisionRun:
			if ctx.Err() == nil {
				continue
			}
		case DecisionQuit:
			r.quit = true
		case DecisionSkip:
			res.Forgiven = res.Status == result.Failed || res.Status == result.Errored
		}
		return res
	}
}

// sectionStatus derives a section's status from its steps.
func sectionStatus(steps []*result.Step) (result.Status, string) {
	ran := false
	for _, st := range steps {
		if st.Status == result.Blocked && st.Reason == "interrupted while it ran" {
			return result.Blocked, "interrupted"
		}
		switch st.Status {
		case result.Failed, result.Errored:
			return result.Failed, fmt.Sprintf("step at line %d: %s", st.Step.Pos.Line, st.Failure.Message)
		case result.Passed:
			ran = true
		}
	}
	if !ran {
		return result.Skipped, "nothing to run"
	}
	return result.Passed, ""
}
