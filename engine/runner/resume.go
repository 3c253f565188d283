package runner

import (
	"fmt"

	"github.com/tutor-run/tutor/assertions/kubetable"
	"github.com/tutor-run/tutor/engine/model"
	"github.com/tutor-run/tutor/engine/state"
)

// progress tracks the runnable steps in the order state.RunnableSteps
// gives them, for --resume: which lead steps finished, and the saved run
// to start from.
type progress struct {
	index map[*model.Step]int
	fps   []string
	// skip is how many lead steps the saved run finished.
	skip int
	// done is how many lead steps have finished, saved run included.
	done int
}

// newProgress starts counting at step at, the first one the saved run did not
// finish (0 for a fresh run).
func newProgress(t *model.Tutorial, at int) *progress {
	p := &progress{index: map[*model.Step]int{}, fps: state.Fingerprints(t), skip: at, done: at}
	for i, st := range state.RunnableSteps(t) {
		p.index[st] = i
	}
	return p
}

// finishedBefore reports whether the saved run finished st.
func (p *progress) finishedBefore(st *model.Step) bool {
	i, ok := p.index[st]
	return ok && i < p.skip
}

// restore puts the saved run's shell state, bindings and dropped secrets
// (from the environment) back.
func (r *run) restore(s *state.State) error {
	if err := r.session.Restore(s.Shell); err != nil {
		return fmt.Errorf("resume: %w", err)
	}
	var missing []string
	for _, name := range s.Dropped {
		v, ok := lookupEnv(r.opts.Env, name)
		if !ok {
			missing = append(missing, name)
			continue
		}
		if err := r.session.Setenv(name, v); err != nil {
			return fmt.Errorf("resume: %w", err)
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("resume: the saved run set %v, which hold secrets and were not saved: export them and resume again", missing)
	}
	for exp, act := range s.Bindings {
		r.bindings = append(r.bindings, kubetable.Binding{Kind: "pod", Expected: exp, Actual: act})
	}
	return nil
}

func lookupEnv(env []string, name string) (string, bool) {
	for i := len(env) - 1; i >= 0; i-- {
		if k, v, ok := cut(env[i]); ok && k == name {
			return v, true
		}
	}
	return "", false
}

func cut(kv string) (string, string, bool) {
	for i := 0; i < len(kv); i++ {
		if kv[i] == '=' {
			return kv[:i], kv[i+1:], true
		}
	}
	return "", "", false
}

// stepFinished advances the lead of finished steps and saves the run
// state, so --resume can continue after it.
func (r *run) stepFinished(st *model.Step, passed bool) {
	p := r.progress
	if p == nil || r.opts.StatePath == "" {
		return
	}
	if i, ok := p.index[st]; !ok || i != p.done || !passed {
		return
	}
	p.done++
	s := &state.State{Tutorial: r.tutorial.File, Fingerprints: p.fps, Done: p.done, Bindings: map[string]string{}, Saved: r.opts.Now()}
	if sh, err := r.session.State(); err == nil {
		s.Shell = sh
	}
	for _, b := range r.bindings {
		s.Bindings[b.Expected] = b.Actual
	}
	for _, o := range r.applied {
		s.Applied = append(s.Applied, o.String())
	}
	if err := state.Save(r.opts.StatePath, s, r.opts.Redactor); err != nil && r.stateErr == "" {
		r.stateErr = err.Error()
	}
}
