package hubbletest

import (
	"time"

	"github.com/cilium/cilium/api/v1/flow"
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

// seedEvents are the events of the seed kinds.
var seedEvents = [...]Event{
	PolicyDenied: VerdictDenied, DropDenied: PolicyDrop, OverlaySYN: ToOverlay, Translated: XlateFwd,
	DNSRequest: DNSQuery, HostTrace: XlateRev, WorldDenied: PolicyDrop,
}

// SeedFlow builds one flow of the seed post's transcripts at time t, with
// sport as the client's (ephemeral) port.
func SeedFlow(kind int, t time.Time, sport uint32) *flow.Flow {
	s := Spec{Event: seedEvents[kind], At: t, Src: TestPod, Dst: WebPod, Sport: sport, Dport: 80,
		Flags: synFlags, Direction: flow.TrafficDirection_INGRESS}
	switch kind {
	case DNSRequest:
		s.Dst, s.Dport, s.Flags, s.Query, s.Qtype = CoreDNS, 53, nil, "github.com.", "A"
		s.Src, s.Direction = WebPod, flow.TrafficDirection_EGRESS
	case HostTrace:
		s.Src, s.Dst, s.Dport, s.Flags, s.Direction = WebPod, HostEP, 0, nil, flow.TrafficDirection_TRAFFIC_DIRECTION_UNKNOWN
	case WorldDenied:
		s.Src, s.Dst, s.DstNames, s.Direction = WebPod, WorldEP, []string{"github.com"}, flow.TrafficDirection_EGRESS
	}
	s.SrcIP, s.DstIP = podIPs[s.Src], podIPs[s.Dst]
	return Build(s)
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
