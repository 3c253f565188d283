package flows

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/tutor-run/tutor/engine/normalize"
)

// Kind is what is left of a flow line once the details that change from
// run to run are dropped: times, identities, pod IPs, the generated
// suffixes of pod names, the source (ephemeral) port and the direction
// arrow. A post and a run agree when they show the same kinds.
//
// The arrow is dropped because "->" and "<>" print the same packet
// depending on whether Cilium knew it was a reply, and "<-" lines already
// print the initiator first, so the left side is always the client.
type Kind struct {
	// Src and Dst are workloads: "ns/pod" with generated suffixes replaced
	// by "*", a DNS name, "(host)" for a reserved identity's address, or
	// "<ip>".
	Src, Dst string
	// Port is the destination port, 0 when none printed.
	Port int
	// Point, Verdict and Summary are as in Line; Summary is normalized.
	Point, Verdict, Summary string
}

// pathPoints are the trace points where Cilium hands a forwarded packet
// on. Which one a flow shows depends on where its two ends run (one node
// or two, a tunnel or native routing), not on what a post claims, so a
// FORWARDED kind at one matches the same kind at any other.
var pathPoints = map[string]bool{"to-endpoint": true, "to-overlay": true, "to-stack": true, "to-host": true, "to-network": true}

// key is the kind as kinds are compared: a FORWARDED kind's path point is
// any path point.
func (k Kind) key() Kind {
	if k.Verdict == "FORWARDED" && pathPoints[k.Point] {
		k.Point = "to-*"
	}
	return k
}

// Translation reports a kind that Cilium's socket load balancer prints
// when it translates a Service address (post-xlate-fwd TRANSLATED): only
// a cluster where Cilium replaces kube-proxy shows it.
func (k Kind) Translation() bool { return k.Verdict == "TRANSLATED" }

// KindOf reduces a line to its kind.
func KindOf(l Line) Kind {
	return Kind{
		Src: workload(l.Src), Dst: workload(l.Dst), Port: l.Dst.Port,
		Point: l.Point, Verdict: l.Verdict, Summary: summary(l.Summary),
	}
}

// Endpoints prints "src -> dst:port".
func (k Kind) Endpoints() string {
	dst := k.Dst
	if k.Port != 0 {
		dst += ":" + strconv.Itoa(k.Port)
	}
	return k.Src + " -> " + dst
}

// Event prints `point VERDICT (summary)`.
func (k Kind) Event() string {
	return strings.TrimSpace(k.Point+" "+k.Verdict) + " (" + k.Summary + ")"
}

// String prints the kind as one line: `src -> dst:port point VERDICT (summary)`.
func (k Kind) String() string { return k.Endpoints() + " " + k.Event() }

func workload(e Endpoint) string {
	switch {
	case e.Pod != "":
		return e.Namespace + "/" + GenericPodName(e.Pod)
	case e.Name != "":
		return e.Name
	case e.Reserved != "" && e.Reserved != "world" && e.Reserved != "unknown":
		return "(" + e.Reserved + ")"
	case e.IP != "":
		return "<ip>"
	}
	return ""
}

var ttl = regexp.MustCompile(`TTL: \d+`)

// summary normalizes the summary column: addresses, durations and TTLs
// vary between runs; TCP flags and DNS queries do not.
func summary(s string) string {
	s = normalize.Line(s)
	if strings.Contains(s, "TTL: ") {
		s = ttl.ReplaceAllString(s, "TTL: *")
	}
	return s
}

// GenericPodName replaces the suffixes Kubernetes generates for the pods
// of a Deployment ("web-7c9f8d6b5-x2x9k"), ReplicaSet or DaemonSet
// ("cilium-x2x9k") by "*": "web-*", "cilium-*". Other names are returned
// unchanged.
func GenericPodName(pod string) string {
	i := strings.LastIndexByte(pod, '-')
	if i < 0 || !generated(pod[i+1:], 5, 5) {
		return pod
	}
	base := pod[:i]
	if j := strings.LastIndexByte(base, '-'); j >= 0 && generated(base[j+1:], 6, 10) {
		base = base[:j]
	}
	return base + "-*"
}

// generated reports whether s looks like a generated name part: min to max
// characters of the alphabet Kubernetes uses (no vowels, no 0, 1, 3).
// A pod-template hash (6 or more characters) must hold a digit.
func generated(s string, min, max int) bool {
	if len(s) < min || len(s) > max {
		return false
	}
	digit := false
	for _, r := range s {
		if !strings.ContainsRune("bcdfghjklmnpqrstvwxz2456789", r) {
			return false
		}
		digit = digit || (r >= '0' && r <= '9')
	}
	return min == max || digit
}
