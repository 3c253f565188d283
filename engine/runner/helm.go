package runner

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/tutor-run/tutor/engine/execute"
	"github.com/tutor-run/tutor/engine/helm"
	"github.com/tutor-run/tutor/engine/model"
)

// helmExecutor runs a post's helm commands through the helm SDK, against
// the cluster the session points at, with tutor's own helm home. Commands
// the SDK does not run go to a helm binary when there is one.
type helmExecutor struct {
	r      *run
	client *helm.Client
	// key is the kubeconfig the client was built for.
	key string
	// home is the run's own helm home, removed when the run ends.
	home string
}

// close removes the run's helm home.
func (e *helmExecutor) close() {
	if e.home != "" {
		os.RemoveAll(e.home)
	}
}

// isHelm reports whether st is a helm command tutor runs through the SDK.
func isHelm(st *model.Step, aliases map[string]string) ([]string, bool) {
	if st.Kind != model.KindShell {
		return nil, false
	}
	w, ok := model.Words(st.Command, aliases)
	return w, ok && w[0] == "helm" && len(w) > 1
}

// helmStep is one helm command line (the words after "helm") for the
// run's helm executor.
type helmStep struct {
	e    *helmExecutor
	args []string
}

// Execute implements Executor.
func (h helmStep) Execute(ctx context.Context, st *model.Step, timeout time.Duration, out io.Writer) (execute.Outcome, error) {
	e := h.e
	cmd, err := helm.Parse(h.args)
	var unsupported *helm.UnsupportedError
	switch {
	case errors.As(err, &unsupported):
		if e.r.hasTool("helm") {
			return execute.Shell{Session: e.r.session}.Execute(ctx, st, timeout, out)
		}
		return execute.Outcome{}, fmt.Errorf("%v: tutor runs helm through its SDK, which does not do this, and there is no helm binary on PATH", err)
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
		return execute.Outcome{}, err
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	res, err := client.Run(ctx, cmd, values)
	if ctx.Err() == context.DeadlineExceeded {
		return execute.Outcome{Output: res.Output, TimedOut: true}, nil
	}
	if err != nil {
		o := e.fail(out, err)
		o.Output = res.Output + o.Output
		return o, nil
	}
	io.WriteString(out, res.Output)
	if cmd.Verb == "install" || cmd.Verb == "upgrade" {
		if res.Revision == 1 {
			e.r.recordRelease(client, res.Release, res.Namespace)
		}
		if after := e.r.opts.AfterRelease; after != nil {
			if err := after(ctx, res.Chart, res.Release, res.Namespace); err != nil {
				return execute.Outcome{Output: res.Output}, &EnvError{Err: err}
			}
		}
	}
	return execute.Outcome{Output: res.Output}, nil
}

// fail is what the helm CLI does with an error: print it, exit 1.
func (e *helmExecutor) fail(out io.Writer, err error) execute.Outcome {
	msg := "Error: " + strings.TrimPrefix(err.Error(), "helm: ") + "\n"
	io.WriteString(out, msg)
	return execute.Outcome{Output: msg, ExitCode: 1}
}

// get returns a helm client for the kubeconfig the session has now.
func (e *helmExecutor) get(ctx context.Context) (*helm.Client, error) {
	kubeconfig, err := e.r.session.Getenv(ctx, "KUBECONFIG")
	if err != nil {
		return nil, err
	}
	if e.client != nil && e.key == kubeconfig {
		return e.client, nil
	}
	home := e.r.opts.HelmHome
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
	c, err := helm.New(helm.Options{Kubeconfig: first, Home: home, Dir: e.r.opts.Dir, Mirrors: e.r.opts.HelmMirrors})
	if err != nil {
		return nil, &EnvError{Err: err}
	}
	e.client, e.key = c, kubeconfig
	return c, nil
}

// helmRelease is a release the run installed, for teardown.
type helmRelease struct {
	client          *helm.Client
	name, namespace string
}

// recordRelease remembers a release the run installed.
func (r *run) recordRelease(c *helm.Client, name, namespace string) {
	r.created = append(r.created, created{what: fmt.Sprintf("helm release %s/%s", namespace, name), release: &helmRelease{c, name, namespace}})
}

// uninstall removes a release in teardown.
func (h *helmRelease) uninstall(ctx context.Context) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, teardownTimeout)
	defer cancel()
	gone, err := h.client.Uninstall(ctx, h.name, h.namespace)
	if gone {
		return "already gone: ", err
	}
	return "uninstalled ", err
}
