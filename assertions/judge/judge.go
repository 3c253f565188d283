// Package judge decides how a step's pasted output is compared with what
// the run printed, by what the command is, so that the plan, the run and
// learn mode describe and apply the same rule.
package judge

import (
	"strings"

	"github.com/tutor-run/tutor/assertions"
	"github.com/tutor-run/tutor/assertions/ciliumstatus"
	"github.com/tutor-run/tutor/assertions/ciliumtest"
	"github.com/tutor-run/tutor/assertions/describe"
	"github.com/tutor-run/tutor/assertions/flows"
	"github.com/tutor-run/tutor/assertions/httpresp"
	"github.com/tutor-run/tutor/assertions/jsonclaim"
	"github.com/tutor-run/tutor/assertions/kubeaction"
	"github.com/tutor-run/tutor/assertions/kubetable"
	"github.com/tutor-run/tutor/assertions/netprobe"
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
	// Table compares a table other than kubectl get's (helm list, az -o
	// table, cilium endpoint list, kubectl top) row by row, keyed by name.
	Table
	// KubeAction compares what kubectl apply, delete, scale, rollout and
	// wait print as one fact per object.
	KubeAction
	// Describe compares kubectl describe by fields and event reasons.
	Describe
	// Document compares JSON or YAML by keys and values.
	Document
	// CiliumTest compares cilium connectivity test by its verdict.
	CiliumTest
	// Ping compares ping by target, loss and errors.
	Ping
	// DNS compares dig, nslookup and host by status and answered records.
	DNS
	// DNSShort is DNS for dig +short, which prints bare values.
	DNSShort
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
	if c, ok := parseCommand(command, aliases); ok {
		return family(c, expected)
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
	case Table:
		return "the table has the pasted rows, matched by name in any order, column by column (times and added columns ignored)"
	case KubeAction:
		return "kubectl reports the same outcome for each object (order, API group and created/configured/unchanged ignored)"
	case Describe:
		return "describe shows the pasted fields and event reasons (times, addresses, node and IDs ignored)"
	case Document:
		return "the document has the pasted keys and values (key order, added fields and volatile values ignored)"
	case CiliumTest:
		return "the connectivity test reaches the pasted verdict (test and action counts ignored)"
	case Ping:
		return "ping reaches the same target with the same loss (round trips and TTLs ignored)"
	case DNS, DNSShort:
		return "the DNS answer has the same status and records (TTLs, addresses, server and order ignored)"
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
		return flows.Compare(compactFlows(expected), compactFlows(actual)), nil
	case HTTP:
		return httpresp.Compare(expected, actual), nil
	case Table:
		return kubetable.Compare(tableOf(expected), tableOf(actual)).Result, nil
	case KubeAction:
		return kubeaction.Compare(expected, actual), nil
	case Describe:
		return describe.Compare(expected, actual), nil
	case Document:
		return jsonclaim.Compare(expected, actual), nil
	case CiliumTest:
		return ciliumtest.Compare(expected, actual), nil
	case Ping:
		return netprobe.Ping(expected, actual), nil
	case DNS:
		return netprobe.DNS(expected, actual, false), nil
	case DNSShort:
		return netprobe.DNS(expected, actual, true), nil
	}
	return assertions.Output(expected, actual), nil
}

// Verdict is how a run's output fared against the pasted output.
type Verdict struct {
	assertions.Result
	// Rule is the rule that judged it.
	Rule Rule
	// Bindings are the names and addresses a kubectl table bound.
	Bindings []kubetable.Binding
	// Notes are what the comparison saw without failing (version drift,
	// flows the post does not show).
	Notes []string
}

// Output judges what a run of command printed against the output the post
// pasted for it, by the rule For picks.
func Output(command, expected, actual string, aliases map[string]string) Verdict {
	expected = assertions.Unmask(expected, actual)
	r := For(command, expected, aliases)
	if r == KubeTable {
		res := kubetable.Compare(expected, actual)
		return Verdict{Result: res.Result, Rule: r, Bindings: append(res.Bindings, res.Addresses...)}
	}
	res, notes := Compare(r, expected, actual)
	return Verdict{Result: res, Rule: r, Notes: notes}
}

// String names the rule, for reports and tests.
func (r Rule) String() string {
	switch r {
	case KubeTable:
		return "kubetable"
	case CiliumStatus:
		return "ciliumstatus"
	case HubbleFlows:
		return "hubble"
	case HTTP:
		return "http"
	case Blocked:
		return "blocked"
	case Table:
		return "table"
	case KubeAction:
		return "kubeaction"
	case Describe:
		return "describe"
	case Document:
		return "document"
	case CiliumTest:
		return "ciliumtest"
	case Ping:
		return "ping"
	case DNS, DNSShort:
		return "dns"
	}
	return "text"
}

// tableOf makes an az -o table (a header in mixed case over a line of
// dashes) read like a kubectl table: the header upper-cased, the dashes
// dropped.
func tableOf(s string) string {
	lines := strings.SplitN(s, "\n", 3)
	if len(lines) < 3 || strings.Trim(strings.TrimSpace(lines[1]), "- ") != "" || !strings.Contains(lines[1], "--") {
		return s
	}
	return strings.ToUpper(lines[0]) + "\n" + lines[2]
}
