package runner

import (
	"context"
	"os"
	"time"

	"github.com/tutor-run/tutor/engine/execute"
	"github.com/tutor-run/tutor/engine/helm"
	"github.com/tutor-run/tutor/engine/model"
	"github.com/tutor-run/tutor/engine/probe"
	"github.com/tutor-run/tutor/engine/record"
	"github.com/tutor-run/tutor/engine/redact"
	"github.com/tutor-run/tutor/engine/result"
	"github.com/tutor-run/tutor/engine/state"
)

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
	// HelmOverrides, when set, gives chart values that win over a helm
	// step's own: a sandbox fits Cilium's chart to its real node.
	HelmOverrides helm.Overrides
	// AfterRelease, when set, is called after a helm install or upgrade
	// succeeds, with the chart's name: a sandbox registers what the
	// chart's operator would at runtime. Its error is an environment
	// failure of the step.
	AfterRelease func(ctx context.Context, chart, release, namespace string) error
	// HubbleServer is the address of a Hubble Observer API to ask
	// (--hubble-server); empty means a port-forward to hubble-relay.
	HubbleServer string
	// Provide brings capabilities (keys, of model.Capabilities) that a
	// section needs, the probe finds missing and no step of the post
	// still to run brings: a sandbox with a real node installs Cilium's
	// chart for a post that installs it outside its commands. Each is
	// asked for at most once, right before the first section that needs
	// it, and only when it would then run: every capability it misses
	// is one Provide brings (a missing Hubble Relay comes with Cilium's,
	// when Cilium is missing too). (nil, nil) means it cannot after all, and
	// the section is skipped as without it; an error fails the section
	// as an environment failure.
	Provide map[string]ProvideFunc
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
