package main

import (
	"time"

	"github.com/cilium/cilium/api/v1/flow"

	"github.com/tutor-run/tutor/engine/hubble/hubbletest"
)

// The endpoints of the rehearsal's run: new identities, addresses and a
// new pod-template hash against the tutorial's, as a fresh cluster has.
var (
	probe   = ep("default", "probe", 48213, "10.244.2.31", "k8s:run=probe")
	partner = ep("partners", "partner", 52907, "10.244.1.54", "k8s:run=partner")
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

// spec is one flow of the run, for build.
type spec = hubbletest.Spec

// build makes a flow of the rehearsal's run: on its node, with its
// addresses, egress when it leaves for the world or CoreDNS.
func build(s spec) *flow.Flow {
	s.Node, s.SrcIP, s.DstIP = node, ips[s.Src], ips[s.Dst]
	s.Direction = flow.TrafficDirection_INGRESS
	if s.Dst == world || s.Dst == coredns {
		s.Direction = flow.TrafficDirection_EGRESS
	}
	return hubbletest.Build(s)
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
	out = append(out, build(spec{Event: hubbletest.XlateFwd, At: at("22:47:12", 604), Src: probe, Dst: catalog, Dport: 80}))
	for i, fl := range []*flow.TCPFlags{syn, ack, ackPsh, ack, ackFin} {
		out = append(out, build(spec{Event: hubbletest.ToOverlay, At: at("22:47:12", 604+i), Src: probe, Dst: catalog, Sport: 38811, Dport: 80, Flags: fl}))
	}
	return out
}

// partnerFlows: the partner's request, which the allow policy lets in.
func partnerFlows() []*flow.Flow {
	out := []*flow.Flow{
		build(spec{Event: hubbletest.XlateFwd, At: at("22:58:11", 204), Src: partner, Dst: catalog, Dport: 80}),
		build(spec{Event: hubbletest.VerdictL3L4, At: at("22:58:11", 205), Src: partner, Dst: catalog, Sport: 48862, Dport: 80, Flags: syn}),
	}
	for i, fl := range []*flow.TCPFlags{syn, ack, ackPsh, ack, ackFin} {
		out = append(out, build(spec{Event: hubbletest.ToOverlay, At: at("22:58:11", 205+i), Src: partner, Dst: catalog, Sport: 48862, Dport: 80, Flags: fl}))
	}
	return out
}

// deniedFlows: rounds of SYN retries that the ingress policy turns away.
func deniedFlows(start time.Time, sport uint32, rounds int) []*flow.Flow {
	var out []*flow.Flow
	t := start
	for i := range rounds {
		out = append(out,
			build(spec{Event: hubbletest.VerdictDenied, At: t, Src: probe, Dst: catalog, Sport: sport, Dport: 80, Flags: syn}),
			build(spec{Event: hubbletest.PolicyDrop, At: t, Src: probe, Dst: catalog, Sport: sport, Dport: 80, Flags: syn}))
		t = t.Add(time.Duration(1<<i) * time.Second)
	}
	return out
}

// egressFlows: the DNS question through the proxy, then github.com denied.
func egressFlows() []*flow.Flow {
	dns := func(e hubbletest.Event, ms int, qtype string) *flow.Flow {
		return build(spec{Event: e, At: at("23:02:48", ms), Src: catalog, Dst: coredns, Sport: 52307, Dport: 53, Query: "github.com.", Qtype: qtype})
	}
	out := []*flow.Flow{dns(hubbletest.VerdictL3L4, 117, ""), dns(hubbletest.ToProxy, 117, ""), dns(hubbletest.DNSQuery, 118, "A"), dns(hubbletest.DNSQuery, 118, "AAAA")}
	t := at("23:02:48", 124)
	for i := range 3 {
		out = append(out,
			build(spec{Event: hubbletest.VerdictDenied, At: t, Src: catalog, Dst: world, Sport: 41760, Dport: 80, Flags: syn, DstNames: []string{"github.com"}}),
			build(spec{Event: hubbletest.PolicyDrop, At: t, Src: catalog, Dst: world, Sport: 41760, Dport: 80, Flags: syn, DstNames: []string{"github.com"}}))
		t = t.Add(time.Duration(1<<i) * time.Second)
	}
	return out
}
