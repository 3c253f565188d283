package execute

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/tutor-run/tutor/assertions/judge"
	"github.com/tutor-run/tutor/engine/kube"
	"github.com/tutor-run/tutor/engine/model"
	"github.com/tutor-run/tutor/engine/result"
)

// manifest applies (or deletes) a manifest through client-go,
// server-side, and waits for its workloads to become ready.
type manifest struct {
	clients *KubeClients
	// applied records what the run created, for teardown and reports.
	applied func(*kube.Client, []kube.Object)
}

func newManifest(x *Registry, _ *model.Step, _ []string) Executor {
	return manifest{clients: x.deps.Clients, applied: x.deps.OnApply}
}

// Execute implements Executor.
func (e manifest) Execute(ctx context.Context, st *model.Step, timeout time.Duration, out io.Writer) (Outcome, error) {
	c, err := e.clients.Get(ctx)
	if err != nil {
		return Outcome{}, err
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	if st.Delete {
		objs, err := c.Delete(ctx, st.Manifest)
		o := Outcome{Output: objectLines(objs, "deleted")}
		fmt.Fprint(out, o.Output)
		if err != nil {
			return manifestFailure(o, st, err)
		}
		return o, nil
	}
	objs, err := c.Apply(ctx, st.Manifest)
	e.applied(c, objs)
	o := Outcome{Output: objectLines(objs, "serverside-applied")}
	fmt.Fprint(out, o.Output)
	if err != nil {
		return manifestFailure(o, st, err)
	}
	if st.NoWait {
		return o, nil
	}
	if err := c.WaitReady(ctx, objs); err != nil {
		return manifestFailure(o, st, err)
	}
	return o, nil
}

func objectLines(objs []kube.Object, verb string) string {
	var b strings.Builder
	for _, o := range objs {
		fmt.Fprintf(&b, "%s %s\n", o, verb)
	}
	return b.String()
}

// manifestFailure turns an apply, delete or readiness error into the
// step's outcome: a broken claim with the markdown line of what the API
// server rejected, or an environment failure when the cluster is out of
// reach.
func manifestFailure(o Outcome, st *model.Step, err error) (Outcome, error) {
	var apply *kube.ApplyError
	var notReady *kube.NotReadyError
	switch {
	case errors.As(err, &apply):
		line := st.Pos.Line + apply.Line - 1
		o.Failure = &result.Failure{Kind: result.ClaimBroken,
			Message: fmt.Sprintf("%s:%d: the API server rejected %s: %v", st.Pos.File, line, apply.Object, apply.Err)}
	case errors.As(err, &notReady):
		o.Failure = &result.Failure{Kind: result.ClaimBroken,
			Message: "not ready in time: " + strings.Join(notReady.Pending, "; ")}
	case judge.Unreachable(err.Error()):
		return o, &EnvError{Err: fmt.Errorf("cluster unreachable: %w", err)}
	default:
		o.Failure = &result.Failure{Kind: result.ClaimBroken, Message: err.Error()}
	}
	return o, nil
}
