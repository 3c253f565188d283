// Package runner runs a tutorial's plan in order and judges every claim.
// It asks execute's registry for each step's executor; shell, background
// and env steps share one bash session so state carries across steps as
// in one terminal.
package runner

import (
	"context"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/tutor-run/tutor/assertions/kubetable"
	"github.com/tutor-run/tutor/engine/execute"
	"github.com/tutor-run/tutor/engine/kube"
	"github.com/tutor-run/tutor/engine/kubecontext"
	"github.com/tutor-run/tutor/engine/model"
	"github.com/tutor-run/tutor/engine/probe"
	"github.com/tutor-run/tutor/engine/record"
	"github.com/tutor-run/tutor/engine/redact"
	"github.com/tutor-run/tutor/engine/result"
	"github.com/tutor-run/tutor/engine/shell"
	"github.com/tutor-run/tutor/engine/state"
	"github.com/tutor-run/tutor/engine/versions"
	"k8s.io/client-go/kubernetes"
)

// DefaultTimeout bounds a step when neither the run, the tutorial nor the
// step says otherwise. Creating a cloud cluster takes minutes.
const DefaultTimeout = 10 * time.Minute

// Options configure a run, grouped by concern; the groups are embedded, so
// opts.Observer reads opts.IO.Observer.
type Options struct {
	IO
	Selection
	Cluster
	Recording
	// Executors adds or replaces executors by step kind.
	Executors map[model.Kind]execute.Executor
	// CleanupContext bounds cleanup sections and teardown; a second
	// interrupt cancels it. Nil means the run's context without its
	// cancellation.
	CleanupContext context.Context
}

// IO is where the run reads and writes: the terminal, the directory, the
// environment and the clock.
type IO struct {
	// Observer is told about the run as it happens.
	Observer result.Observer
	// Dir is the working directory of the shell session.
	Dir string
	// Env is the environment the session starts from; nil means os.Environ.
	Env []string
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// OutputCap is the number of output bytes kept per step.
	OutputCap int
	// Controller, when set, is asked before and after each step.
	Controller Controller
	// Redactor hides secrets in step output before anything sees it: the
	// terminal, the results and so every report. Nil means one built from
	// Env.
	Redactor *redact.Redactor
}

// Selection is which sections run and what a failure stops.
type Selection struct {
	// Timeout overrides the per-step default of the tutorial and of tutor.
	Timeout time.Duration
	// KeepGoing runs later sections after a failure instead of blocking them.
	KeepGoing bool
	// StaleOutputsGoOn lets the steps and sections after a step whose
	// only broken claim is its pasted output run as if it had passed:
	// --update rewrites every stale output in one run, and a command
	// that ran fine leaves the state the next steps need.
	StaleOutputsGoOn bool
	// Sections, when not empty, selects sections by id or title.
	Sections []string
	// FromSection starts the run at a section (by id or title).
	FromSection string
	// Keep skips cleanup sections and the teardown of what the run
	// created (--keep).
	Keep bool
}

// Cluster is the cluster, helm and Hubble the run talks to.
type Cluster struct {
	// Contexts are kube contexts allowed besides those the tutorial names
	// or creates (--context).
	Contexts []string
	// Require lists capabilities (model.Capabilities) whose absence is an
	// environment failure instead of a reason to skip (--require).
	Require []string
	// Probe checks capabilities; nil means tutor's own probes.
	Probe probe.Func
	// ClusterProvided is set when the run has a cluster of its own (a
	// sandbox, --context), so skipping the section that would create one
	// does not block the sections after it.
	ClusterProvided bool
	// HelmHome is tutor's helm home (repositories, caches); empty means a
	// fresh one for the run, removed after it.
	HelmHome string
	// HelmMirrors serve chart repository URLs from local directories
	// (--helm-mirror), for offline rehearsals.
	HelmMirrors map[string]string
	// AfterRelease, when set, is called after a helm install or upgrade
	// succeeds, with the chart's name: a sandbox registers what the
	// chart's operator would at runtime. Its error is an environment
	// failure of the step.
	AfterRelease func(ctx context.Context, chart, release, namespace string) error
	// HubbleServer is the address of a Hubble Observer API to ask
	// (--hubble-server); empty means a port-forward to hubble-relay.
	HubbleServer string
}

