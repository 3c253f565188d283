package flows

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/cilium/cilium/api/v1/flow"
	"github.com/cilium/cilium/api/v1/observer"
	monitorAPI "github.com/cilium/cilium/pkg/monitor/api"
	"github.com/tutor-run/tutor/assertions"
	"github.com/tutor-run/tutor/engine/hubble/flowfmt"
	"github.com/tutor-run/tutor/engine/hubble/flowmatch"
	"github.com/tutor-run/tutor/engine/model"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/timestamppb"
)

// reservedPeers are the peers that name a reserved identity.
var reservedPeers = map[string]bool{
	"world": true, "host": true, "remote-node": true, "kube-apiserver": true,
	"health": true, "init": true, "ingress": true, "unmanaged": true,
}

// Request is the GetFlowsRequest for the claim's flows since a time: the
// claim's conditions as whitelist filters, every flow in the window.
func Request(c model.FlowClaim, since time.Time) *observer.GetFlowsRequest {
	req := &observer.GetFlowsRequest{Whitelist: filters(c)}
	if !since.IsZero() {
		req.Since = timestamppb.New(since)
	}
	return req
}

// filters are the claim's conditions (all but reason names that only the
// printed event column holds); two filters when namespace or label may
// match either side.
func filters(c model.FlowClaim) []*flow.FlowFilter {
	ff := &flow.FlowFilter{}
	peer(c.From, &ff.SourcePod, &ff.SourceLabel, &ff.SourceFqdn)
	peer(c.To, &ff.DestinationPod, &ff.DestinationLabel, &ff.DestinationFqdn)
	if c.Port != 0 {
		ff.DestinationPort = []string{fmt.Sprint(c.Port)}
	}
	if c.Verdict != "" {
		ff.Verdict = []flow.Verdict{flow.Verdict(flow.Verdict_value[c.Verdict])}
	}
	if c.Direction != "" {
		ff.TrafficDirection = []flow.TrafficDirection{flow.TrafficDirection(flow.TrafficDirection_value[c.Direction])}
	}
	if tf, err := eventTypeFilter(c.Type); err == nil && tf != nil {
		ff.EventType = []*flow.EventTypeFilter{tf}
	}
	if c.DNS != "" {
		ff.DnsQuery = []string{"^" + regexp.QuoteMeta(strings.TrimSuffix(c.DNS, ".")) + `\.?$`}
	}
	if c.Protocol != "" {
		ff.Protocol = []string{c.Protocol}
	}
	if c.Namespace == "" && len(c.Labels) == 0 {
		return []*flow.FlowFilter{ff}
	}
	left, right := proto.Clone(ff).(*flow.FlowFilter), ff
	if c.Namespace != "" {
		left.SourcePod = inNamespace(left.SourcePod, c.Namespace)
		right.DestinationPod = inNamespace(right.DestinationPod, c.Namespace)
	}
	left.SourceLabel = append(left.SourceLabel, c.Labels...)
	right.DestinationLabel = append(right.DestinationLabel, c.Labels...)
	return []*flow.FlowFilter{left, right}
}

// peer sets the pod, label or DNS-name condition a peer word stands for.
func peer(v string, pods, labels, names *[]string) {
	switch {
	case v == "":
	case strings.Contains(v, "="), strings.Contains(v, ":"):
		*labels = append(*labels, v)
	case reservedPeers[v]:
		*labels = append(*labels, "reserved:"+v)
	case !strings.Contains(v, "/") && strings.Contains(v, "."):
		*names = append(*names, v)
	default:
		*pods = append(*pods, v)
	}
}

func inNamespace(pods []string, ns string) []string {
	if len(pods) == 0 {
		return []string{ns + "/"}
	}
	return pods // a pod given with its own namespace wins
}

// eventTypeFilter reads a --type value; nil for "".
func eventTypeFilter(v string) (*flow.EventTypeFilter, error) {
	if v == "" {
		return nil, nil
	}
	name, sub, hasSub := strings.Cut(v, ":")
	t, ok := monitorAPI.MessageTypeNames[name]
	if !ok {
		return nil, fmt.Errorf("unknown flow type %q (trace, drop, policy-verdict, l7, trace-sock)", name)
	}
	tf := &flow.EventTypeFilter{Type: int32(t)}
	if !hasSub {
		return tf, nil
	}
	for k, point := range monitorAPI.TraceObservationPoints {
		if t == monitorAPI.MessageTypeTrace && point == sub {
			tf.MatchSubType, tf.SubType = true, int32(k)
			return tf, nil
		}
	}
	return nil, fmt.Errorf("unknown sub-type %q of %s", sub, name)
}

// Check judges the claim against flows (those its Request returned, or any
// superset): some flow must match, or, for a None claim, none may.
func Check(c model.FlowClaim, flows []*flow.Flow) assertions.Result {
	filter, err := flowmatch.New(filters(c), nil)
	if err != nil {
		return assertions.Result{Message: fmt.Sprintf("%s: %v", c, err)}
	}
	var matched []*flow.Flow
	for _, f := range flows {
		if filter.Pass(f) && reasonMatches(c, f) {
			matched = append(matched, f)
		}
	}
	switch {
	case c.None && len(matched) == 0:
		return assertions.Result{OK: true, Message: fmt.Sprintf("no flow matches (%d seen)", len(flows))}
	case c.None:
		return assertions.Result{
			Message: fmt.Sprintf("%s: %d flows match, e.g. %s", c, len(matched), flowfmt.Compact(matched[0])),
		}
	case len(matched) > 0:
		return assertions.Result{OK: true, Message: fmt.Sprintf("%d flows match, e.g. %s", len(matched), flowfmt.Compact(matched[0]))}
	}
	return assertions.Result{Message: fmt.Sprintf("%s: no flow matches (%d seen)%s", c, len(flows), nearMisses(c, flows))}
}

// nearMisses describes the flows between the claim's peers that failed
// its other conditions.
func nearMisses(c model.FlowClaim, flows []*flow.Flow) string {
	filter, err := flowmatch.New(filters(c.Peers()), nil)
	if err != nil {
		return ""
	}
	var events []string
	for _, f := range flows {
		if !filter.Pass(f) {
			continue
		}
		e := flowfmt.EventName(f) + " " + flowfmt.Verdict(f) + " (" + f.GetSummary() + ")"
		if !slices.Contains(events, e) {
			events = append(events, e)
		}
	}
	switch {
	case len(events) == 0:
		return ""
	case len(events) > 3:
		return fmt.Sprintf("; between them the cluster shows: %s and %d more", strings.Join(events[:3], "; "), len(events)-3)
	}
	return "; between them the cluster shows: " + strings.Join(events, "; ")
}

// reasonMatches reports whether f's event column or drop reason is the
// claimed reason.
func reasonMatches(c model.FlowClaim, f *flow.Flow) bool {
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
