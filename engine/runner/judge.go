package runner

import (
	"strings"

	"github.com/tutor-run/tutor/assertions"
	"github.com/tutor-run/tutor/assertions/ciliumstatus"
	"github.com/tutor-run/tutor/assertions/flows"
	"github.com/tutor-run/tutor/assertions/httpresp"
	"github.com/tutor-run/tutor/engine/model"
	"github.com/tutor-run/tutor/engine/result"
)

// judgeOutput compares a pasted output with the run's by what the command
// is: `cilium status` as facts, `hubble observe` as sets of flows, `curl
// -i` by status line and key headers, anything else line by line. Notes
// are what the comparison saw without failing (drift, extra flows).
func judgeOutput(st *model.Step, o Outcome, aliases map[string]string) (assertions.Result, []string) {
	expected := st.Output.Text
	var res assertions.Result
	switch {
	case ciliumstatus.IsCiliumStatus(st.Command, aliases):
		res = ciliumstatus.Compare(expected, o.Output, ciliumstatus.Options{})
		return res, parenthesisedNotes(res)
	case isObserveCommand(st.Command, aliases):
		res = flows.Compare(expected, o.Output)
		return res, nil
	case httpresp.IsCurl(st.Command, aliases):
		return httpresp.Compare(expected, o.Output), nil
	}
	return assertions.Output(expected, o.Output), nil
}

// judgeBlocked judges a curl whose pasted output shows a request that
// never got an answer (a stalled progress meter): the claim is that the
// request fails or times out. ok is false for any other step.
func judgeBlocked(st *model.Step, o Outcome, aliases map[string]string) (*result.Failure, bool) {
	if st.Kind != model.KindShell || st.Output == nil || st.Exit != (model.ExitClaim{}) || st.ReplacesOutput() ||
		!httpresp.IsCurl(st.Command, aliases) || !httpresp.ExpectsBlocked(st.Output.Text) {
		return nil, false
	}
	res := httpresp.Blocked(o.Output, o.ExitCode, o.TimedOut)
	if res.OK {
		return nil, true
	}
	return claimFailure(res, o, result.ClaimOutput), true
}

func isObserveCommand(command string, aliases map[string]string) bool {
	w, ok := model.Words(command, aliases)
	return ok && len(w) >= 2 && w[0] == "hubble" && w[1] == "observe"
}

// parenthesisedNotes takes the notes a cilium status comparison put in
// parentheses after its message.
func parenthesisedNotes(res assertions.Result) []string {
	i := strings.Index(res.Message, " (")
	if i < 0 || !strings.HasSuffix(res.Message, ")") {
		return nil
	}
	return strings.Split(res.Message[i+2:len(res.Message)-1], "; ")
}
