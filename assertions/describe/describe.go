// Package describe judges `kubectl describe` output by its fields and its
// events, not line by line. A field the post shows (Status, Image,
// Replicas, Ready, QoS Class ...) must be there with the same value once
// volatile values are normalized; fields that are measurements of one run
// (Start Time, IP, Node, Container ID, Image ID, Started, timestamps) are
// not claims, and fields a newer kubectl adds are not either. The Events
// table is judged by what happened, not when: every event reason the post
// shows must be in the run (Pulling is optional: a node that already has
// the image pulls nothing), and a Warning the post does not show is a
// failure. Lines that are not fields (the rows of Conditions, label and
// annotation lists) must appear in the run, in any order.
package describe

import (
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/tutor-run/tutor/assertions"
	"github.com/tutor-run/tutor/engine/normalize"
)

// volatile are fields whose values differ in every faithful rerun.
var volatile = map[string]bool{
	"Start Time": true, "IP": true, "IPs": true, "Node": true, "Container ID": true,
	"Image ID": true, "Started": true, "Finished": true, "CreationTimestamp": true,
	"Creation Timestamp": true, "NodePort": true, "Age": true,
	"Last Transition Time": true, "Last Probe Time": true, "Last Heartbeat Time": true,
	"Renew Time": true, "Acquire Time": true, "Holder": true, "UID": true, "Resource Version": true,
	"Annotations": true, "Host IP": true, "Pod IP": true, "Pod IPs": true, "Hostname": true,
	"Machine ID": true, "System UUID": true, "Boot ID": true, "ProviderID": true,
	"Addresses": true, "InternalIP": true, "ExternalIP": true, "Kernel Version": true,
	"OS Image": true, "Container Runtime Version": true, "Kubelet Version": true, "Kube-Proxy Version": true,

	"Events": true,
}

var (
	field     = regexp.MustCompile(`^(\s*)([A-Za-z][A-Za-z0-9 ./()<>-]*?):(?:\s+(.*))?$`)
	eventHead = regexp.MustCompile(`^\s*Type\s+Reason\s+Age\s+From\s+Message`)
	eventRow  = regexp.MustCompile(`^\s*(Normal|Warning)\s+(\S+)\s`)
)

type parsed struct {
	fields map[string]string // "Parent/Key" -> normalized value
	order  []string
	lines  []string // other lines, normalized
	events []string // "Type Reason"
	noEv   bool     // Events: <none>
}

func parse(text string) parsed {
	p := parsed{fields: map[string]string{}}
	var stack []struct {
		indent int
		key    string
	}
	inEvents, skipIndent := false, -1
	for _, raw := range strings.Split(expandTabs(text), "\n") {
		if strings.TrimSpace(raw) == "" {
			continue
		}
		indent := len(raw) - len(strings.TrimLeft(raw, " "))
		raw = strings.Repeat(" ", indent) + normalize.Line(raw)
		line := strings.TrimSpace(raw)
		if inEvents {
			if indent == 0 && !eventRow.MatchString(raw) && !strings.HasPrefix(line, "----") && !eventHead.MatchString(raw) {
				inEvents = false
			} else {
				if m := eventRow.FindStringSubmatch(raw); m != nil {
					p.events = append(p.events, m[1]+" "+m[2])
				}
				continue
			}
		}
		if skipIndent >= 0 && indent > skipIndent {
			continue // under a volatile field
		}
		skipIndent = -1
		m := field.FindStringSubmatch(raw)
		if m == nil {
			p.lines = append(p.lines, line)
			continue
		}
		key, value := m[2], strings.TrimSpace(m[3])
		for len(stack) > 0 && stack[len(stack)-1].indent >= indent {
			stack = stack[:len(stack)-1]
		}
		path := key
		if len(stack) > 0 {
			path = stack[len(stack)-1].key + "/" + key
		}
		stack = append(stack, struct {
			indent int
			key    string
		}{indent, path})
		if key == "Events" {
			inEvents = true
			p.noEv = value == "<none>"
			continue
		}
		if volatile[key] || strings.HasPrefix(key, "kube-api-access-") {
			// The service account token volume every pod gets: how kubectl
			// prints it changes by version, and no post teaches it.
			skipIndent = indent
			continue
		}
		if _, dup := p.fields[path]; !dup {
			p.order = append(p.order, path)
		}
		p.fields[path] = assertions.MaskMeasurements(value)
	}
	return p
}

// expandTabs turns tabs into spaces so indentation can be measured.
func expandTabs(s string) string {
	if !strings.Contains(s, "\t") {
		return s
	}
	return strings.ReplaceAll(s, "\t", "    ")
}

// optionalEvent is the event a faithful rerun may not have: a node that
// already holds the image pulls nothing.
const optionalEvent = "Normal Pulling"

// Compare judges a run's describe output against the pasted one.
func Compare(expected, actual string) assertions.Result {
	e, a := parse(expected), parse(actual)
	if len(e.fields) < 2 {
		return assertions.Output(expected, actual)
	}
	var probs []string
	for _, k := range e.order {
		av, ok := a.fields[k]
		switch {
		case !ok:
			probs = append(probs, fmt.Sprintf("the run shows no %s", k))
		case av != e.fields[k] && e.fields[k] != "...":
			probs = append(probs, fmt.Sprintf("%s is %q, the post says %q", k, av, e.fields[k]))
		}
	}
	have := map[string]int{}
	for _, l := range a.lines {
		have[l]++
	}
	for _, l := range e.lines {
		if l == "..." {
			continue
		}
		if have[l] == 0 {
			probs = append(probs, fmt.Sprintf("the run has no line %q", l))
			continue
		}
		have[l]--
	}
	evs := map[string]bool{}
	for _, ev := range a.events {
		evs[ev] = true
	}
	posted := map[string]bool{}
	for _, ev := range e.events {
		posted[ev] = true
		if !evs[ev] && ev != optionalEvent {
			probs = append(probs, fmt.Sprintf("the run has no %s event", ev))
		}
	}
	if len(e.events) > 0 || e.noEv {
		var warnings []string
		for _, ev := range a.events {
			if strings.HasPrefix(ev, "Warning ") && !posted[ev] {
				warnings = append(warnings, strings.TrimPrefix(ev, "Warning "))
			}
		}
		sort.Strings(warnings)
		if len(warnings) > 0 {
			probs = append(probs, "the run has Warning events the post does not show: "+strings.Join(dedupe(warnings), ", "))
		}
	}
	if len(probs) == 0 {
		return assertions.Result{OK: true, Message: fmt.Sprintf("describe shows the same %d fields and events (times, addresses, node and IDs ignored)", len(e.fields))}
	}
	return assertions.Differences(probs, expected, actual)
}

func dedupe(s []string) []string {
	out := s[:0]
	for i, x := range s {
		if i == 0 || x != s[i-1] {
			out = append(out, x)
		}
	}
	return out
}
