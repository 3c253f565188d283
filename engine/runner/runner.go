// Package runner runs a tutorial's plan in order and judges every claim.
// It asks execute's registry for each step's executor; shell, background
// and env steps share one bash session so state carries across steps as
// in one terminal.
package runner

import (
	"context"
	"fmt"
	"time"

	"k8s.io/client-go/kubernetes"

	"github.com/tutor-run/tutor/assertions/kubetable"
	"github.com/tutor-run/tutor/engine/execute"
	"github.com/tutor-run/tutor/engine/kube"
	"github.com/tutor-run/tutor/engine/kubecontext"
	"github.com/tutor-run/tutor/engine/model"
	"github.com/tutor-run/tutor/engine/probe"
	"github.com/tutor-run/tutor/engine/result"
	"github.com/tutor-run/tutor/engine/shell"
	"github.com/tutor-run/tutor/engine/versions"
)

// DefaultTimeout bounds a step when neither the run, the tutorial nor the
// step says otherwise. Creating a cloud cluster takes minutes.
const DefaultTimeout = 10 * time.Minute

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
	res.StateError, res.Setup = r.stateErr, r.setup
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
	for _, p := range sess.Strays() {
		res.Teardown = append(res.Teardown, result.TeardownItem{What: fmt.Sprintf("stopped a process that had left its process group: %s (pid %d)", p.Command, p.PID)})
	}
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
		HelmOverrides:  o.HelmOverrides,
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
	// asked are the capabilities Cluster.Provide was asked for.
	asked map[string]bool
	// setup is what Cluster.Provide did, for Run.Setup.
	setup []result.SetupItem
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
