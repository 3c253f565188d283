// Package result holds what a run of a tutorial found: a status per step and
// per section, the captured output and, for a broken claim, the message and
// diff. The runner fills it in; the reporters only read it.
package result

import (
	"time"

	"github.com/tutor-run/tutor/engine/model"
)

// Status is the outcome of a step or a section.
type Status string

// The outcomes.
const (
	// Passed: every claim held.
	Passed Status = "passed"
	// Failed: a claim broke.
	Failed Status = "failed"
	// Errored: the environment failed (a tool missing, a timeout of the
	// machinery rather than of a claim); only steps error.
	Errored Status = "errored"
	// Skipped: not run on purpose (a directive, an illustration, a
	// section left out by --section).
	Skipped Status = "skipped"
	// Blocked: not run because something earlier failed.
	Blocked Status = "blocked"
)

// FailureKind says whose fault a failure is; it decides the exit status.
type FailureKind string

// The failure kinds.
const (
	// ClaimBroken: the post says something the system no longer does.
	ClaimBroken FailureKind = "claim"
	// EnvironmentFailed: a tool is missing or the machinery failed.
	EnvironmentFailed FailureKind = "environment"
)

// Which claim broke, in Failure.Claim.
const (
	ClaimExit    = "exit"    // the exit status
	ClaimTimeout = "timeout" // the step did not finish in time
	ClaimExpect  = "expect"  // an explicit expect directive
	ClaimOutput  = "output"  // the output pasted in the post
)

// Failure explains a failed or errored step.
type Failure struct {
	Kind FailureKind `json:"kind"`
	// Claim says which claim broke (the Claim* constants); empty for
	// failures an executor judged itself.
	Claim   string `json:"claim,omitempty"`
	Message string `json:"message"`
	// Diff shows expected against actual output, normalized parts visible.
	Diff string `json:"diff,omitempty"`
}

// Step is the outcome of one step.
type Step struct {
	Step      *model.Step   `json:"-"`
	Status    Status        `json:"status"`
	Reason    string        `json:"reason,omitempty"`
	Output    string        `json:"output,omitempty"`
	Truncated bool          `json:"truncated,omitempty"`
	ExitCode  int           `json:"exitCode"`
	Duration  time.Duration `json:"duration"`
	Attempts  int           `json:"attempts,omitempty"`
	Failure   *Failure      `json:"failure,omitempty"`
	// Substitutions are the author's names this step's command used that
	// were replaced by the live ones ("web-6c9f8d7b5d-2xkqp -> web-...").
	Substitutions []string `json:"substitutions,omitempty"`
	// Command is the command as run, after substitutions, when it differs
	// from the post's.
	Command string `json:"command,omitempty"`
	// Forgiven is set when a learner chose to go on after this step
	// failed: the step stays failed, the rest of its section still runs.
	Forgiven bool `json:"forgiven,omitempty"`
	// Replayed is set when the step was judged against a recording
	// (--replay) instead of being executed.
	Replayed bool `json:"replayed,omitempty"`
	// Notes are what the judging noticed without failing the step: drift
	// in versions, flows the post does not show.
	Notes []string `json:"notes,omitempty"`
}

// Section is the outcome of one section.
type Section struct {
	Section  *model.Section `json:"-"`
	Status   Status         `json:"status"`
	Reason   string         `json:"reason,omitempty"`
	Steps    []*Step        `json:"steps"`
	Duration time.Duration  `json:"duration"`
}

// Run is the outcome of a whole run.
type Run struct {
	Tutorial *model.Tutorial `json:"-"`
	Started  time.Time       `json:"started"`
	Duration time.Duration   `json:"duration"`
	Sections []*Section      `json:"sections"`
	// Tools maps a tool name to the version it reported (bash, tutor...).
	Tools map[string]string `json:"tools,omitempty"`
	// Applied lists the objects the run's manifests created or changed
	// ("deployment basics/web"), in order, for cleanup and reports.
	Applied []string `json:"applied,omitempty"`
	// Setup is what tutor did for the post that the post does not do
	// itself, in order: a sandbox installing Cilium's chart before the
	// first section that needs it.
	Setup []SetupItem `json:"setup,omitempty"`
	// Teardown is what the run undid after its sections, newest first.
	Teardown []TeardownItem `json:"teardown,omitempty"`
	// LeftBehind is what the run created and did not undo: kept on
	// purpose (--keep), or the teardown was stopped or failed.
	LeftBehind []string `json:"leftBehind,omitempty"`
	// Interrupted is set when a signal stopped the run.
	Interrupted bool `json:"interrupted,omitempty"`
	// Resumed is how many steps a saved run had finished (--resume), and
	// ResumeNote says why the run started where it did.
	Resumed    int    `json:"resumed,omitempty"`
	ResumeNote string `json:"resumeNote,omitempty"`
	// StateError is why the run state could not be saved for --resume,
	// the first time it failed.
	StateError string `json:"stateError,omitempty"`
	// Failed is set when the post as a whole did not run to its end: it
	// could not be read, its session could not start, it crashed or it
	// ran out of time. A run of many posts reports it beside the others.
	Failed *PostFailure `json:"failed,omitempty"`
}

// PostFailure is why a post as a whole did not run to its end, and the
// exit status that calls for (2 malformed, 3 environment, 130 interrupted).
type PostFailure struct {
	Message string `json:"message"`
	Status  int    `json:"status"`
}

// SetupItem is one thing tutor did for the post before a section, and
// how that went: the user must see that the run depends on it.
type SetupItem struct {
	// Before is the title of the section it was done for.
	Before string `json:"before"`
	// What says what was done ("installed the Cilium chart 1.14.0 ...").
	What string `json:"what"`
	// Notes say where what was done came from: the version, the values.
	Notes []string `json:"notes,omitempty"`
	// Error, when set, says why it failed.
	Error string `json:"error,omitempty"`
}

// TeardownItem is one thing the run undid (an object deleted, a background
// process stopped) and how that went.
type TeardownItem struct {
	What  string `json:"what"`
	Error string `json:"error,omitempty"`
}

// Exit statuses of a run, shared by the CLI and the reporters.
const (
	ExitPassed      = 0
	ExitClaimBroken = 1
	ExitUsage       = 2
	ExitEnvironment = 3
)

// ExitInterrupted is the exit status of a run stopped by a signal.
const ExitInterrupted = 130

// ExitCode maps the run to tutor's exit status: 130 when a signal stopped
// it, the failure's status when the post as a whole failed, 3 when the
// environment failed, else 1 when a claim broke, else 0.
func (r *Run) ExitCode() int {
	if r.Interrupted {
		return ExitInterrupted
	}
	if r.Failed != nil {
		return r.Failed.Status
	}
	code := ExitPassed
	for _, s := range r.Sections {
		for _, st := range s.Steps {
			switch {
			case st.Status == Errored:
				return ExitEnvironment
			case st.Status == Failed:
				code = ExitClaimBroken
			}
		}
	}
	return code
}

// Counts tallies sections by status.
func (r *Run) Counts() map[Status]int {
	c := map[Status]int{}
	for _, s := range r.Sections {
		c[s.Status]++
	}
	return c
}

// FirstFailure returns the first failed or errored step and its section,
// or nils when every claim held.
func (r *Run) FirstFailure() (*Section, *Step) {
	for _, s := range r.Sections {
		for _, st := range s.Steps {
			if st.Status == Failed || st.Status == Errored {
				return s, st
			}
		}
	}
	return nil, nil
}
