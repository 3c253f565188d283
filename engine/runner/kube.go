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

	"k8s.io/client-go/tools/clientcmd"

	"github.com/tutor-run/tutor/assertions/judge"
	kubeassert "github.com/tutor-run/tutor/assertions/kube"
	"github.com/tutor-run/tutor/engine/execute"
	"github.com/tutor-run/tutor/engine/kube"
	"github.com/tutor-run/tutor/engine/model"
	"github.com/tutor-run/tutor/engine/result"
	"github.com/tutor-run/tutor/engine/shell"
)

// kubeClients gives cluster steps a client for the cluster the session
// points at now: KUBECONFIG as the session has it and that file's current
// context, which earlier steps (az aks get-credentials) may have changed.
type kubeClients struct {
	session *shell.Session
	key     string
	client  *kube.Client
}

func (k *kubeClients) get(ctx context.Context) (*kube.Client, error) {
	kubeconfig, err := k.session.Getenv(ctx, "KUBECONFIG")
	if err != nil {
		return nil, err
	}
	key, err := configKey(kubeconfig)
	if err != nil {
		return nil, &EnvError{Err: fmt.Errorf("reading kubeconfig: %w", err)}
	}
	if k.client != nil && key == k.key {
		return k.client, nil
	}
	c, err := kube.NewClient(kubeconfig, "")
	if err != nil {
		return nil, &EnvError{Err: fmt.Errorf("connecting to the cluster: %w", err)}
	}
	k.key, k.client = key, c
	return c, nil
}

// configKey identifies a kubeconfig and its current context, so a client
// is rebuilt when either changes.
func configKey(kubeconfig string) (string, error) {
	rules := clientcmd.NewDefaultClientConfigLoadingRules()
	if kubeconfig != "" {
		rules.Precedence = filepath.SplitList(kubeconfig)
	}
	cfg, err := rules.Load()
	if err != nil {
		return "", err
	}
	key := kubeconfig + "\x00" + cfg.CurrentContext
	for _, f := range rules.Precedence {
		if fi, err := os.Stat(f); err == nil {
			key += "\x00" + fi.ModTime().String()
		}
	}
	return key, nil
}

// kubeManifestExecutor applies (or deletes) a manifest through client-go,
// server-side, and waits for its workloads to become ready.
type kubeManifestExecutor struct {
	clients *kubeClients
	// applied records what the run created, for teardown and reports.
	applied func(*kube.Client, []kube.Object)
}

// Execute implements Executor.
func (e kubeManifestExecutor) Execute(ctx context.Context, st *model.Step, timeout time.Duration, out io.Writer) (execute.Outcome, error) {
	c, err := e.clients.get(ctx)
	if err != nil {
		return execute.Outcome{}, err
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	if st.Delete {
		objs, err := c.Delete(ctx, st.Manifest)
		o := execute.Outcome{Output: objectLines(objs, "deleted")}
		fmt.Fprint(out, o.Output)
		if err != nil {
			return manifestFailure(o, st, err)
		}
		return o, nil
	}
	objs, err := c.Apply(ctx, st.Manifest)
	e.applied(c, objs)
	o := execute.Outcome{Output: objectLines(objs, "serverside-applied")}
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
func manifestFailure(o execute.Outcome, st *model.Step, err error) (execute.Outcome, error) {
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

// assertExecutor checks a cluster claim until it holds or its time is up.
type assertExecutor struct {
	clients *kubeClients
	hubble  *hubbleConn
	// since is when the flows a flow claim looks at begin: the start of
	// the section.
	since func() time.Time
	// every is how often the claim is checked again.
	every time.Duration
	// now is the run's clock.
	now func() time.Time
}

// Execute implements Executor.
func (e assertExecutor) Execute(ctx context.Context, st *model.Step, _ time.Duration, out io.Writer) (execute.Outcome, error) {
	claim := *st.Claim
	var check func() (bool, string, error)
	var seen []byte
	switch claim.What {
	case model.ClaimCiliumOK:
		check = func() (bool, string, error) { return e.checkCilium(ctx, claim) }
	case model.ClaimFlows, model.ClaimNoFlows:
		since := e.since()
		check = func() (bool, string, error) {
			ok, msg, got, err := e.checkFlows(ctx, claim, since)
			seen = got
			return ok, msg, err
		}
	default:
		c, err := e.clients.get(ctx)
		if err != nil {
			return execute.Outcome{}, err
		}
		checker := kubeassert.Checker{Client: c.Kubernetes(), Dynamic: c.Dynamic(), Namespace: c.Namespace()}
		check = func() (bool, string, error) {
			res := checker.Check(ctx, claim)
			return res.OK, res.Message, nil
		}
	}
	deadline := e.now().Add(claim.Within)
	for {
		ok, msg, err := check()
		if err != nil {
			return execute.Outcome{}, err
		}
		if ok {
			fmt.Fprintf(out, "%s: %s\n", claim.Describe(), msg)
			return execute.Outcome{Output: msg, Flows: seen}, nil
		}
		if e.now().Add(e.every).After(deadline) || !sleep(ctx, e.every) {
			return execute.Outcome{Output: msg, Flows: seen, Failure: &result.Failure{Kind: result.ClaimBroken,
				Message: fmt.Sprintf("%s did not hold within %s: %s", claim.Describe(), claim.Within, msg)}}, nil
		}
	}
}
