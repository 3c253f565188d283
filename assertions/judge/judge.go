// Package judge decides how a step's pasted output is compared with what
// the run printed, by what the command is, so that the plan, the run and
// learn mode describe and apply the same rule.
package judge

import (
	"github.com/tutor-run/tutor/assertions"
	"github.com/tutor-run/tutor/assertions/ciliumstatus"
	"github.com/tutor-run/tutor/assertions/flows"
	"github.com/tutor-run/tutor/assertions/httpresp"
	"github.com/tutor-run/tutor/assertions/kubetable"
	"github.com/tutor-run/tutor/engine/model"
)

// Rule is a way of comparing outputs.
type Rule int

// The rules, from the most specific command to plain text.
const (
	// Text compares line by line, volatile values normalized.
	Text Rule = iota
	// KubeTable compares a kubectl get table column by column.
	KubeTable
	// CiliumStatus compares `cilium status` as facts.
	CiliumStatus
	// HubbleFlows compares `hubble observe` lines as sets of flow kinds.
	HubbleFlows
	// HTTP compares `curl -i` by status line and key headers.
	HTTP
	// Blocked holds when a curl whose pasted output shows a stalled
	// progress meter fails or times out.
	Blocked
)

// For picks the rule for a command and its pasted output.
func For(command, expected string, aliases map[string]string) Rule {
	switch {
	case kubetable.IsGet(command, aliases):
		return KubeTable
	case ciliumstatus.IsCiliumStatus(command, aliases):
		return CiliumStatus
	case IsObserve(command, aliases):
		return HubbleFlows
	case httpresp.IsCurl(command, aliases) && httpresp.ExpectsBlocked(expected):
		return Blocked
	case httpresp.IsCurl(command, aliases):
		return HTTP
	}
	return Text
}

// IsObserve reports whether command is `hubble observe`.
func IsObserve(command string, aliases map[string]string) bool {
	w, ok := model.Words(command, aliases)
	return ok && len(w) >= 2 && w[0] == "hubble" && w[1] == "observe"
}

// Describe says what the rule checks, for plans.
func (r Rule) Describe() string {
	switch r {
	case KubeTable:
		return "the kubectl table matches the pasted one column by column (names bound, AGE and RESTARTS ignored)"
	case CiliumStatus:
		return "cilium status shows the pasted component states and ready counts (version changes are drift notes)"
	case HubbleFlows:
		return "Hubble shows every kind of flow the pasted lines show (as a set: order, times, ports, identities ignored)"
	case HTTP:
		return "the HTTP status line and key headers match the pasted response"
	case Blocked:
		return "the request gets no answer: curl fails or times out, as the stalled progress meter shows"
	}
	return ""
}

// Compare judges actual against expected by rule r. Notes are what the
// comparison saw without failing (version drift).
func Compare(r Rule, expected, actual string) (assertions.Result, []string) {
	switch r {
	case CiliumStatus:
		return ciliumstatus.CompareNotes(expected, actual, ciliumstatus.Options{})
	case HubbleFlows:
		return flows.Compare(expected, actual), nil
	case HTTP:
		return httpresp.Compare(expected, actual), nil
	}
	return assertions.Output(expected, actual), nil
}
