package runner

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/cilium/cilium/api/v1/flow"

	ciliumassert "github.com/tutor-run/tutor/assertions/cilium"
	"github.com/tutor-run/tutor/assertions/flows"
	"github.com/tutor-run/tutor/assertions/judge"
	"github.com/tutor-run/tutor/engine/execute"
	"github.com/tutor-run/tutor/engine/hubble"
	"github.com/tutor-run/tutor/engine/hubble/flowfmt"
	"github.com/tutor-run/tutor/engine/model"
	"github.com/tutor-run/tutor/engine/result"
)

// hubbleConn connects to Hubble once per run: --hubble-server, or a
// port-forward to kube-system/hubble-relay of the session's cluster.
type hubbleConn struct {
	r *run
	// server, when set, overrides --hubble-server (a step's --server).
	server string
	client *hubble.Client
}

func (h *hubbleConn) get(ctx context.Context) (hubble.Source, error) {
	if h.client != nil {
		return h.client, nil
	}
	o := hubble.Options{Server: h.r.opts.HubbleServer}
	if h.server != "" {
		o.Server = h.server
	}
	if o.Server == "" {
		kc, err := h.r.clients.get(ctx)
		if err != nil {
			return nil, err
		}
		o.RESTConfig = kc.RESTConfig()
	}
	cctx, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	c, err := hubble.Connect(cctx, o)
	if err != nil {
		return nil, &EnvError{Err: fmt.Errorf("reaching Hubble: %w", err)}
	}
	h.client = c
	return c, nil
}

func (h *hubbleConn) close() {
	if h.client != nil {
		h.client.Close()
		h.client = nil
	}
}

// observeExecutor runs a `hubble observe` command line (its words)
// through the Observer API and prints the flows as the hubble CLI would.
type observeExecutor struct {
	conn  *hubbleConn
	words []string
}

