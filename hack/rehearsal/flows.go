package main

import (
	"time"

	"github.com/cilium/cilium/api/v1/flow"
	monitorAPI "github.com/cilium/cilium/pkg/monitor/api"
	"google.golang.org/protobuf/types/known/timestamppb"
	"google.golang.org/protobuf/types/known/wrapperspb"
)

// The endpoints of the rehearsal's run: new identities, addresses and a
// new pod-template hash against the tutorial's, as a fresh cluster has.
var (
	probe   = ep("default", "probe", 48213, "10.244.2.31", "k8s:run=probe")
	catalog = ep("store", "catalog-5f7d9c8b6-vx9tm", 7731, "10.244.0.87", "k8s:org=tour", "k8s:app=catalog")
	coredns = ep("kube-system", "coredns-659fcb9f8-n5xq2", 52810, "10.244.1.4", "k8s:k8s-app=kube-dns")
	world   = &flow.Endpoint{Identity: 2, Labels: []string{"reserved:world"}}
	ips     = map[*flow.Endpoint]string{world: "140.82.113.4"}
	node    = "aks-nodepool1-41559207-vmss000001"
)

func ep(ns, pod string, id uint32, ip string, labels ...string) *flow.Endpoint {
	e := &flow.Endpoint{Namespace: ns, PodName: pod, Identity: id,
		Labels: append(labels, "k8s:io.kubernetes.pod.namespace="+ns)}
	if ips == nil {
		ips = map[*flow.Endpoint]string{}
	}
	ips[e] = ip
	return e
}

// The kinds of flow the tour's transcripts show.
type kind int

const (
	translated   kind = iota // post-xlate-fwd TRANSLATED (TCP)
	overlay                  // to-overlay FORWARDED (TCP Flags: ...)
	verdictDeny              // policy-verdict:none INGRESS|EGRESS DENIED
	policyDrop               // Policy denied DROPPED
	verdictAllow             // policy-verdict:L3-L4 EGRESS ALLOWED (UDP)
	toProxy                  // to-proxy FORWARDED (UDP)
	dnsRequest               // dns-request proxy FORWARDED (DNS Query NAME TYPE)
)

// spec is one flow to build.
type spec struct {
	kind         kind
	at           time.Time
	src, dst     *flow.Endpoint
	sport, dport uint32
	flags        *flow.TCPFlags // TCP; nil means UDP
	query, qtype string         // DNS
	dstName      string         // a DNS name of the destination (world)
}

func build(s spec) *flow.Flow {
	f := &flow.Flow{Time: timestamppb.New(s.at), NodeName: node, Type: flow.FlowType_L3_L4,
		Source: s.src, Destination: s.dst,
		IP: &flow.IP{Source: ips[s.src], Destination: ips[s.dst], IpVersion: flow.IPVersion_IPv4}}
	if s.dstName != "" {
		f.DestinationNames = []string{s.dstName}
	}
	f.TrafficDirection = flow.TrafficDirection_INGRESS
	if s.dst == world || s.dst == coredns {
		f.TrafficDirection = flow.TrafficDirection_EGRESS
	}
	if s.flags != nil {
		f.L4 = &flow.Layer4{Protocol: &flow.Layer4_TCP{TCP: &flow.TCP{SourcePort: s.sport, DestinationPort: s.dport, Flags: s.flags}}}
		f.Summary = "TCP Flags: " + flagText(s.flags)
	} else {
		f.L4 = &flow.Layer4{Protocol: &flow.Layer4_UDP{UDP: &flow.UDP{SourcePort: s.sport, DestinationPort: s.dport}}}
		f.Summary = "UDP"
	}
	switch s.kind {
	case translated:
		f.L4 = &flow.Layer4{Protocol: &flow.Layer4_TCP{TCP: &flow.TCP{DestinationPort: s.dport}}}
		f.Summary = "TCP"
		f.EventType = &flow.CiliumEventType{Type: monitorAPI.MessageTypeTraceSock}
		f.SockXlatePoint, f.Verdict = flow.SocketTranslationPoint_SOCK_XLATE_POINT_POST_DIRECTION_FWD, flow.Verdict_TRANSLATED
	case overlay, toProxy:
		sub, point := monitorAPI.TraceToOverlay, flow.TraceObservationPoint_TO_OVERLAY
		if s.kind == toProxy {
			sub, point = monitorAPI.TraceToProxy, flow.TraceObservationPoint_TO_PROXY
		}
		f.EventType = &flow.CiliumEventType{Type: monitorAPI.MessageTypeTrace, SubType: int32(sub)}
		f.Verdict, f.IsReply, f.TraceObservationPoint = flow.Verdict_FORWARDED, wrapperspb.Bool(false), point
	case verdictDeny:
		f.EventType = &flow.CiliumEventType{Type: monitorAPI.MessageTypePolicyVerdict}
		f.Verdict = flow.Verdict_DROPPED
	case verdictAllow:
		f.EventType = &flow.CiliumEventType{Type: monitorAPI.MessageTypePolicyVerdict}
		f.Verdict, f.IsReply, f.PolicyMatchType = flow.Verdict_FORWARDED, wrapperspb.Bool(false), monitorAPI.PolicyMatchL3L4
	case policyDrop:
		f.EventType = &flow.CiliumEventType{Type: monitorAPI.MessageTypeDrop, SubType: 133}
		f.Verdict, f.DropReason, f.DropReasonDesc = flow.Verdict_DROPPED, 133, flow.DropReason_POLICY_DENIED
	case dnsRequest:
		f.Type, f.IsReply = flow.FlowType_L7, wrapperspb.Bool(false)
		f.EventType = &flow.CiliumEventType{Type: monitorAPI.MessageTypeAccessLog}
		f.L7 = &flow.Layer7{Type: flow.L7FlowType_REQUEST, Record: &flow.Layer7_Dns{Dns: &flow.DNS{
			Query: s.query, Qtypes: []string{s.qtype}, ObservationSource: "proxy"}}}
		f.Summary = "DNS Query " + s.query + " " + s.qtype
		f.Verdict = flow.Verdict_FORWARDED
	}
	return f
}

