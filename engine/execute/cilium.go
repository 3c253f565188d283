package execute

import (
	"context"
	"fmt"
	"io"
	"time"

	ciliumassert "github.com/tutor-run/tutor/assertions/cilium"
	"github.com/tutor-run/tutor/assertions/ciliumstatus"
	"github.com/tutor-run/tutor/engine/model"
)

// isCiliumStatus recognises `cilium status ...`.
func isCiliumStatus(x *Registry, st *model.Step, _ []string) bool {
	return ciliumstatus.IsCiliumStatus(st.Command, x.deps.Aliases)
}

func newCiliumStatus(x *Registry, _ *model.Step, _ []string) Executor {
	return ciliumStatus{&x.deps}
}

// ciliumStatus answers `cilium status` from the cluster's objects (the
// agent DaemonSet, the operator and relay Deployments) by cilium-cli's
// rules when the cilium CLI is not installed.
type ciliumStatus struct{ deps *Deps }

// Execute implements Executor.
func (e ciliumStatus) Execute(ctx context.Context, st *model.Step, timeout time.Duration, out io.Writer) (Outcome, error) {
	if e.deps.hasTool("cilium") {
		return shellCommand{e.deps.Session}.Execute(ctx, st, timeout, out)
	}
	c, err := e.deps.Clients.Get(ctx)
	if err != nil {
		return Outcome{}, err
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	s, err := ciliumassert.Check(ctx, c.Kubernetes(), "")
	if err != nil {
		return Outcome{}, &EnvError{Err: fmt.Errorf("cilium status: %w", err)}
	}
	text := ciliumassert.Render(s)
	io.WriteString(out, text)
	return Outcome{Output: text, Notes: []string{"the cilium CLI is not installed: tutor read the status from the cluster's objects"}}, nil
}
