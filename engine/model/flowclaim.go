package model

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// FlowClaim is a claim about the flows Hubble saw, written as a directive:
//
//	expect flows from default/testpod to basics/basicdeploy port 80 verdict DROPPED reason "Policy denied" within 30s
//	expect no flows from default/testpod verdict DROPPED
//
// The words after "flows" are keys with a value (flowKeys), each at most
// once (label any number of times) and in any order, and none (the same as
// "no flows"). It is parsed here, without Cilium's protobufs, so that a
// post is checked before anything runs; assertions/flows judges it
// against the flows Hubble returns.
type FlowClaim struct {
	// None claims that no such flow exists.
	None bool
	// From and To are the peers, "" for any. A peer is
	// "[namespace/]pod-name-prefix" (namespace "default" when left out), a
	// label selector ("k8s:app=web"), a reserved identity ("world",
	// "host") or a DNS name ("github.com").
	From, To string
	// Port is the destination port, 0 for any.
	Port int
	// Verdict is one of FlowVerdicts, "" for any.
	Verdict string
	// Reason is the event column as printed ("Policy denied",
	// "to-overlay") or a drop reason name ("POLICY_DENIED"), "" for any.
	Reason string
	// Direction is INGRESS or EGRESS, "" for any.
	Direction string
	// Type is a `hubble observe --type` value ("policy-verdict", "drop",
	// "trace:to-overlay", "l7"), "" for any.
	Type string
	// DNS is a DNS query name the flows carry, "" for any.
	DNS string
	// Namespace is a namespace either side is in, "" for any.
	Namespace string
	// Labels are label selectors either side matches.
	Labels []string
	// Protocol is tcp, udp, icmpv4, http, dns, ..., "" for any.
	Protocol string
	// Within is how long the flows may take to appear; 0 means the caller's
	// default. Checking does not wait: the caller polls.
	Within time.Duration
}

// Peers is the claim with only its peers' conditions (the peers, the
// port, the namespace and labels): what to look at to tell what happened
// between them instead of what the claim says.
func (c FlowClaim) Peers() FlowClaim {
	return FlowClaim{From: c.From, To: c.To, Port: c.Port, Namespace: c.Namespace, Labels: c.Labels}
}

// FlowVerdicts are the verdict names of Cilium's flow API (flow.Verdict)
// a flow claim may name; assertions/flows tests that they are Cilium's.
var FlowVerdicts = []string{"VERDICT_UNKNOWN", "FORWARDED", "DROPPED", "ERROR", "AUDIT", "REDIRECTED", "TRACED", "TRANSLATED"}

// FlowEventTypes are the event type names `hubble observe --type` takes
// (Cilium's monitor API MessageTypeNames); assertions/flows tests that
// they are Cilium's.
var FlowEventTypes = []string{"drop", "debug", "capture", "trace", "l7", "agent", "policy-verdict", "recorder", "trace-sock"}

// FlowTracePoints are the observation points a trace event may name after
// a colon ("trace:to-overlay"), as Cilium's monitor API names them.
var FlowTracePoints = []string{
	"to-endpoint", "to-proxy", "to-host", "to-stack", "to-overlay", "to-network", "to-crypto",
	"from-endpoint", "from-proxy", "from-host", "from-stack", "from-overlay", "from-network", "from-crypto",
}

// flowKey is a word of a flow claim that takes a value.
type flowKey struct {
	word, value string // as engine/doc.go writes them: port N
	set         func(c *FlowClaim, v string) error
}

// flowKeys are the words of a flow claim that take a value, in the order
// of the documented grammar (FlowClaimGrammar).
var flowKeys = []flowKey{
	{"from", "PEER", func(c *FlowClaim, v string) error { c.From = v; return nil }},
	{"to", "PEER", func(c *FlowClaim, v string) error { c.To = v; return nil }},
	{"port", "N", setPort},
	{"verdict", "V", setVerdict},
	{"reason", `"TEXT"`, func(c *FlowClaim, v string) error { c.Reason = v; return nil }},
	{"direction", "ingress|egress", setDirection},
	{"type", "T", setType},
	{"dns", "NAME", func(c *FlowClaim, v string) error { c.DNS = v; return nil }},
	{"namespace", "NS", func(c *FlowClaim, v string) error { c.Namespace = v; return nil }},
	{"label", "K=V", func(c *FlowClaim, v string) error { c.Labels = append(c.Labels, v); return nil }},
	{"protocol", "P", func(c *FlowClaim, v string) error { c.Protocol = strings.ToLower(v); return nil }},
	{"within", "DURATION", setWithin},
}

// FlowClaimGrammar is the grammar of a flow claim after "expect", as
// engine/doc.go writes it (within, which every cluster claim takes, is
// left out).
func FlowClaimGrammar() string {
	g := "[no] flows|flow"
	for _, k := range flowKeys {
		if k.word != "within" {
			g += " [" + k.word + " " + k.value + "]"
		}
	}
	return g
}

