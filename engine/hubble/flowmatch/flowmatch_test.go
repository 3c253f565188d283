package flowmatch_test

import (
	"testing"

	"github.com/cilium/cilium/api/v1/flow"
	"github.com/tutor-run/tutor/engine/hubble/flowmatch"
	"github.com/tutor-run/tutor/engine/hubble/hubbletest"
)

func TestMatch(t *testing.T) {
	world := hubbletest.SeedFlow(hubbletest.WorldDenied, hubbletest.SeedStart(), 33316)
	tests := []struct {
		name string
		ff   *flow.FlowFilter
		want bool
	}{
		{"pod prefix", &flow.FlowFilter{SourcePod: []string{"basics/basicdeploy"}}, true},
		{"default namespace", &flow.FlowFilter{SourcePod: []string{"basicdeploy"}}, false},
		{"namespace only", &flow.FlowFilter{SourcePod: []string{"basics/"}}, true},
		{"label with source", &flow.FlowFilter{SourceLabel: []string{"k8s:org=cilium101"}}, true},
		{"label any source", &flow.FlowFilter{SourceLabel: []string{"org=cilium101,io.kubernetes.pod.namespace=basics"}}, true},
		{"label negated", &flow.FlowFilter{SourceLabel: []string{"!org"}}, false},
		{"reserved label", &flow.FlowFilter{DestinationLabel: []string{"reserved:world"}}, true},
		{"fqdn glob", &flow.FlowFilter{DestinationFqdn: []string{"*.com"}}, true},
		{"ip cidr", &flow.FlowFilter{DestinationIp: []string{"140.82.0.0/16"}}, true},
		{"port and verdict", &flow.FlowFilter{DestinationPort: []string{"80"}, Verdict: []flow.Verdict{flow.Verdict_DROPPED}}, true},
		{"wrong verdict", &flow.FlowFilter{Verdict: []flow.Verdict{flow.Verdict_FORWARDED}}, false},
		{"drop event", &flow.FlowFilter{EventType: []*flow.EventTypeFilter{{Type: 1}}}, true},
		{"tcp syn", &flow.FlowFilter{TcpFlags: []*flow.TCPFlags{{SYN: true}}}, true},
		{"udp", &flow.FlowFilter{Protocol: []string{"udp"}}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := flowmatch.Compile(tt.ff)
			if err != nil {
				t.Fatal(err)
			}
			if got := m.Match(world); got != tt.want {
				t.Errorf("Match = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestCompileErrors(t *testing.T) {
	for name, ff := range map[string]*flow.FlowFilter{
		"unsupported": {HttpPath: []string{"/"}},
		"bad port":    {DestinationPort: []string{"http"}},
		"bad ip":      {SourceIp: []string{"nope"}},
		"bad regexp":  {DnsQuery: []string{"("}},
		"bad proto":   {Protocol: []string{"smtp"}},
		"empty pod":   {SourcePod: []string{""}},
	} {
		if _, err := flowmatch.Compile(ff); err == nil {
			t.Errorf("%s: Compile succeeded", name)
		}
	}
}

func TestBlacklist(t *testing.T) {
	f := hubbletest.SeedFlow(hubbletest.OverlaySYN, hubbletest.SeedStart(), 1)
	fl, err := flowmatch.New(nil, []*flow.FlowFilter{{Verdict: []flow.Verdict{flow.Verdict_FORWARDED}}})
	if err != nil {
		t.Fatal(err)
	}
	if fl.Pass(f) {
		t.Error("blacklisted flow passed")
	}
}
