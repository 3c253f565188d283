package hubbletest

import (
	"time"

	"github.com/cilium/cilium/api/v1/flow"
	monitorAPI "github.com/cilium/cilium/pkg/monitor/api"
	"google.golang.org/protobuf/types/known/timestamppb"
	"google.golang.org/protobuf/types/known/wrapperspb"
)

// The endpoints of the seed post (an AKS + Cilium 101 article).
var (
	TestPod   = &flow.Endpoint{Namespace: "default", PodName: "testpod", Identity: 2615, Labels: []string{"k8s:run=testpod", "k8s:io.kubernetes.pod.namespace=default"}}
	WebPod    = &flow.Endpoint{Namespace: "basics", PodName: "basicdeploy-65ff8695df-p58zr", Identity: 9727, Labels: []string{"k8s:org=cilium101", "k8s:io.kubernetes.pod.namespace=basics"}}
	CoreDNS   = &flow.Endpoint{Namespace: "kube-system", PodName: "coredns-789789675-79xnk", Identity: 41216, Labels: []string{"k8s:k8s-app=kube-dns", "k8s:io.kubernetes.pod.namespace=kube-system"}}
	HostEP    = &flow.Endpoint{Identity: 1, Labels: []string{"reserved:host"}}
	WorldEP   = &flow.Endpoint{Identity: 2, Labels: []string{"reserved:world"}}
	podIPs    = map[*flow.Endpoint]string{TestPod: "10.244.1.10", WebPod: "10.244.2.20", CoreDNS: "10.244.0.5", HostEP: "172.21.0.4", WorldEP: "140.82.114.3"}
	synFlags  = &flow.TCPFlags{SYN: true}
	seedStart = time.Date(2024, 3, 29, 21, 6, 33, 831_000_000, time.UTC)
)

// Kinds of seed flows, for SeedFlow.
const (
	PolicyDenied = iota // policy-verdict:none INGRESS DENIED (TCP Flags: SYN)
	DropDenied          // Policy denied DROPPED (TCP Flags: SYN)
	OverlaySYN          // to-overlay FORWARDED (TCP Flags: SYN)
	Translated          // post-xlate-fwd TRANSLATED (TCP)
	DNSRequest          // dns-request proxy FORWARDED (DNS Query github.com. A), to coredns
	HostTrace           // pre-xlate-rev TRACED (UDP), to 172.21.0.4 (host)
	WorldDenied         // Policy denied DROPPED (TCP Flags: SYN), to github.com:80 (world)
)

// SeedFlow builds one flow of the seed post's transcripts at time t, with
// sport as the client's (ephemeral) port.
func SeedFlow(kind int, t time.Time, sport uint32) *flow.Flow {
	f := &flow.Flow{Time: timestamppb.New(t), NodeName: NodeName, Type: flow.FlowType_L3_L4}
	switch kind {
	case PolicyDenied, DropDenied, OverlaySYN, Translated:
		between(f, TestPod, WebPod, tcp(sport, 80, synFlags), "TCP Flags: SYN")
		f.TrafficDirection = flow.TrafficDirection_INGRESS
	case DNSRequest:
		between(f, WebPod, CoreDNS, udp(sport, 53), "DNS Query github.com. A")
		f.Type, f.IsReply = flow.FlowType_L7, wrapperspb.Bool(false)
		f.EventType = &flow.CiliumEventType{Type: monitorAPI.MessageTypeAccessLog}
		f.L7 = &flow.Layer7{Type: flow.L7FlowType_REQUEST, Record: &flow.Layer7_Dns{Dns: &flow.DNS{
			Query: "github.com.", Qtypes: []string{"A"}, ObservationSource: "proxy"}}}
		f.Verdict, f.TrafficDirection = flow.Verdict_FORWARDED, flow.TrafficDirection_EGRESS
		return f
	case HostTrace:
		between(f, WebPod, HostEP, udp(sport, 0), "UDP")
		f.EventType = &flow.CiliumEventType{Type: monitorAPI.MessageTypeTraceSock}
		f.SockXlatePoint, f.Verdict = flow.SocketTranslationPoint_SOCK_XLATE_POINT_PRE_DIRECTION_REV, flow.Verdict_TRACED
		return f
	case WorldDenied:
		between(f, WebPod, WorldEP, tcp(sport, 80, synFlags), "TCP Flags: SYN")
		f.DestinationNames = []string{"github.com"}
		f.TrafficDirection = flow.TrafficDirection_EGRESS
		drop(f)
		return f
	}
	switch kind {
	case PolicyDenied:
		f.EventType = &flow.CiliumEventType{Type: monitorAPI.MessageTypePolicyVerdict}
		f.Verdict = flow.Verdict_DROPPED
	case DropDenied:
		drop(f)
	case OverlaySYN:
		f.EventType = &flow.CiliumEventType{Type: monitorAPI.MessageTypeTrace, SubType: monitorAPI.TraceToOverlay}
		f.Verdict, f.IsReply = flow.Verdict_FORWARDED, wrapperspb.Bool(false)
		f.TraceObservationPoint = flow.TraceObservationPoint_TO_OVERLAY
	case Translated:
		f.L4 = tcp(0, 80, nil)
		f.Summary = "TCP"
		f.EventType = &flow.CiliumEventType{Type: monitorAPI.MessageTypeTraceSock}
		f.SockXlatePoint, f.Verdict = flow.SocketTranslationPoint_SOCK_XLATE_POINT_POST_DIRECTION_FWD, flow.Verdict_TRANSLATED
	}
	return f
}

func drop(f *flow.Flow) {
	f.EventType = &flow.CiliumEventType{Type: monitorAPI.MessageTypeDrop, SubType: 133}
	f.Verdict, f.DropReason, f.DropReasonDesc = flow.Verdict_DROPPED, 133, flow.DropReason_POLICY_DENIED
}

func between(f *flow.Flow, src, dst *flow.Endpoint, l4 *flow.Layer4, summary string) {
	f.Source, f.Destination, f.L4, f.Summary = src, dst, l4, summary
	f.IP = &flow.IP{Source: podIPs[src], Destination: podIPs[dst], IpVersion: flow.IPVersion_IPv4}
}

func tcp(sport, dport uint32, flags *flow.TCPFlags) *flow.Layer4 {
	return &flow.Layer4{Protocol: &flow.Layer4_TCP{TCP: &flow.TCP{SourcePort: sport, DestinationPort: dport, Flags: flags}}}
}

func udp(sport, dport uint32) *flow.Layer4 {
	return &flow.Layer4{Protocol: &flow.Layer4_UDP{UDP: &flow.UDP{SourcePort: sport, DestinationPort: dport}}}
}

// DeniedScenario is the seed's denied-ingress transcript as flows: from
// start, n rounds of a SYN retry that the policy denies and drops, with
// one forwarded SYN first, plus unrelated noise flows.
func DeniedScenario(start time.Time, rounds int) []*flow.Flow {
	t := start
	out := []*flow.Flow{SeedFlow(OverlaySYN, t, 48740)}
	for range rounds {
		t = t.Add(time.Second)
		out = append(out, SeedFlow(PolicyDenied, t, 48740), SeedFlow(DropDenied, t, 48740))
	}
	return out
}

// SeedStart is the time of the seed's first denied flow.
func SeedStart() time.Time { return seedStart }
