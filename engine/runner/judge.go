package runner

import (
	"github.com/tutor-run/tutor/assertions/httpresp"
	"github.com/tutor-run/tutor/assertions/judge"
	"github.com/tutor-run/tutor/engine/model"
	"github.com/tutor-run/tutor/engine/result"
)

// judgeBlocked judges a curl whose pasted output shows a request that
// never got an answer (a stalled progress meter): the claim is that the
// request fails or times out. ok is false for any other step.
func judgeBlocked(st *model.Step, o Outcome, aliases map[string]string) (*result.Failure, bool) {
	if st.Kind != model.KindShell || st.Output == nil || st.Exit != (model.ExitClaim{}) || st.ReplacesOutput() ||
		judge.For(st.Command, st.Output.Text, aliases) != judge.Blocked {
		return nil, false
	}
	res := httpresp.Blocked(o.Output, o.ExitCode, o.TimedOut)
	if res.OK {
		return nil, true
	}
	return claimFailure(res, o, result.ClaimOutput), true
}
