// Package state keeps what `tutor run --resume` needs to go on where a
// run stopped: how many runnable steps finished, the shell session's state
// after them, the live names bound so far and the objects applied, all
// checked against fingerprints of the steps so that a post edited since
// the run does not resume from a state its steps no longer produce.
//
// State never holds a secret in clear: Save drops from the shell state the
// variables that hold secrets (see ScrubShell), lists them in Dropped so
// that a resumed run takes them from its environment, and redacts what
// else it writes.
package state

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"path/filepath"
	"time"

	"github.com/tutor-run/tutor/engine/model"
)

// Version is the version of the state file format that Save writes and
// Load accepts.
const Version = 1

// State is a run saved for --resume.
type State struct {
	// Version is the file format version Load found (see Version).
	Version int
	// Tutorial is the absolute path of the post, symbolic links resolved.
	Tutorial string
	// Fingerprints has one entry per runnable step (see RunnableSteps), in
	// order; each covers that step and every earlier one.
	Fingerprints []string
	// Done is the number of leading runnable steps that finished (passed,
	// or skipped by the runner).
	Done int
	// Shell is the shell session's state (shell.Session.State) after the
	// Done steps, without the variables that hold secrets.
	Shell []byte
	// Dropped names the variables left out of Shell because they hold
	// secrets; on resume they must come from the environment.
	Dropped []string
	// Bindings maps the author's names to live ones.
	Bindings map[string]string
	// Applied lists the objects the run applied so far.
	Applied []string
	// Saved is when the state was saved.
	Saved time.Time
}

// RunnableSteps returns the steps a full run executes, in the order the
// runner runs them: the steps of the sections that are not cleanup, then
// those of the cleanup sections, leaving out skipped steps and sections
// and illustrations. Fingerprints and State.Done count these steps.
func RunnableSteps(t *model.Tutorial) []*model.Step {
	var main, cleanup []*model.Step
	for _, sec := range t.Sections {
		if sec.Skip != "" {
			continue
		}
		for _, st := range sec.Steps {
			switch {
			case !st.Runs():
			case sec.Cleanup:
				cleanup = append(cleanup, st)
			default:
				main = append(main, st)
			}
		}
	}
	return append(main, cleanup...)
}

// Fingerprints returns one fingerprint per runnable step of t: a hash of
// what the step does and claims (its kind, command, manifest, env,
// expected output and other claims, but not its place in the file), chained
// with the fingerprint of the step before, so that a change to a step
// changes its fingerprint and those of every step after it. The first link
// covers the tutorial's aliases and env settings, which shape the session.
func Fingerprints(t *model.Tutorial) []string {
	return fingerprints(t, RunnableSteps(t))
}

// fingerprints is Fingerprints for steps, the runnable steps of t.
func fingerprints(t *model.Tutorial, steps []*model.Step) []string {
	seed, _ := json.Marshal(struct {
		Aliases map[string]string
		Env     []model.EnvVar
	}{t.Settings.Aliases, t.Settings.Env})
	prev := chain("tutor state v1", seed)
	fps := make([]string, len(steps))
	for i, st := range steps {
		claims, _ := json.Marshal(claimsOf(st))
		prev = chain(prev, claims)
		fps[i] = prev
	}
	return fps
}

// chain hashes the previous link with the next value.
func chain(prev string, next []byte) string {
	h := sha256.New()
	h.Write([]byte(prev))
	h.Write([]byte{0})
	h.Write(next)
	return hex.EncodeToString(h.Sum(nil)[:16])
}

// stepClaims is the part of a step that its fingerprint covers. Positions
// are left out, so that editing prose above a step does not change it.
type stepClaims struct {
	Kind       model.Kind
	Command    string
	Manifest   string
	Delete     bool
	NoWait     bool
	Env        []model.EnvVar
	Output     *string
	Expect     []expectation
	Exit       model.ExitClaim
	Eventually *model.Eventually
	Ready      *model.Readiness
	Claim      *model.ClusterClaim
}

// expectation is a model.Expectation without its position.
type expectation struct {
	Kind      model.MatchKind
	Value     string
	Threshold float64
}

func claimsOf(st *model.Step) stepClaims {
	c := stepClaims{
		Kind: st.Kind, Command: st.Command, Manifest: st.Manifest, Delete: st.Delete, NoWait: st.NoWait,
		Env: st.Env, Exit: st.Exit, Eventually: st.Eventually, Ready: st.Ready, Claim: st.Claim,
	}
	if st.Output != nil {
		c.Output = &st.Output.Text
	}
	for _, e := range st.Expect {
		c.Expect = append(c.Expect, expectation{e.Kind, e.Value, e.Threshold})
	}
	return c
}

// ResumeAt returns the index of the first runnable step to run given the
// post's current fingerprints, and why. It is s.Done when the steps that
// finished are unchanged, and 0 (start over) when one of them changed or
// was removed: the saved shell state comes from steps the post no longer
// has. Resume says the same with line numbers.
func (s *State) ResumeAt(fps []string) (int, string) {
	return s.resume(fps, func(i int) string { return fmt.Sprintf("runnable step %d", i+1) })
}

// Resume is ResumeAt for the tutorial t, naming steps by their line. A
// state saved for another post starts over.
func (s *State) Resume(t *model.Tutorial) (int, string) {
	if canonical(t.File) != canonical(s.Tutorial) {
		return 0, fmt.Sprintf("the saved run is of %s, not %s", s.Tutorial, t.File)
	}
	steps := RunnableSteps(t)
	return s.resume(fingerprints(t, steps), func(i int) string {
		return fmt.Sprintf("the step at line %d", steps[i].Pos.Line)
	})
}

func (s *State) resume(fps []string, name func(int) string) (int, string) {
	same := 0
	for same < len(fps) && same < len(s.Fingerprints) && fps[same] == s.Fingerprints[same] {
		same++
	}
	done := min(max(s.Done, 0), len(s.Fingerprints))
	switch {
	case same < done && same < len(fps):
		return 0, name(same) + " changed since the saved run"
	case same < done:
		return 0, "steps the saved run finished were removed from the post"
	case done == 0:
		return 0, "no step finished in the saved run"
	case done == len(fps):
		return done, "every step finished in the saved run"
	}
	return done, fmt.Sprintf("resuming at %s after %d finished steps", name(done), done)
}

// canonical returns path made absolute, with symbolic links resolved when
// it exists, so that one post always has one state file.
func canonical(path string) string {
	abs, err := filepath.Abs(path)
	if err != nil {
		return path
	}
	if resolved, err := filepath.EvalSymlinks(abs); err == nil {
		return resolved
	}
	return abs
}
