// Package flowmatch decides whether a Hubble flow matches FlowFilters, with
// the semantics of the Hubble server: in one FlowFilter every set field
// must match (AND) and a field matches when any of its values does (OR); a
// flow passes when it matches any whitelist filter (or there are none) and
// no blacklist filter. It covers the fields `hubble observe` sets for the
// flags tutorials use; Compile rejects a filter that sets any other field,
// so nothing is silently ignored.
package flowmatch

import (
	"fmt"
	"net/netip"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/cilium/cilium/api/v1/flow"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// Matcher is a compiled FlowFilter.
type Matcher struct {
	preds []func(*flow.Flow) bool
}

// Match reports whether f matches every field of the filter.
func (m *Matcher) Match(f *flow.Flow) bool {
	for _, p := range m.preds {
		if !p(f) {
			return false
		}
	}
	return true
}

// Filter is a compiled pair of whitelist and blacklist.
type Filter struct {
	white, black []*Matcher
}

// New compiles a whitelist and a blacklist.
func New(whitelist, blacklist []*flow.FlowFilter) (*Filter, error) {
	var fl Filter
	var err error
	if fl.white, err = compileAll(whitelist); err != nil {
		return nil, fmt.Errorf("whitelist: %w", err)
	}
	if fl.black, err = compileAll(blacklist); err != nil {
		return nil, fmt.Errorf("blacklist: %w", err)
	}
	return &fl, nil
}

// Pass reports whether f matches some whitelist filter (or there is none)
// and no blacklist filter.
func (fl *Filter) Pass(f *flow.Flow) bool {
	if len(fl.white) > 0 && !slices.ContainsFunc(fl.white, func(m *Matcher) bool { return m.Match(f) }) {
		return false
	}
	return !slices.ContainsFunc(fl.black, func(m *Matcher) bool { return m.Match(f) })
}

func compileAll(ffs []*flow.FlowFilter) ([]*Matcher, error) {
	out := make([]*Matcher, 0, len(ffs))
	for i, ff := range ffs {
		m, err := Compile(ff)
		if err != nil {
			return nil, fmt.Errorf("filter %d: %w", i, err)
		}
		out = append(out, m)
	}
	return out, nil
}

// Compile turns one FlowFilter into a Matcher. It fails on malformed
// values and on fields it does not support.
func Compile(ff *flow.FlowFilter) (*Matcher, error) {
	if err := unsupported(ff); err != nil {
		return nil, err
	}
	m := &Matcher{}
	add := func(p func(*flow.Flow) bool) { m.preds = append(m.preds, p) }
	var errs []error
	try := func(p func(*flow.Flow) bool, err error) {
		if err != nil {
			errs = append(errs, err)
		} else if p != nil {
			add(p)
		}
	}
	try(podNames(ff.GetSourcePod(), func(f *flow.Flow) (string, string) { return f.GetSource().GetNamespace(), f.GetSource().GetPodName() }))
	try(podNames(ff.GetDestinationPod(), func(f *flow.Flow) (string, string) {
		return f.GetDestination().GetNamespace(), f.GetDestination().GetPodName()
	}))
	try(podNames(ff.GetSourceService(), func(f *flow.Flow) (string, string) {
		return f.GetSourceService().GetNamespace(), f.GetSourceService().GetName()
	}))
	try(podNames(ff.GetDestinationService(), func(f *flow.Flow) (string, string) {
		return f.GetDestinationService().GetNamespace(), f.GetDestinationService().GetName()
	}))
	try(ips(ff.GetSourceIp(), func(f *flow.Flow) string { return f.GetIP().GetSource() }))
	try(ips(ff.GetDestinationIp(), func(f *flow.Flow) string { return f.GetIP().GetDestination() }))
	try(labels(ff.GetSourceLabel(), func(f *flow.Flow) []string { return f.GetSource().GetLabels() }))
	try(labels(ff.GetDestinationLabel(), func(f *flow.Flow) []string { return f.GetDestination().GetLabels() }))
	try(fqdns(ff.GetSourceFqdn(), (*flow.Flow).GetSourceNames))
	try(fqdns(ff.GetDestinationFqdn(), (*flow.Flow).GetDestinationNames))
	try(ports(ff.GetSourcePort(), true))
	try(ports(ff.GetDestinationPort(), false))
	try(protocols(ff.GetProtocol()))
	try(dnsQueries(ff.GetDnsQuery()))
	if v := ff.GetVerdict(); len(v) > 0 {
		add(func(f *flow.Flow) bool { return slices.Contains(v, f.GetVerdict()) })
	}
	if v := ff.GetDropReasonDesc(); len(v) > 0 {
		add(func(f *flow.Flow) bool { return slices.Contains(v, f.GetDropReasonDesc()) })
	}
	if v := ff.GetTrafficDirection(); len(v) > 0 {
		add(func(f *flow.Flow) bool { return slices.Contains(v, f.GetTrafficDirection()) })
	}
	if v := ff.GetIpVersion(); len(v) > 0 {
		add(func(f *flow.Flow) bool { return slices.Contains(v, f.GetIP().GetIpVersion()) })
	}
	if v := ff.GetReply(); len(v) > 0 {
		add(func(f *flow.Flow) bool { return f.GetIsReply() != nil && slices.Contains(v, f.GetIsReply().GetValue()) })
	}
	if v := ff.GetUuid(); len(v) > 0 {
		add(func(f *flow.Flow) bool { return slices.Contains(v, f.GetUuid()) })
	}
	if v := ff.GetSourceIdentity(); len(v) > 0 {
		add(func(f *flow.Flow) bool { return slices.Contains(v, f.GetSource().GetIdentity()) })
	}
	if v := ff.GetDestinationIdentity(); len(v) > 0 {
		add(func(f *flow.Flow) bool { return slices.Contains(v, f.GetDestination().GetIdentity()) })
	}
	if v := ff.GetNodeName(); len(v) > 0 {
		add(func(f *flow.Flow) bool {
			return slices.ContainsFunc(v, func(n string) bool { return strings.HasPrefix(f.GetNodeName(), n) })
		})
	}
	if v := ff.GetEventType(); len(v) > 0 {
		add(func(f *flow.Flow) bool {
			return slices.ContainsFunc(v, func(e *flow.EventTypeFilter) bool { return eventType(e, f) })
		})
	}
	if v := ff.GetTcpFlags(); len(v) > 0 {
		add(func(f *flow.Flow) bool {
			return slices.ContainsFunc(v, func(t *flow.TCPFlags) bool { return tcpFlags(t, f) })
		})
	}
	if len(errs) > 0 {
		return nil, errs[0]
	}
	return m, nil
}

// unsupported fails when ff sets a field Compile does not handle.
func unsupported(ff *flow.FlowFilter) error {
	var names []string
	ff.ProtoReflect().Range(func(fd protoreflect.FieldDescriptor, _ protoreflect.Value) bool {
		if !supported[string(fd.Name())] {
			names = append(names, string(fd.Name()))
		}
		return true
	})
	if len(names) > 0 {
		return fmt.Errorf("unsupported flow filter field(s) %s", strings.Join(names, ", "))
	}
	return nil
}

var supported = map[string]bool{
	"source_pod": true, "destination_pod": true, "source_service": true, "destination_service": true,
	"source_ip": true, "destination_ip": true, "source_label": true, "destination_label": true,
	"source_fqdn": true, "destination_fqdn": true, "source_port": true, "destination_port": true,
	"protocol": true, "dns_query": true, "verdict": true, "drop_reason_desc": true,
	"traffic_direction": true, "ip_version": true, "reply": true, "uuid": true,
	"source_identity": true, "destination_identity": true, "node_name": true, "event_type": true,
	"tcp_flags": true,
}

// Equal reports whether two filters are the same (for deduplication).
func Equal(a, b *flow.FlowFilter) bool { return proto.Equal(a, b) }

func eventType(e *flow.EventTypeFilter, f *flow.Flow) bool {
	et := f.GetEventType()
	if et.GetType() != e.GetType() {
		return false
	}
	return !e.GetMatchSubType() || et.GetSubType() == e.GetSubType()
}

func tcpFlags(want *flow.TCPFlags, f *flow.Flow) bool {
	got := f.GetL4().GetTCP().GetFlags()
	if got == nil {
		return false
	}
	pairs := [][2]bool{{want.FIN, got.FIN}, {want.SYN, got.SYN}, {want.RST, got.RST}, {want.PSH, got.PSH},
		{want.ACK, got.ACK}, {want.URG, got.URG}, {want.ECE, got.ECE}, {want.CWR, got.CWR}, {want.NS, got.NS}}
	for _, p := range pairs {
		if p[0] && !p[1] {
			return false
		}
	}
	return true
}

func ips(vals []string, get func(*flow.Flow) string) (func(*flow.Flow) bool, error) {
	if len(vals) == 0 {
		return nil, nil
	}
	var prefixes []netip.Prefix
	for _, v := range vals {
		if !strings.Contains(v, "/") {
			a, err := netip.ParseAddr(v)
			if err != nil {
				return nil, fmt.Errorf("ip %q: %w", v, err)
			}
			v = netip.PrefixFrom(a, a.BitLen()).String()
		}
		p, err := netip.ParsePrefix(v)
		if err != nil {
			return nil, fmt.Errorf("ip %q: %w", v, err)
		}
		prefixes = append(prefixes, p)
	}
	return func(f *flow.Flow) bool {
		a, err := netip.ParseAddr(get(f))
		return err == nil && slices.ContainsFunc(prefixes, func(p netip.Prefix) bool { return p.Contains(a) })
	}, nil
}

func ports(vals []string, source bool) (func(*flow.Flow) bool, error) {
	if len(vals) == 0 {
		return nil, nil
	}
	var want []uint32
	for _, v := range vals {
		n, err := strconv.ParseUint(v, 10, 16)
		if err != nil {
			return nil, fmt.Errorf("port %q: not a port number", v)
		}
		want = append(want, uint32(n))
	}
	return func(f *flow.Flow) bool {
		s, d, ok := l4Ports(f)
		if source {
			d = s
		}
		return ok && slices.Contains(want, d)
	}, nil
}

func l4Ports(f *flow.Flow) (uint32, uint32, bool) {
	switch l4 := f.GetL4(); {
	case l4.GetTCP() != nil:
		return l4.GetTCP().GetSourcePort(), l4.GetTCP().GetDestinationPort(), true
	case l4.GetUDP() != nil:
		return l4.GetUDP().GetSourcePort(), l4.GetUDP().GetDestinationPort(), true
	case l4.GetSCTP() != nil:
		return l4.GetSCTP().GetSourcePort(), l4.GetSCTP().GetDestinationPort(), true
	}
	return 0, 0, false
}

func dnsQueries(vals []string) (func(*flow.Flow) bool, error) {
	if len(vals) == 0 {
		return nil, nil
	}
	var res []*regexp.Regexp
	for _, v := range vals {
		re, err := regexp.Compile(v)
		if err != nil {
			return nil, fmt.Errorf("dns query %q: %w", v, err)
		}
		res = append(res, re)
	}
	return func(f *flow.Flow) bool {
		dns := f.GetL7().GetDns()
		return dns != nil && slices.ContainsFunc(res, func(re *regexp.Regexp) bool { return re.MatchString(dns.GetQuery()) })
	}, nil
}