// Recording is what the run records, replays or resumes.
type Recording struct {
	// StatePath, when set, is where the run state is saved after each
	// step that finishes, for --resume.
	StatePath string
	// Resume is a saved run to continue: its finished steps are not run
	// again, its shell state and bindings are restored.
	Resume *state.State
	// Record, when set, receives every step the run executes (--record).
	Record *record.Writer
	// Replay, when set, supplies the outcomes of the steps it recorded
	// instead of executing them (--replay), except the steps Live picks.
	Replay *record.Recording
	// Live picks the steps that execute even in a replay; nil means only
	// env steps do. With a sandbox, manifests, helm steps and cluster
	// claims go to the local API server.
	Live func(*model.Step) bool
}

// EnvError is an environment failure: tutor could not do what the step
// asks for reasons that are not the tutorial's claims. It is the
// executors' type, so errors.As finds the runner's and theirs alike.
type EnvError = execute.EnvError

// Run runs t and returns what it found. The error is non-nil only when the
// run could not start (see *SelectionError and *EnvError).
func Run(ctx context.Context, t *model.Tutorial, opts Options) (*result.Run, error) {
	opts = withDefaults(opts)
	sel, err := selectSections(t, opts)
	if err != nil {
		return nil, err
	}
	sess, err := shell.NewSession(shell.Options{
		Dir: opts.Dir, Env: sessionEnv(opts.Env, t.Settings.Env), Aliases: t.Settings.Aliases, OutputCap: opts.OutputCap,
	})
	if err != nil {
		return nil, &EnvError{Err: err}
	}
	pathEnv, _ := lookupEnv(opts.Env, "PATH")
	r := &run{
		opts: opts, tutorial: t, selected: sel, session: sess, clients: execute.NewKubeClients(sess),
		guard: kubecontext.NewGuard(t, opts.Contexts, sess), keys: stepKeys(t),
	}
	r.executors = execute.NewRegistry(r.executorDeps(pathEnv), opts.Executors)
	r.probes = probe.Cached(r.probeFunc(pathEnv))
	res := &result.Run{Tutorial: t, Started: opts.Now(), Tools: versions.Tools(ctx, pathEnv)}
	at := 0
	if opts.Resume != nil {
		at, res.ResumeNote = opts.Resume.Resume(t)
		if at > 0 {
			if err := r.restore(opts.Resume); err != nil {
				_ = sess.Close()
				return nil, &EnvError{Err: err}
			}
		}
		res.Resumed = at
	}
	r.progress = newProgress(t, at)
	r.runAll(ctx, res)
	res.StateError = r.stateErr
	if c := r.clients.Last(); c != nil {
		if v, err := c.Kubernetes().Discovery().ServerVersion(); err == nil {
			res.Tools["kubernetes server"] = v.GitVersion
		}
	}
	if w := opts.Record; w != nil {
		_ = w.SetTools(res.Tools) // kept by the writer: see Writer.Err
	}
	for _, o := range r.applied {
		res.Applied = append(res.Applied, o.String())
	}
	r.executors.Close()
	// Close stops background steps; what it cannot stop it has already
	// killed, so its error tells the user nothing they can act on.
	_ = sess.Close()
	res.Duration = opts.Now().Sub(res.Started)
	return res, nil
}

// executorDeps is what the run's executors act through and what they
// tell the run to remember for its teardown.
func (r *run) executorDeps(path string) execute.Deps {
	o := r.opts
	return execute.Deps{
		Session:        r.session,
		Clients:        r.clients,
		Aliases:        r.tutorial.Settings.Aliases,
		Path:           path,
		Dir:            o.Dir,
		Now:            o.Now,
		SectionStarted: func() time.Time { return r.sectionStarted },
		HelmHome:       o.HelmHome,
		HelmMirrors:    o.HelmMirrors,
		AfterRelease:   o.AfterRelease,
		HubbleServer:   o.HubbleServer,
		RecordFlows:    o.Record != nil,
		OnApply:        r.recordObjects,
		OnStart:        r.recordBackground,
		OnInstall:      r.recordRelease,
	}
}

// probeFunc is Options.Probe, or tutor's own probes of the session and
// its cluster.
func (r *run) probeFunc(path string) probe.Func {
	if r.opts.Probe != nil {
		return r.opts.Probe
	}
	return probe.Checks{Path: path, Shell: r.session, HubbleServer: r.opts.HubbleServer,
		Cluster: func(ctx context.Context) (kubernetes.Interface, error) {
			c, err := r.clients.Get(ctx)
			if err != nil {
				return nil, err
			}
			return c.Kubernetes(), nil
		}}.Probe
}

