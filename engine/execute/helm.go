package execute

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/tutor-run/tutor/engine/helm"
	"github.com/tutor-run/tutor/engine/model"
)

// isHelm recognises `helm VERB ...`.
func isHelm(_ *Registry, _ *model.Step, w []string) bool { return w[0] == "helm" }

func newHelm(x *Registry, _ *model.Step, w []string) Executor { return helmStep{x.helm, w[1:]} }

// helmRunner runs a post's helm commands through the helm SDK, against
// the cluster the session points at, with tutor's own helm home. Commands
// the SDK does not run go to a helm binary when there is one. A run has
// one, shared by its helm steps.
type helmRunner struct {
	deps   *Deps
	client *helm.Client
	// key is the kubeconfig the client was built for.
	key string
	// home is the run's own helm home, removed when the run ends.
	home string
}

// close removes the run's helm home.
func (e *helmRunner) close() {
	if e.home != "" {
		os.RemoveAll(e.home)
	}
}

// helmStep is one helm command line (the words after "helm") for the
// run's helm runner.
type helmStep struct {
	e    *helmRunner
	args []string
}

// Execute implements Executor.
func (h helmStep) Execute(ctx context.Context, st *model.Step, timeout time.Duration, out io.Writer) (Outcome, error) {
	e := h.e
	cmd, err := helm.Parse(h.args)
	var unsupported *helm.UnsupportedError
	switch {
	case errors.As(err, &unsupported):
		if e.deps.hasTool("helm") {
			return shellCommand{e.deps.Session}.Execute(ctx, st, timeout, out)
		}
		return Outcome{}, fmt.Errorf("%v: tutor runs helm through its SDK, which does not do this, and there is no helm binary on PATH", err)
	case err != nil:
		return e.fail(out, err), nil
	}
	var values map[string]any
	if st.Values != nil {
		values, err = helm.ParseValues(st.Values.Text)
		if err != nil {
			return e.fail(out, fmt.Errorf("values block at line %d: %w", st.Values.Pos.Line, err)), nil
		}
	}
	client, err := e.get(ctx)
	if err != nil {
		return Outcome{}, err
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	res, err := client.Run(ctx, cmd, values)
	notes := helm.Notes(res.Overrides)
	if ctx.Err() == context.DeadlineExceeded {
		return Outcome{Output: res.Output, TimedOut: true, Notes: notes}, nil
	}
	var overrides *helm.OverridesError
	if errors.As(err, &overrides) {
		return Outcome{}, &EnvError{Err: err}
	}
	if err != nil {
		o := e.fail(out, err)
		o.Output, o.Notes = res.Output+o.Output, notes
		return o, nil
	}
	io.WriteString(out, res.Output)
	if cmd.Verb == "install" || cmd.Verb == "upgrade" {
		if res.Revision == 1 {
			e.deps.OnInstall(client, res.Release, res.Namespace)
		}
		if after := e.deps.AfterRelease; after != nil {
			if err := after(ctx, res.Chart, res.Release, res.Namespace); err != nil {
				return Outcome{Output: res.Output, Notes: notes}, &EnvError{Err: err}
			}
		}
	}
	return Outcome{Output: res.Output, Notes: notes}, nil
}

// fail is what the helm CLI does with an error: print it, exit 1.
func (e *helmRunner) fail(out io.Writer, err error) Outcome {
	msg := "Error: " + strings.TrimPrefix(err.Error(), "helm: ") + "\n"
	io.WriteString(out, msg)
	return Outcome{Output: msg, ExitCode: 1}
}

// get returns a helm client for the kubeconfig the session has now.
func (e *helmRunner) get(ctx context.Context) (*helm.Client, error) {
	kubeconfig, err := e.deps.Session.Getenv(ctx, "KUBECONFIG")
	if err != nil {
		return nil, err
	}
	if e.client != nil && e.key == kubeconfig {
		return e.client, nil
	}
	home := e.deps.HelmHome
	if home == "" {
		if e.home == "" {
			// A fresh helm home per run, as a reader following the post on
			// a new machine has: no repositories added yet.
			dir, err := os.MkdirTemp("", "tutor-helm-")
			if err != nil {
				return nil, &EnvError{Err: fmt.Errorf("helm home: %w", err)}
			}
			e.home = dir
		}
		home = e.home
	}
	first, _, _ := strings.Cut(kubeconfig, string(filepath.ListSeparator))
	c, err := helm.New(helm.Options{Kubeconfig: first, Home: home, Dir: e.deps.Dir, Mirrors: e.deps.HelmMirrors, Overrides: e.deps.HelmOverrides})
	if err != nil {
		return nil, &EnvError{Err: err}
	}
	e.client, e.key = c, kubeconfig
	return c, nil
}
