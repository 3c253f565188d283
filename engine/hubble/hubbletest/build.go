package hubbletest

import (
	"strings"
	"time"

	"github.com/cilium/cilium/api/v1/flow"
	monitorAPI "github.com/cilium/cilium/pkg/monitor/api"
	"google.golang.org/protobuf/types/known/timestamppb"
	"google.golang.org/protobuf/types/known/wrapperspb"
)

// Event is what a built flow reports: the event and verdict columns it
// prints in compact output.
type Event int

// Events Build knows.
const (
	XlateFwd      Event = iota // post-xlate-fwd TRANSLATED (TCP)
	XlateRev                   // pre-xlate-rev TRACED
	ToOverlay                  // to-overlay FORWARDED
	ToProxy                    // to-proxy FORWARDED
	VerdictDenied              // policy-verdict:none DIRECTION DENIED
	VerdictL3L4                // policy-verdict:L3-L4 DIRECTION ALLOWED
	PolicyDrop                 // Policy denied DROPPED
	DNSQuery                   // dns-request proxy FORWARDED (DNS Query NAME TYPE)
)

// Spec describes one flow for Build.
type Spec struct {
	Event Event
	At    time.Time
	// Node is the flow's node; "" means NodeName.
	Node         string
	Src, Dst     *flow.Endpoint
	SrcIP, DstIP string
	Sport, Dport uint32
	// Flags makes the flow TCP with these flags; nil means UDP.
	Flags     *flow.TCPFlags
	Direction flow.TrafficDirection
	// DstNames are the destination's DNS names (a world peer's).
	DstNames []string
	// Query and Qtype are the DNS question of a DNSQuery flow.
	Query, Qtype string
}

// Build makes the flow s describes, with the summary Cilium would give it.
func Build(s Spec) *flow.Flow {
	node := s.Node
	if node == "" {
		node = NodeName
	}
	f := &flow.Flow{Time: timestamppb.New(s.At), NodeName: node, Type: flow.FlowType_L3_L4,
		Source: s.Src, Destination: s.Dst, DestinationNames: s.DstNames, TrafficDirection: s.Direction,
		IP: &flow.IP{Source: s.SrcIP, Destination: s.DstIP, IpVersion: flow.IPVersion_IPv4}}
	if s.Flags != nil {
		f.L4 = &flow.Layer4{Protocol: &flow.Layer4_TCP{TCP: &flow.TCP{SourcePort: s.Sport, DestinationPort: s.Dport, Flags: s.Flags}}}
		f.Summary = "TCP Flags: " + tcpFlags(s.Flags)
	} else {
		f.L4 = &flow.Layer4{Protocol: &flow.Layer4_UDP{UDP: &flow.UDP{SourcePort: s.Sport, DestinationPort: s.Dport}}}
		f.Summary = "UDP"
	}
	switch s.Event {
	case XlateFwd:
		f.L4 = &flow.Layer4{Protocol: &flow.Layer4_TCP{TCP: &flow.TCP{DestinationPort: s.Dport}}}
		f.Summary = "TCP"
		f.EventType = &flow.CiliumEventType{Type: monitorAPI.MessageTypeTraceSock}
		f.SockXlatePoint, f.Verdict = flow.SocketTranslationPoint_SOCK_XLATE_POINT_POST_DIRECTION_FWD, flow.Verdict_TRANSLATED
	case XlateRev:
		f.EventType = &flow.CiliumEventType{Type: monitorAPI.MessageTypeTraceSock}
		f.SockXlatePoint, f.Verdict = flow.SocketTranslationPoint_SOCK_XLATE_POINT_PRE_DIRECTION_REV, flow.Verdict_TRACED
	case ToOverlay, ToProxy:
		sub, point := monitorAPI.TraceToOverlay, flow.TraceObservationPoint_TO_OVERLAY
		if s.Event == ToProxy {
			sub, point = monitorAPI.TraceToProxy, flow.TraceObservationPoint_TO_PROXY
		}
		f.EventType = &flow.CiliumEventType{Type: monitorAPI.MessageTypeTrace, SubType: int32(sub)}
		f.Verdict, f.IsReply, f.TraceObservationPoint = flow.Verdict_FORWARDED, wrapperspb.Bool(false), point
	case VerdictDenied:
		f.EventType = &flow.CiliumEventType{Type: monitorAPI.MessageTypePolicyVerdict}
		f.Verdict = flow.Verdict_DROPPED
	case VerdictL3L4:
		f.EventType = &flow.CiliumEventType{Type: monitorAPI.MessageTypePolicyVerdict}
		f.Verdict, f.IsReply, f.PolicyMatchType = flow.Verdict_FORWARDED, wrapperspb.Bool(false), monitorAPI.PolicyMatchL3L4
	case PolicyDrop:
		f.EventType = &flow.CiliumEventType{Type: monitorAPI.MessageTypeDrop, SubType: 133}
		f.Verdict, f.DropReason, f.DropReasonDesc = flow.Verdict_DROPPED, 133, flow.DropReason_POLICY_DENIED
	case DNSQuery:
		f.Type, f.IsReply = flow.FlowType_L7, wrapperspb.Bool(false)
		f.EventType = &flow.CiliumEventType{Type: monitorAPI.MessageTypeAccessLog}
		f.L7 = &flow.Layer7{Type: flow.L7FlowType_REQUEST, Record: &flow.Layer7_Dns{Dns: &flow.DNS{
			Query: s.Query, Qtypes: []string{s.Qtype}, ObservationSource: "proxy"}}}
		f.Summary = "DNS Query " + s.Query + " " + s.Qtype
		f.Verdict = flow.Verdict_FORWARDED
	}
	return f
}

// tcpFlags prints the flags set, as in "TCP Flags: ACK, PSH".
func tcpFlags(f *flow.TCPFlags) string {
	var on []string
	for _, x := range []struct {
		set  bool
		name string
	}{{f.SYN, "SYN"}, {f.ACK, "ACK"}, {f.PSH, "PSH"}, {f.FIN, "FIN"}, {f.RST, "RST"}} {
		if x.set {
			on = append(on, x.name)
		}
	}
	return strings.Join(on, ", ")
}
