package runner

import (
	"fmt"
	"time"

	"github.com/tutor-run/tutor/engine/execute"
	"github.com/tutor-run/tutor/engine/model"
	"github.com/tutor-run/tutor/engine/record"
)

// stepKeys gives every step of t its recording key: its section's id and
// its ordinal among the section's steps.
func stepKeys(t *model.Tutorial) map[*model.Step]string {
	keys := map[*model.Step]string{}
	for _, s := range t.Sections {
		for i, st := range s.Steps {
			keys[st] = record.Key(s.ID, i+1)
		}
	}
	return keys
}

// replays reports whether st is judged against the recording instead of
// executing.
func (r *run) replays(st *model.Step) bool {
	if r.opts.Replay == nil || st.Kind == model.KindEnv || st.Kind == model.KindFile {
		return false
	}
	return r.opts.Live == nil || !r.opts.Live(st)
}

// replayExecutorFor finds st's recorded outcome; a step the recording does
// not have, or has with another command, is an environment failure: the
// recording no longer stands for the post.
func (r *run) replayExecutorFor(written *model.Step) (execute.Executor, error) {
	key := r.keys[written]
	e, ok := r.opts.Replay.Lookup(key)
	if !ok {
		return nil, fmt.Errorf("the recording in %s has no step %s (line %d); record the post again with --record", r.opts.Replay.Dir(), key, written.Pos.Line)
	}
	if e.Command != written.Command {
		return nil, fmt.Errorf("the post's command at line %d changed since it was recorded (recorded: %q); record the post again with --record", written.Pos.Line, e.Command)
	}
	return execute.Replay(e, written), nil
}

// recordStep adds a finished step to the recording, with secrets hidden.
func (r *run) recordStep(written, ran *model.Step, o execute.Outcome, took time.Duration) {
	w := r.opts.Record
	if w == nil || o.Replayed {
		return
	}
	red := r.opts.Redactor
	e := record.Entry{
		Key: r.keys[written], Line: written.Pos.Line, Kind: string(written.Kind), Command: written.Command,
		Exit: o.ExitCode, TimedOut: o.TimedOut, DurationMS: took.Milliseconds(),
		Output: red.String(o.Output), Flows: []byte(red.String(string(o.Flows))),
	}
	if ran.Command != written.Command {
		e.Ran = red.String(ran.Command)
	}
	if o.Failure != nil {
		e.Failure = red.String(o.Failure.Message)
	}
	_ = w.Add(e) // kept by the writer: see Writer.Err
}

// SandboxLive picks the steps that still execute during a replay on a
// local sandbox: manifests, helm commands (the SDK installs charts into the
// local API server) and claims about cluster objects. Commands, Hubble
// flows and everything that needs a real datapath come from the recording.
func SandboxLive(aliases map[string]string) func(*model.Step) bool {
	return func(st *model.Step) bool {
		switch st.Kind {
		case model.KindManifest, model.KindEnv, model.KindFile:
			return true
		case model.KindAssert:
			return st.Claim != nil && !st.Claim.NeedsDatapath()
		case model.KindShell:
			w, ok := model.Words(st.Command, aliases)
			return ok && w[0] == "helm"
		}
		return false
	}
}