func flagText(f *flow.TCPFlags) string {
	var out []string
	for _, x := range []struct {
		on   bool
		name string
	}{{f.SYN, "SYN"}, {f.ACK, "ACK"}, {f.PSH, "PSH"}, {f.FIN, "FIN"}, {f.RST, "RST"}} {
		if x.on {
			out = append(out, x.name)
		}
	}
	s := ""
	for i, o := range out {
		if i > 0 {
			s += ", "
		}
		s += o
	}
	return s
}

var (
	syn    = &flow.TCPFlags{SYN: true}
	ack    = &flow.TCPFlags{ACK: true}
	ackPsh = &flow.TCPFlags{ACK: true, PSH: true}
	ackFin = &flow.TCPFlags{ACK: true, FIN: true}
)

// at is a moment of the rehearsal's recorded run.
func at(hms string, ms int) time.Time {
	t, err := time.Parse("15:04:05", hms)
	if err != nil {
		panic(err)
	}
	return time.Date(2026, 11, 25, t.Hour(), t.Minute(), t.Second(), ms*1_000_000, time.UTC)
}

// allowedFlows: the probe's request reaches the catalog pod.
func allowedFlows() []*flow.Flow {
	var out []*flow.Flow
	out = append(out, build(spec{kind: translated, at: at("22:47:12", 604), src: probe, dst: catalog, dport: 80}))
	for i, fl := range []*flow.TCPFlags{syn, ack, ackPsh, ack, ackFin} {
		out = append(out, build(spec{kind: overlay, at: at("22:47:12", 604+i), src: probe, dst: catalog, sport: 38811, dport: 80, flags: fl}))
	}
	return out
}

// deniedFlows: rounds of SYN retries that the ingress policy turns away.
func deniedFlows(start time.Time, sport uint32, rounds int) []*flow.Flow {
	var out []*flow.Flow
	t := start
	for i := range rounds {
		out = append(out,
			build(spec{kind: verdictDeny, at: t, src: probe, dst: catalog, sport: sport, dport: 80, flags: syn}),
			build(spec{kind: policyDrop, at: t, src: probe, dst: catalog, sport: sport, dport: 80, flags: syn}))
		t = t.Add(time.Duration(1<<i) * time.Second)
	}
	return out
}

// egressFlows: the DNS question through the proxy, then github.com denied.
func egressFlows() []*flow.Flow {
	dns := func(k kind, ms int, qtype string) *flow.Flow {
		return build(spec{kind: k, at: at("23:02:48", ms), src: catalog, dst: coredns, sport: 52307, dport: 53, query: "github.com.", qtype: qtype})
	}
	out := []*flow.Flow{dns(verdictAllow, 117, ""), dns(toProxy, 117, ""), dns(dnsRequest, 118, "A"), dns(dnsRequest, 118, "AAAA")}
	t := at("23:02:48", 124)
	for i := range 3 {
		out = append(out,
			build(spec{kind: verdictDeny, at: t, src: catalog, dst: world, sport: 41760, dport: 80, flags: syn, dstName: "github.com"}),
			build(spec{kind: policyDrop, at: t, src: catalog, dst: world, sport: 41760, dport: 80, flags: syn, dstName: "github.com"}))
		t = t.Add(time.Duration(1<<i) * time.Second)
	}
	return out
}
