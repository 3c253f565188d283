package cilium

import (
	"fmt"
	"strings"

	"github.com/tutor-run/tutor/assertions"
	"github.com/tutor-run/tutor/assertions/ciliumstatus"
)

// requirable maps the words of `expect cilium ok WORD...` to components.
var requirable = map[string]string{
	"operator":    "Operator",
	"hubble":      "Hubble Relay",
	"envoy":       "Envoy DaemonSet",
	"clustermesh": "ClusterMesh",
}

// Healthy checks the claim `expect cilium ok [hubble|operator|envoy|
// clustermesh ...]`: the agent (Cilium) is deployed and OK, every enabled
// component is OK, every workload has all its desired pods ready and
// available, and each required component is enabled (not "disabled") and
// OK.
func Healthy(s ciliumstatus.Status, require ...string) assertions.Result {
	var problems []string
	need := map[string]bool{"Cilium": true}
	for _, word := range require {
		name, ok := requirable[strings.ToLower(word)]
		if !ok {
			return assertions.Result{Message: fmt.Sprintf("expect cilium ok: unknown component %q (want hubble, operator, envoy or clustermesh)", word)}
		}
		need[name] = true
	}
	var okNames []string
	for _, name := range []string{"Cilium", "Operator", "Envoy DaemonSet", "Hubble Relay", "ClusterMesh"} {
		st, shown := s.Component(name)
		switch {
		case !shown && need[name]:
			problems = append(problems, name+": not shown")
		case !shown:
		case st.Disabled && st.Errors == 0 && st.Warnings == 0:
			if need[name] {
				problems = append(problems, fmt.Sprintf("%s: %s, expected enabled and OK", name, st))
			}
		case st.Kind() != "OK":
			problems = append(problems, fmt.Sprintf("%s: %s", name, st))
		default:
			okNames = append(okNames, name)
		}
	}
	for _, w := range s.Workloads {
		if !w.Settled() {
			problems = append(problems, fmt.Sprintf("%s: %s", w.Key(), w))
		}
	}
	if len(problems) > 0 {
		return assertions.Result{Message: "cilium not OK: " + strings.Join(problems, "; ")}
	}
	return assertions.Result{OK: true, Message: fmt.Sprintf("cilium OK: %s OK; %d workloads ready", strings.Join(okNames, ", "), len(s.Workloads))}
}
