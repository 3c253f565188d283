package result

import (
	"io"

	"github.com/tutor-run/tutor/engine/model"
)

// Observer is told about a run as it happens; the terminal reporter uses it
// for the live line and to stream step output. Calls come from one goroutine
// except writes to the writer returned by StepStarted, which may come from
// the goroutine that copies the step's output.
type Observer interface {
	// SectionStarted is called before the first step of a section runs.
	SectionStarted(s *model.Section)
	// StepStarted is called before a step runs; the step's output (stdout
	// and stderr, interleaved) is written to the returned writer as it
	// arrives. Attempt counts from 1 (eventually steps run several times).
	StepStarted(s *model.Section, st *model.Step, attempt int) io.Writer
	// StepFinished is called with the step's outcome.
	StepFinished(s *model.Section, r *Step)
	// SectionFinished is called with the section's outcome, also for
	// sections that were skipped or blocked without running.
	SectionFinished(r *Section)
}

// NopObserver ignores everything.
type NopObserver struct{}

// SectionStarted implements Observer.
func (NopObserver) SectionStarted(*model.Section) {}

// StepStarted implements Observer.
func (NopObserver) StepStarted(*model.Section, *model.Step, int) io.Writer { return io.Discard }

// StepFinished implements Observer.
func (NopObserver) StepFinished(*model.Section, *Step) {}

// SectionFinished implements Observer.
func (NopObserver) SectionFinished(*Section) {}

// SetupObserver is an Observer that is also told, as it happens, when
// tutor does something for the post that the post does not do itself
// (Run.Setup). The runner tells the observers that implement it.
type SetupObserver interface {
	// SetupDone is called with what was done, right before the section
	// it was done for starts, or fails for it.
	SetupDone(s *model.Section, item SetupItem)
}
