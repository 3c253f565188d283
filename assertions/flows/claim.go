package flows

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/cilium/cilium/api/v1/flow"
	"github.com/tutor-run/tutor/engine/hubble/flowfmt"
	"github.com/tutor-run/tutor/engine/model"
)

// Claim is a flow claim written as a directive:
//
//	expect flows from default/testpod to basics/basicdeploy port 80 verdict DROPPED reason "Policy denied" within 30s
//	expect no flows from default/testpod verdict DROPPED
//
// Words after "flows" (each at most once, any order): from PEER, to PEER,
// port N, verdict V, reason TEXT, direction ingress|egress, type T (as
// `hubble observe --type`), dns NAME, namespace NS, label K=V, protocol P,
// within DURATION, and none (same as "no flows"). A PEER is
// "[namespace/]pod-name-prefix" (namespace "default" when left out), a
// label selector ("k8s:app=web"), a reserved identity ("world", "host")
// or a DNS name ("github.com").
type Claim struct {
	// None claims that no such flow exists.
	None bool
	// From and To are the peers, "" for any.
	From, To string
	// Port is the destination port, 0 for any.
	Port int
	// Verdict is a flow verdict name (FORWARDED, DROPPED, ...), "" for any.
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
	// default. Check does not wait: the caller polls.
	Within time.Duration
}

// ClaimError says why the words of a flow claim do not parse.
type ClaimError struct {
	Word, Reason string
}

func (e *ClaimError) Error() string {
	if e.Word == "" {
		return "flow claim: " + e.Reason
	}
	return fmt.Sprintf("flow claim at %q: %s", e.Word, e.Reason)
}

// ParseClaim parses the words of a flow claim (with or without the
// leading "expect"). A quoted value may be one word or span several
// ("reason", `"Policy`, `denied"`).
func ParseClaim(words []string) (Claim, error) {
	var c Claim
	words = joinQuoted(words)
	if len(words) > 0 && words[0] == "expect" {
		words = words[1:]
	}
	if len(words) > 0 && words[0] == "no" {
		c.None, words = true, words[1:]
	}
	if len(words) == 0 || (words[0] != "flows" && words[0] != "flow") {
		return c, &ClaimError{Reason: `want "flows" (expect [no] flows from ... to ...)`}
	}
	seen := map[string]bool{}
	for i := 1; i < len(words); i++ {
		key := words[i]
		if key == "none" {
			c.None = true
			continue
		}
		if seen[key] && key != "label" {
			return c, &ClaimError{Word: key, Reason: "given twice"}
		}
		seen[key] = true
		if i+1 >= len(words) {
			return c, &ClaimError{Word: key, Reason: "needs a value"}
		}
		i++
		if err := c.set(key, words[i]); err != nil {
			return c, &ClaimError{Word: key + " " + words[i], Reason: err.Error()}
		}
	}
	return c, nil
}

func (c *Claim) set(key, v string) error {
	switch key {
	case "from":
		c.From = v
	case "to":
		c.To = v
	case "port":
		n, err := strconv.ParseUint(v, 10, 16)
		if err != nil || n == 0 {
			return fmt.Errorf("not a port")
		}
		c.Port = int(n)
	case "verdict":
		v = strings.ToUpper(v)
		if _, ok := flow.Verdict_value[v]; !ok {
			return fmt.Errorf("unknown verdict (FORWARDED, DROPPED, ERROR, AUDIT, REDIRECTED, TRACED, TRANSLATED)")
		}
		c.Verdict = v
	case "reason":
		c.Reason = v
	case "direction":
		v = strings.ToUpper(v)
		if v != "INGRESS" && v != "EGRESS" {
			return fmt.Errorf("want ingress or egress")
		}
		c.Direction = v
	case "type":
		if _, err := eventTypeFilter(v); err != nil {
			return err
		}
		c.Type = v
	case "dns":
		c.DNS = v
	case "namespace":
		c.Namespace = v
	case "label":
		c.Labels = append(c.Labels, v)
	case "protocol":
		c.Protocol = strings.ToLower(v)
	case "within":
		d, err := time.ParseDuration(v)
		if err != nil || d <= 0 {
			return fmt.Errorf("not a duration")
		}
		c.Within = d
	default:
		return fmt.Errorf("unknown word (from, to, port, verdict, reason, direction, type, dns, namespace, label, protocol, within, none)")
	}
	return nil
}

// joinQuoted joins the words of a double-quoted value split by spaces
// and strips the quotes.
func joinQuoted(words []string) []string {
	var out []string
	for i := 0; i < len(words); i++ {
		w := words[i]
		if !strings.HasPrefix(w, `"`) {
			out = append(out, w)
			continue
		}
		j := i
		for j < len(words)-1 && !(strings.HasSuffix(words[j], `"`) && (j > i || len(w) > 1)) {
			j++
		}
		joined := strings.Join(words[i:j+1], " ")
		out = append(out, strings.TrimSuffix(strings.TrimPrefix(joined, `"`), `"`))
		i = j
	}
	return out
}

// String prints the claim in directive form.
func (c Claim) String() string {
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

// reasonMatches reports whether f's event column or drop reason is the
// claimed reason.
func (c Claim) reasonMatches(f *flow.Flow) bool {
	if c.Reason == "" {
		return true
	}
	if strings.EqualFold(flowfmt.EventName(f), c.Reason) {
		return true
	}
	return f.GetDropReasonDesc() != flow.DropReason_DROP_REASON_UNKNOWN &&
		strings.EqualFold(f.GetDropReasonDesc().String(), reasonEnum(c.Reason))
}

var notWord = regexp.MustCompile(`[^A-Za-z0-9]+`)

// reasonEnum turns "Policy denied" into "POLICY_DENIED".
func reasonEnum(s string) string {
	return strings.ToUpper(strings.Trim(notWord.ReplaceAllString(s, "_"), "_"))
}

// FromModel reads the flow claim a directive holds (model.ClaimFlows or
// model.ClaimNoFlows and its words).
func FromModel(c model.ClusterClaim) (Claim, error) {
	words := append([]string{"flows"}, c.Args...)
	if c.What == model.ClaimNoFlows {
		words = append([]string{"no"}, words...)
	}
	fc, err := ParseClaim(words)
	if err == nil && c.Within > 0 {
		fc.Within = c.Within
	}
	return fc, err
}
