package runner

import (
	"context"

	"github.com/tutor-run/tutor/engine/model"
	"github.com/tutor-run/tutor/engine/result"
)

// Decision is what a Controller wants done with a step.
type Decision int

// The decisions.
const (
	// DecisionRun runs the step (before it) or runs it again (after it).
	DecisionRun Decision = iota
	// DecisionSkip leaves the step out (before it) or goes on to the next step
	// (after it), whatever its outcome.
	DecisionSkip
	// DecisionQuit ends the run; cleanup sections still run.
	DecisionQuit
)

// Controller lets a person steer a run step by step (tutor learn). The
// runner asks it before each step that would run and after each step that
// ran; without one, every step runs once.
type Controller interface {
	// BeforeStep is asked before a step runs.
	BeforeStep(ctx context.Context, s *model.Section, st *model.Step) Decision
	// AfterStep is asked with the step's outcome: DecisionRun retries it,
	// DecisionSkip moves on (a failed step stays failed but the section
	// goes on), DecisionQuit ends the run.
	AfterStep(ctx context.Context, s *model.Section, r *result.Step) Decision
}
