package execute

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"time"

	"github.com/cilium/cilium/api/v1/flow"

	"github.com/tutor-run/tutor/assertions/flows"
	"github.com/tutor-run/tutor/engine/hubble/flowfmt"
	"github.com/tutor-run/tutor/engine/model"
	"github.com/tutor-run/tutor/engine/record"
	"github.com/tutor-run/tutor/engine/result"
)

// Replay is the executor that gives back st's recorded outcome e instead
// of running st. A flow claim is judged again against the flows e holds,
// not by its recorded verdict.
func Replay(e *record.Entry, st *model.Step) Executor {
	if st.Kind == model.KindAssert && st.Claim != nil && st.Claim.NeedsDatapath() {
		return replayedFlowClaim{e.Flows}
	}
	return replayed{e}
}

// replayed gives back a recorded outcome.
type replayed struct{ e *record.Entry }

// Execute implements Executor: it writes the recorded output and returns
// the recorded status, flows and claim verdict.
func (x replayed) Execute(_ context.Context, _ *model.Step, _ time.Duration, out io.Writer) (Outcome, error) {
	_, _ = io.WriteString(out, x.e.Output)
	o := Outcome{Output: x.e.Output, ExitCode: x.e.Exit, TimedOut: x.e.TimedOut, Flows: x.e.Flows, Replayed: true}
	if x.e.Failure != "" {
		o.Failure = &result.Failure{Kind: result.ClaimBroken, Message: "recorded: " + x.e.Failure}
	}
	return o, nil
}

// replayedFlowClaim judges a flow claim against the flows a recording
// holds for it: the claim is judged again, not its recorded verdict.
type replayedFlowClaim struct{ flows []byte }

// Execute implements Executor.
func (x replayedFlowClaim) Execute(_ context.Context, st *model.Step, _ time.Duration, out io.Writer) (Outcome, error) {
	fc, err := st.Claim.FlowClaim()
	if err != nil {
		return Outcome{}, err
	}
	var got []*flow.Flow
	if len(x.flows) > 0 {
		if got, err = flowfmt.ReadJSONPB(bytes.NewReader(x.flows)); err != nil {
			return Outcome{}, fmt.Errorf("recorded flows: %w", err)
		}
	}
	res := flows.Check(fc, got)
	o := Outcome{Output: res.Message, Flows: x.flows, Replayed: true}
	fmt.Fprintf(out, "%s: %s\n", st.Claim.Describe(), res.Message)
	if !res.OK {
		o.Failure = &result.Failure{Kind: result.ClaimBroken, Message: res.Message}
	}
	return o, nil
}