func withDefaults(o Options) Options {
	if o.Observer == nil {
		o.Observer = result.NopObserver{}
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Env == nil {
		o.Env = os.Environ()
	}
	if o.Redactor == nil {
		o.Redactor = redact.New(o.Env)
	}
	return o
}

// sessionEnv is the starting environment plus the tutorial's env settings.
func sessionEnv(base []string, extra []model.EnvVar) []string {
	env := append([]string(nil), base...)
	for _, e := range extra {
		env = append(env, e.Name+"="+e.Value)
	}
	return env
}

// run is the state of one run.
type run struct {
	opts     Options
	tutorial *model.Tutorial
	selected map[*model.Section]bool
	session  *shell.Session
	// executors picks each step's executor and holds what they share.
	executors *execute.Registry
	guard     *kubecontext.Guard
	clients   *execute.KubeClients
	// applied are the objects the run's manifests created or changed.
	applied []kube.Object
	// created is what teardown undoes, oldest first.
	created []created
	// bindings map the author's generated names to live ones.
	bindings []kubetable.Binding
	// progress counts finished steps for --resume.
	progress *progress
	// quit is set when the Controller asked to end the run.
	quit bool
	// failedAt is the title of the first section that failed.
	failedAt string
	// keys are the steps' recording keys.
	keys map[*model.Step]string
	// probes check the capabilities sections need.
	probes probe.Func
	// sectionStarted is when the running section began.
	sectionStarted time.Time
	// noCluster, when set, says why sections that use the cluster do not
	// run: the section that would have made it was skipped.
	noCluster string
	// stateErr is why the run state could not be saved, the first time.
	stateErr string
}

func (r *run) runAll(ctx context.Context, res *result.Run) {
	var cleanups []*model.Section
	for _, s := range r.tutorial.Sections {
		if s.Cleanup {
			cleanups = append(cleanups, s)
			continue
		}
		res.Sections = append(res.Sections, r.section(ctx, s))
	}
	// Cleanup runs whatever happened, with its own context so that an
	// interrupted run still tears down what it created.
	cctx := r.opts.CleanupContext
	if cctx == nil {
		cctx = context.WithoutCancel(ctx)
	}
	for _, s := range cleanups {
		if r.opts.Keep {
			res.Sections = append(res.Sections, r.notRunSection(s, result.Skipped, "kept: --keep"))
			continue
		}
		res.Sections = append(res.Sections, r.section(cctx, s))
	}
	r.teardown(cctx, res)
	res.Interrupted = ctx.Err() != nil
}

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

// timeout picks the step's timeout: the run's override, else the step's
// directive, else the tutorial's default, else tutor's.
func (r *run) timeout(st *model.Step) time.Duration {
	switch {
	case r.opts.Timeout > 0:
		return r.opts.Timeout
	case st.Timeout > 0:
		return st.Timeout
	case r.tutorial.Settings.Timeout > 0:
		return r.tutorial.Settings.Timeout
	}
	return DefaultTimeout
}

// selectSections resolves --section and --from-section.
func selectSections(t *model.Tutorial, o Options) (map[*model.Section]bool, error) {
	sel := map[*model.Section]bool{}
	find := func(name string) (int, error) {
		for i, s := range t.Sections {
			if s.ID == name || strings.EqualFold(s.Title, name) {
				return i, nil
			}
		}
		return -1, &SelectionError{Name: name, Sections: t.Sections}
	}
	from := 0
	if o.FromSection != "" {
		i, err := find(o.FromSection)
		if err != nil {
			return nil, err
		}
		from = i
	}
	for i, s := range t.Sections {
		sel[s] = i >= from && len(o.Sections) == 0
	}
	for _, name := range o.Sections {
		i, err := find(name)
		if err != nil {
			return nil, err
		}
		sel[t.Sections[i]] = i >= from
	}
	return sel, nil
}

// SelectionError names a section that --section or --from-section asked
// for but the tutorial does not have.
type SelectionError struct {
	Name     string
	Sections []*model.Section
}

func (e *SelectionError) Error() string {
	ids := make([]string, len(e.Sections))
	for i, s := range e.Sections {
		ids[i] = s.ID
	}
	return fmt.Sprintf("no section %q (sections: %s)", e.Name, strings.Join(ids, ", "))
}
