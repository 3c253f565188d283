package hubble

import (
	"fmt"
	"strings"

	"github.com/cilium/cilium/api/v1/flow"
)

// filterField returns a list field of a flow filter.
type filterField = func(*flow.FlowFilter) *[]string

// symmetricFilters are the filters hubble observe takes in three forms
// (--pod, --from-pod, --to-pod): by name, the source field and the
// destination field.
var symmetricFilters = map[string][2]filterField{
	"pod":     {func(f *flow.FlowFilter) *[]string { return &f.SourcePod }, func(f *flow.FlowFilter) *[]string { return &f.DestinationPod }},
	"label":   {func(f *flow.FlowFilter) *[]string { return &f.SourceLabel }, func(f *flow.FlowFilter) *[]string { return &f.DestinationLabel }},
	"ip":      {func(f *flow.FlowFilter) *[]string { return &f.SourceIp }, func(f *flow.FlowFilter) *[]string { return &f.DestinationIp }},
	"fqdn":    {func(f *flow.FlowFilter) *[]string { return &f.SourceFqdn }, func(f *flow.FlowFilter) *[]string { return &f.DestinationFqdn }},
	"service": {func(f *flow.FlowFilter) *[]string { return &f.SourceService }, func(f *flow.FlowFilter) *[]string { return &f.DestinationService }},
	"port":    {func(f *flow.FlowFilter) *[]string { return &f.SourcePort }, func(f *flow.FlowFilter) *[]string { return &f.DestinationPort }},
}

// set applies one filter flag.
func (t *tracker) set(name, v string) error {
	add := func(get filterField) { t.both(func(f *flow.FlowFilter) { *get(f) = append(*get(f), v) }) }
	if v == "" && name != "namespace" && !strings.HasSuffix(name, "-namespace") {
		return fmt.Errorf("%w: empty", ErrBadValue)
	}
	if pair, ok := symmetricFilters[name]; ok {
		t.split(v, pair[0], pair[1])
		return nil
	}
	if side, base, ok := strings.Cut(name, "-"); ok && (side == "from" || side == "to") {
		if pair, ok := symmetricFilters[base]; ok {
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
