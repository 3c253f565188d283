// Package execute runs single steps of a tutorial: one executor per step
// kind (shell, file, background, env, manifest, assert) and per tool that
// tutor runs itself instead of the shell (helm through its SDK, `hubble
// observe` through the Observer API, `cilium status` from the cluster's
// objects, `cilium hubble port-forward &` by a stand-in). A Registry picks
// a step's executor from a table; the runner decides when steps run and
// judges what they did.
package execute

import (
	"context"
	"io"
	"time"

	"github.com/tutor-run/tutor/engine/model"
	"github.com/tutor-run/tutor/engine/result"
)

// Outcome is what an executor saw when it ran a step.
type Outcome struct {
	Output    string
	Truncated bool
	ExitCode  int
	TimedOut  bool
	// Failure, when set, is a claim the executor itself judged broken
	// (a background step that never became ready, say).
	Failure *result.Failure
	// Flows are the Hubble flows the step fetched, as `hubble observe -o
	// jsonpb` lines, for recordings.
	Flows []byte
	// Notes are what the executor noticed without failing the step.
	Notes []string
	// Replayed is set when the outcome came from a recording.
	Replayed bool
}

// Executor runs steps of one kind. An error means the environment failed
// (a tool missing, the machinery broken), not that a claim broke.
type Executor interface {
	Execute(ctx context.Context, st *model.Step, timeout time.Duration, out io.Writer) (Outcome, error)
}

// EnvError is an environment failure: tutor could not do what the step
// asks for reasons that are not the tutorial's claims.
type EnvError struct {
	Err error
}

func (e *EnvError) Error() string { return e.Err.Error() }
func (e *EnvError) Unwrap() error { return e.Err }

// Sleep waits d, or less when ctx ends first; it reports whether it
// waited all of d. The runner's retries and the assertions' polls wait
// with it.
func Sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}
