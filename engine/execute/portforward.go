package execute

import (
	"context"
	"io"
	"time"

	"github.com/tutor-run/tutor/engine/model"
)

// isHubbleForward recognises `cilium hubble port-forward &` when the
// cilium CLI is missing.
func isHubbleForward(x *Registry, _ *model.Step, w []string) bool {
	return len(w) >= 3 && w[0] == "cilium" && w[1] == "hubble" && w[2] == "port-forward" && !x.deps.hasTool("cilium")
}

func newHubbleForward(*Registry, *model.Step, []string) Executor { return hubbleForwardStandIn{} }

// hubbleForwardStandIn stands for `cilium hubble port-forward &` when the
// cilium CLI is missing: tutor forwards to the relay itself whenever a
// step asks Hubble, so the post's later steps work the same.
type hubbleForwardStandIn struct{}

// Execute implements Executor.
func (hubbleForwardStandIn) Execute(_ context.Context, _ *model.Step, _ time.Duration, _ io.Writer) (Outcome, error) {
	return Outcome{Notes: []string{"the cilium CLI is not installed: tutor port-forwards to kube-system/hubble-relay itself when a step asks Hubble"}}, nil
}