// FlowClaimError says why the words of a flow claim do not parse.
type FlowClaimError struct {
	Word, Reason string
}

func (e *FlowClaimError) Error() string {
	if e.Word == "" {
		return "flow claim: " + e.Reason
	}
	return fmt.Sprintf("flow claim at %q: %s", e.Word, e.Reason)
}

// ParseFlowClaim parses the words of a flow claim (with or without the
// leading "expect"). A quoted value may be one word or span several
// ("reason", `"Policy`, `denied"`).
func ParseFlowClaim(words []string) (FlowClaim, error) {
	var c FlowClaim
	if len(words) > 0 && words[0] == "expect" {
		words = words[1:]
	}
	if len(words) > 0 && words[0] == "no" {
		c.None, words = true, words[1:]
	}
	if len(words) == 0 || (words[0] != "flows" && words[0] != "flow") {
		return c, &FlowClaimError{Reason: `want "flows" (expect [no] flows from ... to ...)`}
	}
	seen := map[string]bool{}
	for i := 1; i < len(words); i++ {
		key := words[i]
		if key == "none" {
			c.None = true
			continue
		}
		if seen[key] && key != "label" {
			return c, &FlowClaimError{Word: key, Reason: "given twice"}
		}
		seen[key] = true
		if i+1 >= len(words) {
			return c, &FlowClaimError{Word: key, Reason: "needs a value"}
		}
		i++
		if err := c.set(key, words[i]); err != nil {
			return c, &FlowClaimError{Word: key + " " + words[i], Reason: err.Error()}
		}
	}
	return c, nil
}

func (c *FlowClaim) set(key, v string) error {
	i := slices.IndexFunc(flowKeys, func(k flowKey) bool { return k.word == key })
	if i < 0 {
		known := make([]string, len(flowKeys), len(flowKeys)+1)
		for j, k := range flowKeys {
			known[j] = k.word
		}
		return fmt.Errorf("unknown word (%s)", strings.Join(append(known, "none"), ", "))
	}
	return flowKeys[i].set(c, v)
}

func setPort(c *FlowClaim, v string) error {
	n, err := strconv.ParseUint(v, 10, 16)
	if err != nil || n == 0 {
		return fmt.Errorf("not a port")
	}
	c.Port = int(n)
	return nil
}

func setVerdict(c *FlowClaim, v string) error {
	v = strings.ToUpper(v)
	if !slices.Contains(FlowVerdicts, v) {
		return fmt.Errorf("unknown verdict (FORWARDED, DROPPED, ERROR, AUDIT, REDIRECTED, TRACED, TRANSLATED)")
	}
	c.Verdict = v
	return nil
}

func setDirection(c *FlowClaim, v string) error {
	v = strings.ToUpper(v)
	if v != "INGRESS" && v != "EGRESS" {
		return fmt.Errorf("want ingress or egress")
	}
	c.Direction = v
	return nil
}

// setType accepts a `hubble observe --type` value: an event type, or
// trace:POINT.
func setType(c *FlowClaim, v string) error {
	name, sub, hasSub := strings.Cut(v, ":")
	if !slices.Contains(FlowEventTypes, name) {
		return fmt.Errorf("unknown flow type %q (trace, drop, policy-verdict, l7, trace-sock)", name)
	}
	if hasSub && (name != "trace" || !slices.Contains(FlowTracePoints, sub)) {
		return fmt.Errorf("unknown sub-type %q of %s", sub, name)
	}
	c.Type = v
	return nil
}

func setWithin(c *FlowClaim, v string) error {
	d, err := time.ParseDuration(v)
	if err != nil || d <= 0 {
		return fmt.Errorf("not a duration")
	}
	c.Within = d
	return nil
}

// String prints the claim in directive form.
func (c FlowClaim) String() string {
	var b strings.Builder
	b.WriteString("flows")
	if c.None {
		b.WriteString(" none")
	}
	add := func(k, v string) {
		if v != "" {
			if strings.ContainsAny(v, " \t") {
				v = strconv.Quote(v)
			}
			b.WriteString(" " + k + " " + v)
		}
	}
	add("from", c.From)
	add("to", c.To)
	if c.Port != 0 {
		add("port", strconv.Itoa(c.Port))
	}
	add("verdict", c.Verdict)
	add("reason", c.Reason)
	add("direction", strings.ToLower(c.Direction))
	add("type", c.Type)
	add("dns", c.DNS)
	add("namespace", c.Namespace)
	for _, l := range c.Labels {
		add("label", l)
	}
	add("protocol", c.Protocol)
	return b.String()
}

// FlowClaim reads the flow claim a ClaimFlows or ClaimNoFlows claim holds
// in its words; its Within is the claim's.
func (c ClusterClaim) FlowClaim() (FlowClaim, error) {
	words := append([]string{"flows"}, c.Args...)
	if c.What == ClaimNoFlows {
		words = append([]string{"no"}, words...)
	}
	fc, err := ParseFlowClaim(words)
	if err == nil && c.Within > 0 {
		fc.Within = c.Within
	}
	return fc, err
}
