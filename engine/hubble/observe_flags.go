package hubble

import (
	"fmt"
	"strings"

	"github.com/cilium/cilium/api/v1/flow"
)

// set applies one filter flag.
func (t *tracker) set(name, v string) error {
	type field = func(*flow.FlowFilter) *[]string
	var (
		srcPod   field = func(f *flow.FlowFilter) *[]string { return &f.SourcePod }
		dstPod   field = func(f *flow.FlowFilter) *[]string { return &f.DestinationPod }
		srcLabel field = func(f *flow.FlowFilter) *[]string { return &f.SourceLabel }
		dstLabel field = func(f *flow.FlowFilter) *[]string { return &f.DestinationLabel }
		srcIP    field = func(f *flow.FlowFilter) *[]string { return &f.SourceIp }
		dstIP    field = func(f *flow.FlowFilter) *[]string { return &f.DestinationIp }
		srcFQDN  field = func(f *flow.FlowFilter) *[]string { return &f.SourceFqdn }
		dstFQDN  field = func(f *flow.FlowFilter) *[]string { return &f.DestinationFqdn }
		srcSvc   field = func(f *flow.FlowFilter) *[]string { return &f.SourceService }
		dstSvc   field = func(f *flow.FlowFilter) *[]string { return &f.DestinationService }
		srcPort  field = func(f *flow.FlowFilter) *[]string { return &f.SourcePort }
		dstPort  field = func(f *flow.FlowFilter) *[]string { return &f.DestinationPort }
	)
	add := func(get field) { t.both(func(f *flow.FlowFilter) { *get(f) = append(*get(f), v) }) }
	symmetric := map[string][2]field{
		"pod": {srcPod, dstPod}, "label": {srcLabel, dstLabel}, "ip": {srcIP, dstIP},
		"fqdn": {srcFQDN, dstFQDN}, "service": {srcSvc, dstSvc}, "port": {srcPort, dstPort},
	}
	if v == "" && name != "namespace" && !strings.HasSuffix(name, "-namespace") {
		return fmt.Errorf("%w: empty", ErrBadValue)
	}
	if pair, ok := symmetric[name]; ok {
		t.split(v, pair[0], pair[1])
		return nil
	}
	if side, base, ok := strings.Cut(name, "-"); ok && (side == "from" || side == "to") {
		if pair, ok := symmetric[base]; ok {
			if side == "from" {
				add(pair[0])
			} else {
				add(pair[1])
			}
			return nil
		}
	}
	switch name {
	case "namespace":
		t.ns = append(t.ns, v)
	case "from-namespace":
		t.srcNs = append(t.srcNs, v)
	case "to-namespace":
		t.dstNs = append(t.dstNs, v)
	case "protocol":
		add(func(f *flow.FlowFilter) *[]string { return &f.Protocol })
	case "node-name":
		add(func(f *flow.FlowFilter) *[]string { return &f.NodeName })
	case "verdict":
		n, ok := flow.Verdict_value[strings.ToUpper(v)]
		if !ok {
			return fmt.Errorf("%w: unknown verdict", ErrBadValue)
		}
		t.both(func(f *flow.FlowFilter) { f.Verdict = append(f.Verdict, flow.Verdict(n)) })
	case "drop-reason-desc":
		n, ok := flow.DropReason_value[strings.ToUpper(v)]
		if !ok {
			return fmt.Errorf("%w: unknown drop reason", ErrBadValue)
		}
		t.both(func(f *flow.FlowFilter) { f.DropReasonDesc = append(f.DropReasonDesc, flow.DropReason(n)) })
	case "traffic-direction":
		n, ok := flow.TrafficDirection_value[strings.ToUpper(v)]
		if !ok {
			return fmt.Errorf("%w: want ingress or egress", ErrBadValue)
		}
		t.both(func(f *flow.FlowFilter) {
			f.TrafficDirection = append(f.TrafficDirection, flow.TrafficDirection(n))
		})
	case "type":
		tf, err := typeFilter(v)
		if err != nil {
			return err
		}
		t.both(func(f *flow.FlowFilter) { f.EventType = append(f.EventType, tf) })
	default:
		return ErrUnknownFlag
	}
	return nil
}
