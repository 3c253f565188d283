package execute

import (
	"context"
	"fmt"
	"io"
	"time"

	ciliumassert "github.com/tutor-run/tutor/assertions/cilium"
	"github.com/tutor-run/tutor/assertions/flows"
	"github.com/tutor-run/tutor/assertions/readiness"
	"github.com/tutor-run/tutor/engine/model"
	"github.com/tutor-run/tutor/engine/result"
)

// assertEvery is how often a cluster claim is checked again.
const assertEvery = 250 * time.Millisecond

// assert checks a cluster claim until it holds or its time is up.
type assert struct {
	clients *KubeClients
	hubble  *hubbleConn
	// since is when the flows a flow claim looks at begin: the start of
	// the section.
	since func() time.Time
	// every is how often the claim is checked again.
	every time.Duration
	// now is the run's clock.
	now func() time.Time
	// recordFlows keeps the flows a flow claim saw in the outcome.
	recordFlows bool
}

func newAssert(x *Registry, _ *model.Step, _ []string) Executor {
	return assert{clients: x.deps.Clients, hubble: x.hubble, since: x.deps.SectionStarted, every: assertEvery,
		now: x.deps.Now, recordFlows: x.deps.RecordFlows}
}

// Execute implements Executor.
func (e assert) Execute(ctx context.Context, st *model.Step, _ time.Duration, out io.Writer) (Outcome, error) {
	claim := *st.Claim
	var check func() (bool, string, error)
	// explain, when set, says more about a claim that did not hold, once,
	// after its last check.
	var explain func() (string, []byte, bool)
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
		explain = func() (string, []byte, bool) { return e.flowsBetween(ctx, claim, since) }
	default:
		c, err := e.clients.Get(ctx)
		if err != nil {
			return Outcome{}, err
		}
		checker := readiness.Checker{Client: c.Kubernetes(), Dynamic: c.Dynamic(), Namespace: c.Namespace()}
		check = func() (bool, string, error) {
			res := checker.Check(ctx, claim)
			return res.OK, res.Message, nil
		}
	}
	deadline := e.now().Add(claim.Within)
	for {
		ok, msg, err := check()
		if err != nil {
			return Outcome{}, err
		}
		if ok {
			fmt.Fprintf(out, "%s: %s\n", claim.Describe(), msg)
			return Outcome{Output: msg, Flows: seen}, nil
		}
		if e.now().Add(e.every).After(deadline) || !Sleep(ctx, e.every) {
			if explain != nil {
				if m, got, ok := explain(); ok {
					msg, seen = m, got
				}
			}
			return Outcome{Output: msg, Flows: seen, Failure: &result.Failure{Kind: result.ClaimBroken,
				Message: fmt.Sprintf("%s did not hold within %s: %s", claim.Describe(), claim.Within, msg)}}, nil
		}
	}
}

// checkCilium is the `expect cilium ok` claim, once.
func (e assert) checkCilium(ctx context.Context, claim model.ClusterClaim) (ok bool, msg string, err error) {
	c, err := e.clients.Get(ctx)
	if err != nil {
		return false, "", err
	}
	s, err := ciliumassert.Check(ctx, c.Kubernetes(), "")
	if err != nil {
		return false, err.Error(), nil
	}
	res := ciliumassert.Healthy(s, claim.Args...)
	return res.OK, res.Message, nil
}

// checkFlows is a flow claim, once: the flows since the section began.
func (e assert) checkFlows(ctx context.Context, claim model.ClusterClaim, since time.Time) (ok bool, msg string, seen []byte, err error) {
	fc, err := claim.FlowClaim()
	if err != nil {
		return false, err.Error(), nil, nil
	}
	src, err := e.hubble.get(ctx)
	if err != nil {
		return false, "", nil, err
	}
	got, err := src.Flows(ctx, flows.Request(fc, since))
	if err != nil {
		return false, "", nil, &EnvError{Err: fmt.Errorf("asking Hubble for flows: %w", err)}
	}
	res := flows.Check(fc, got)
	return res.OK, res.Message, flowsToRecord(e.recordFlows, got), nil
}

// flowsBetween judges a flow claim that did not hold against every flow
// between its peers: the claim's own request returns only the flows that
// match it, and the failure should say what the cluster did instead
// ("between them the cluster shows: Policy denied DROPPED"). ok is false
// when there is nothing more to say.
func (e assert) flowsBetween(ctx context.Context, claim model.ClusterClaim, since time.Time) (msg string, seen []byte, ok bool) {
	fc, err := claim.FlowClaim()
	if err != nil || fc.None {
		return "", nil, false
	}
	src, err := e.hubble.get(ctx)
	if err != nil {
		return "", nil, false
	}
	wider, err := src.Flows(ctx, flows.Request(fc.Peers(), since))
	if err != nil || len(wider) == 0 {
		return "", nil, false
	}
	return flows.Check(fc, wider).Message, flowsToRecord(e.recordFlows, wider), true
}
