// Package session takes one tutorial file through a run: it reads the
// post and applies the reader's choices, opens what the run needs around
// it (a recording to write or replay, a sandbox cluster, the redactor, the
// saved state to resume), calls runner.Run, and then writes what the run
// leaves behind (the state, reports, an updated post). Learn does the same
// for a learner's pass. It is what `tutor run` and `tutor learn` do, free
// of flags and terminals: the caller passes the options it parsed, the
// writers and a Reporter, and maps the typed errors to exit statuses.
package session

import (
	"context"
	"fmt"
	"io"
	"os"
	"sync"
	"time"

	"github.com/tutor-run/tutor/engine/helm"
	"github.com/tutor-run/tutor/engine/redact"
	"github.com/tutor-run/tutor/engine/result"
	"github.com/tutor-run/tutor/engine/runner"
)

// Options are the inputs of one run of one post.
type Options struct {
	// File is the post.
	File string
	// Choices fill what the post leaves to the reader.
	Choices Choices
	// IO is where the session writes and the environment it starts from.
	IO IO
	// Selection is what runs and what a failure stops.
	Selection Selection
	// Cluster is the cluster the steps talk to.
	Cluster Cluster
	// Recording saves or replays the run, or resumes the last one.
	Recording Recording
	// Update is what the run does with pasted outputs that no longer match.
	Update UpdateMode
	// Reports are the report files to write.
	Reports Reports
}

// IO is where a session writes and what it starts from.
type IO struct {
	// Out receives what the run produces for the reader besides the
	// Reporter's account: the --update --diff preview. Nil discards it.
	Out io.Writer
	// ErrOut receives notes: the post's warnings, the sandbox coming up
	// and going, resuming, what --update changed, failures after the
	// steps. Nil discards them.
	ErrOut io.Writer
	// Reporter shows the run as it happens and sums it up; nil shows
	// nothing.
	Reporter Reporter
	// Env is the environment the steps start from and the placeholders
	// are looked up in; nil means the process's.
	Env []string
	// Dir is the directory the steps start in; empty means the post's own.
	Dir string
	// CleanupContext bounds cleanup, teardown and the sandbox's stop (a
	// second interrupt cancels it); nil means the run's context without
	// its cancellation.
	CleanupContext context.Context
}

// Reporter shows a run as it happens and sums it up at the end;
// report.Terminal is the one tutor uses.
type Reporter interface {
	result.Observer
	// Close is called once, as soon as the steps are over or when the
	// session ends without running them: a live status line stops and
	// pending output is flushed.
	Close()
	// Summary is called once with the finished run, after the run's notes
	// and before reports are written.
	Summary(*result.Run)
}

// Selection is which sections run and what a failure stops.
type Selection struct {
	// Sections, when not empty, selects sections by id or title.
	Sections []string
	// FromSection starts the run at a section (by id or title).
	FromSection string
	// Timeout overrides the per-step default of the post and of tutor.
	Timeout time.Duration
	// KeepGoing runs later sections after a failure instead of blocking them.
	KeepGoing bool
	// Keep keeps what the run created: cleanup sections, the teardown
	// and the sandbox's stop are skipped.
	Keep bool
}

// Cluster is the cluster, helm and Hubble the run talks to.
type Cluster struct {
	// Contexts are kube contexts allowed besides those the post names.
	Contexts []string
	// Require lists capabilities (model.Capabilities) whose absence
	// fails, instead of skipping, the sections that need them.
	Require []string
	// HubbleServer is a Hubble Observer API's address; empty means a
	// port-forward to hubble-relay.
	HubbleServer string
	// HelmMirrors are URL=DIR items: the chart repository URL is served
	// from DIR, which holds its index.yaml and charts.
	HelmMirrors []string
	// Sandbox, when enabled, is a local cluster brought up for the run.
	Sandbox Sandbox
}

// Sandbox shapes the local cluster a run brings up for itself.
type Sandbox struct {
	// Enabled brings the sandbox up, points every step at it and tears
	// it down after the run.
	Enabled bool
	// Nodes is the number of nodes; 0 means the post's
	// tutor.sandbox.nodes, else 2.
	Nodes int
	// NodePrefix prefixes node names; empty means the post's
	// tutor.sandbox.nodePrefix.
	NodePrefix string
	// RealNodes is how many nodes run pods for real (0 or 1); 0 means the
	// post's tutor.sandbox.realNodes.
	RealNodes int
	// NodeBinDir and ImagesDir are where a real node's binaries and
	// images are; "" means the defaults (cluster.Options).
	NodeBinDir, ImagesDir string
}

// Recording saves the run, replays a saved one or resumes the last one.
type Recording struct {
	// Record is a directory to save each step's command, output, exit
	// status, duration and Hubble flows in.
	Record string
	// Replay is a recording's directory: the post is judged against it
	// instead of executing its steps.
	Replay string
	// Resume continues the last run of the post at its first unfinished
	// step.
	Resume bool
}

// UpdateMode is what a run does with the pasted outputs that no longer
// match what the commands printed.
type UpdateMode int

const (
	// UpdateNone leaves the post alone.
	UpdateNone UpdateMode = iota
	// UpdateWrite rewrites those outputs in the post (redacted); nothing
	// else in the file changes.
	UpdateWrite
	// UpdateDiff writes the change to Out as a diff instead.
	UpdateDiff
)

// Reports are the report files a run writes; an empty path writes none.
type Reports struct {
	JSON, JUnit, Markdown, HTML string
}

