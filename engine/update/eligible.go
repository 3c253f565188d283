package update

import (
	"github.com/tutor-run/tutor/engine/model"
	"github.com/tutor-run/tutor/engine/result"
)

// outputClaimBroke reports whether a step failed on the output pasted in
// the post, the only failure update mode repairs.
func outputClaimBroke(rs *result.Step) bool {
	if rs == nil || rs.Step == nil || rs.Status != result.Failed || rs.Failure == nil || rs.Failure.Kind != result.ClaimBroken {
		return false
	}
	st := rs.Step
	// A command with no pasted output makes no claim about it: the post
	// chose not to show what it prints, so nothing is added. Only shell
	// steps are compared with their pasted output (see runner.judge).
	if st.Output == nil || st.Kind != model.KindShell || st.ReplacesOutput() {
		return false
	}
	// A truncated capture is not what the command printed.
	if rs.Truncated {
		return false
	}
	return rs.Failure.Claim == result.ClaimOutput
}
