package execute

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/cilium/cilium/api/v1/flow"

	"github.com/tutor-run/tutor/engine/hubble"
	"github.com/tutor-run/tutor/engine/hubble/flowfmt"
	"github.com/tutor-run/tutor/engine/model"
)

// hubbleConn connects to Hubble once per run: at server, or through a
// port-forward to kube-system/hubble-relay of the session's cluster.
type hubbleConn struct {
	// server is --hubble-server, or a step's --server; empty means the
	// port-forward.
	server  string
	clients *KubeClients
	client  *hubble.Client
}

func (h *hubbleConn) get(ctx context.Context) (hubble.Source, error) {
	if h.client != nil {
		return h.client, nil
	}
	o := hubble.Options{Server: h.server}
	if o.Server == "" {
		kc, err := h.clients.Get(ctx)
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

// isObserve recognises `hubble observe ...`.
func isObserve(_ *Registry, _ *model.Step, w []string) bool {
	return w[0] == "hubble" && w[1] == "observe"
}

func newObserve(x *Registry, _ *model.Step, w []string) Executor {
	return observe{conn: x.hubble, deps: &x.deps, words: w}
}

// observe runs a `hubble observe` command line (its words) through the
// Observer API and prints the flows as the hubble CLI would.
type observe struct {
	conn  *hubbleConn
	deps  *Deps
	words []string
}

// Execute implements Executor.
func (e observe) Execute(ctx context.Context, _ *model.Step, timeout time.Duration, out io.Writer) (Outcome, error) {
	obs, err := hubble.ParseObserve(e.words, e.deps.Now())
	if err != nil {
		return Outcome{}, fmt.Errorf("%v (tutor asks Hubble's Observer API itself; write the command without it)", err)
	}
	conn := e.conn
	if obs.Server != "" && obs.Server != e.deps.HubbleServer {
		conn = &hubbleConn{server: obs.Server, clients: e.conn.clients}
		defer conn.close()
	}
	src, err := conn.get(ctx)
	if err != nil {
		return Outcome{}, err
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	got, err := src.Flows(ctx, obs.Request)
	if err != nil {
		return Outcome{}, &EnvError{Err: fmt.Errorf("hubble observe: %w", err)}
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
			return Outcome{}, err
		}
		text = pb.String()
	}
	io.WriteString(out, text)
	return Outcome{Output: text, Flows: flowsToRecord(e.deps.RecordFlows, got)}, nil
}

// flowsToRecord encodes flows a step fetched for the recording; without
// one there is nothing to encode them for.
func flowsToRecord(record bool, got []*flow.Flow) []byte {
	if !record {
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