// Run runs the post opts.File and returns what it found. The error is
// nil when the steps ran and everything after them was written, whatever
// the claims did: the result's ExitCode says how the run went. Otherwise
// it is a *reader.Error or an fs.ErrNotExist (the post), a *UsageError
// or *EnvError (nothing ran), a *runner.SelectionError or
// *runner.EnvError (the run could not start), or a *ReportedError with
// the result (the steps ran, something after them failed).
func Run(ctx context.Context, opts Options) (*result.Run, error) {
	opts.IO = opts.IO.withDefaults(ctx)
	closeReporter := sync.OnceFunc(opts.IO.Reporter.Close)
	defer closeReporter()
	errOut := opts.IO.ErrOut
	p, err := readPost(opts.File, &opts.Choices, envLookup(opts.IO.Env), errOut)
	if err != nil {
		return nil, err
	}
	t := p.tutorial
	rec, err := openRecording(&opts, time.Now())
	if err != nil {
		return nil, err
	}
	mirrors, err := helmMirrors(opts.Cluster.HelmMirrors)
	if err != nil {
		return nil, err
	}
	env := opts.IO.Env
	if env == nil {
		env = os.Environ()
	}
	var afterRelease func(context.Context, string, string, string) error
	var overrides helm.Overrides
	var provide map[string]runner.ProvideFunc
	if opts.Cluster.Sandbox.Enabled {
		sb, err := startSandbox(ctx, opts.Cluster.Sandbox, t.Settings.Sandbox, errOut)
		if err != nil {
			return nil, err
		}
		defer sb.stop(opts.IO.CleanupContext, errOut, opts.Selection.Keep)
		env = sb.env(env)
		afterRelease, overrides = sb.afterRelease, sb.helmOverrides
		if sb.cluster.RealNode() != "" { // Cilium's agent runs only there
			ci := &ciliumInstall{sb: sb, t: t, mirrors: mirrors, w: errOut}
			defer ci.close()
			provide = map[string]runner.ProvideFunc{"cilium": ci.provide}
		}
	}
	red := redact.New(env)
	statePath, saved, err := loadState(opts.File, opts.Recording.Resume, errOut)
	if err != nil {
		return nil, err
	}
	dir := p.dir
	if opts.IO.Dir != "" {
		dir = opts.IO.Dir
	}
	sel, cl := opts.Selection, opts.Cluster
	res, err := runner.Run(ctx, t, runner.Options{
		IO: runner.IO{Observer: opts.IO.Reporter, Dir: dir, Env: env, Redactor: red},
		Selection: runner.Selection{Timeout: sel.Timeout, KeepGoing: sel.KeepGoing, StaleOutputsGoOn: opts.Update != UpdateNone,
			Sections: sel.Sections, FromSection: sel.FromSection, Keep: sel.Keep},
		Cluster: runner.Cluster{Contexts: cl.Contexts, Require: cl.Require, ClusterProvided: cl.Sandbox.Enabled || len(cl.Contexts) > 0,
			HubbleServer: cl.HubbleServer, HelmMirrors: mirrors, HelmOverrides: overrides, AfterRelease: afterRelease, Provide: provide},
		Recording:      runner.Recording{StatePath: statePath, Resume: saved, Record: rec.writer, Replay: rec.replay, Live: rec.live(cl.Sandbox.Enabled, t)},
		CleanupContext: opts.IO.CleanupContext,
	})
	closeReporter()
	if err != nil {
		return nil, err
	}
	return res, finish(&opts, p, rec, statePath, res, red)
}

// finish writes what a run leaves, in order: a failed recording ends it
// there; then the notes, the summary, the state (gone once every claim
// held), the reports and the updated post.
func finish(opts *Options, p *post, rec *recording, statePath string, res *result.Run, red *redact.Redactor) error {
	errOut := opts.IO.ErrOut
	if err := rec.incomplete(); err != nil {
		return reported(errOut, err, result.ExitEnvironment)
	}
	if res.ResumeNote != "" {
		fmt.Fprintf(errOut, "tutor: resume: %s\n", res.ResumeNote)
	}
	if res.StateError != "" {
		fmt.Fprintf(errOut, "tutor: saving the run state: %s\n", res.StateError)
	}
	opts.IO.Reporter.Summary(res)
	if res.ExitCode() == result.ExitPassed {
		os.Remove(statePath) // nothing left to resume
	}
	if err := writeReports(opts.Reports, res); err != nil {
		return reported(errOut, err, result.ExitEnvironment)
	}
	if opts.Update != UpdateNone && !res.Interrupted {
		err := applyUpdate(opts.File, opts.Update == UpdateDiff, p, res, red, opts.IO.Out, errOut)
		if err != nil {
			return reported(errOut, err, result.ExitUsage)
		}
	}
	return nil
}

// reported writes err to w, where it belongs among the run's notes, and
// returns it as a *ReportedError.
func reported(w io.Writer, err error, status int) error {
	fmt.Fprintf(w, "tutor: %v\n", err)
	return &ReportedError{Err: err, Status: status}
}

// withDefaults fills what the caller left nil.
func (o IO) withDefaults(ctx context.Context) IO {
	if o.Out == nil {
		o.Out = io.Discard
	}
	if o.ErrOut == nil {
		o.ErrOut = io.Discard
	}
	if o.Reporter == nil {
		o.Reporter = nopReporter{}
	}
	if o.CleanupContext == nil {
		o.CleanupContext = context.WithoutCancel(ctx)
	}
	return o
}

// nopReporter shows nothing.
type nopReporter struct{ result.NopObserver }

func (nopReporter) Close()              {}
func (nopReporter) Summary(*result.Run) {}