// Execute implements Executor.
func (e observeExecutor) Execute(ctx context.Context, _ *model.Step, timeout time.Duration, out io.Writer) (execute.Outcome, error) {
	obs, err := hubble.ParseObserve(e.words, e.conn.r.opts.Now())
	if err != nil {
		return execute.Outcome{}, fmt.Errorf("%v (tutor asks Hubble's Observer API itself; write the command without it)", err)
	}
	conn := e.conn
	if obs.Server != "" && obs.Server != e.conn.r.opts.HubbleServer {
		conn = &hubbleConn{r: e.conn.r, server: obs.Server}
		defer conn.close()
	}
	src, err := conn.get(ctx)
	if err != nil {
		return execute.Outcome{}, err
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	got, err := src.Flows(ctx, obs.Request)
	if err != nil {
		return execute.Outcome{}, &EnvError{Err: fmt.Errorf("hubble observe: %w", err)}
	}
	var text string
	if obs.Output == "compact" || obs.Output == "" {
		var b strings.Builder
		for _, f := range got {
			b.WriteString(flowfmt.Compact(f))
			b.WriteByte('\n')
		}
		text = b.String()
	} else {
		var pb bytes.Buffer
		if err := flowfmt.WriteJSONPB(&pb, got); err != nil {
			return execute.Outcome{}, err
		}
		text = pb.String()
	}
	io.WriteString(out, text)
	return execute.Outcome{Output: text, Flows: e.conn.r.flowsToRecord(got)}, nil
}

// flowsToRecord encodes flows a step fetched for the recording; without
// --record there is nothing to encode them for.
func (r *run) flowsToRecord(got []*flow.Flow) []byte {
	if r.opts.Record == nil {
		return nil
	}
	var pb bytes.Buffer
	if err := flowfmt.WriteJSONPB(&pb, got); err != nil {
		// Flows protojson cannot encode are left out; the step's output
		// still shows what was seen.
		return nil
	}
	return pb.Bytes()
}

// ciliumStatusExecutor answers `cilium status` from the cluster's objects
// (the agent DaemonSet, the operator and relay Deployments) by cilium-cli's
// rules when the cilium CLI is not installed.
type ciliumStatusExecutor struct{ r *run }

// Execute implements Executor.
func (e ciliumStatusExecutor) Execute(ctx context.Context, st *model.Step, timeout time.Duration, out io.Writer) (execute.Outcome, error) {
	if e.r.hasTool("cilium") {
		return execute.Shell{Session: e.r.session}.Execute(ctx, st, timeout, out)
	}
	c, err := e.r.clients.get(ctx)
	if err != nil {
		return execute.Outcome{}, err
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	s, err := ciliumassert.Check(ctx, c.Kubernetes(), "")
	if err != nil {
		return execute.Outcome{}, &EnvError{Err: fmt.Errorf("cilium status: %w", err)}
	}
	text := ciliumassert.Render(s)
	io.WriteString(out, text)
	return execute.Outcome{Output: text, Notes: []string{"the cilium CLI is not installed: tutor read the status from the cluster's objects"}}, nil
}

// checkCilium is the `expect cilium ok` claim, once.
func (e assertExecutor) checkCilium(ctx context.Context, claim model.ClusterClaim) (ok bool, msg string, err error) {
	c, err := e.clients.get(ctx)
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
func (e assertExecutor) checkFlows(ctx context.Context, claim model.ClusterClaim, since time.Time) (ok bool, msg string, seen []byte, err error) {
	fc, err := flows.FromModel(claim)
	if err != nil {
		return false, err.Error(), nil, nil
	}
	src, err := e.hubble.get(ctx)
	if err != nil {
		return false, "", nil, err
	}
	got, err := src.Flows(ctx, fc.Request(since))
	if err != nil {
		return false, "", nil, &EnvError{Err: fmt.Errorf("asking Hubble for flows: %w", err)}
	}
	res := fc.Check(got)
	return res.OK, res.Message, e.hubble.r.flowsToRecord(got), nil
}

// replayedFlowClaim judges a flow claim against the flows a recording
// holds for it: the claim is judged again, not its recorded verdict.
type replayedFlowClaim struct{ flows []byte }

// Execute implements Executor.
func (x replayedFlowClaim) Execute(_ context.Context, st *model.Step, _ time.Duration, out io.Writer) (execute.Outcome, error) {
	fc, err := flows.FromModel(*st.Claim)
	if err != nil {
		return execute.Outcome{}, err
	}
	var got []*flow.Flow
	if len(x.flows) > 0 {
		if got, err = flowfmt.ReadJSONPB(bytes.NewReader(x.flows)); err != nil {
			return execute.Outcome{}, fmt.Errorf("recorded flows: %w", err)
		}
	}
	res := fc.Check(got)
	o := execute.Outcome{Output: res.Message, Flows: x.flows, Replayed: true}
	fmt.Fprintf(out, "%s: %s\n", st.Claim.Describe(), res.Message)
	if !res.OK {
		o.Failure = &result.Failure{Kind: result.ClaimBroken, Message: res.Message}
	}
	return o, nil
}

// hubbleOnly reports whether st talks to Hubble alone, at an address the
// user gave (--hubble-server): no kube context is involved.
func (r *run) hubbleOnly(st *model.Step) bool {
	if r.opts.HubbleServer == "" {
		return false
	}
	if st.Kind == model.KindAssert {
		return st.Claim != nil && st.Claim.NeedsDatapath()
	}
	return judge.IsObserve(st.Command, r.tutorial.Settings.Aliases)
}

// hubbleForwardStandIn stands for `cilium hubble port-forward &` when the
// cilium CLI is missing: tutor forwards to the relay itself whenever a
// step asks Hubble, so the post's later steps work the same.
type hubbleForwardStandIn struct{}

// Execute implements Executor.
func (hubbleForwardStandIn) Execute(_ context.Context, _ *model.Step, _ time.Duration, _ io.Writer) (execute.Outcome, error) {
	return execute.Outcome{Notes: []string{"the cilium CLI is not installed: tutor port-forwards to kube-system/hubble-relay itself when a step asks Hubble"}}, nil
}
