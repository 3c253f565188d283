package flows_test

import (
	"maps"
	"slices"
	"testing"
	"time"

	"github.com/cilium/cilium/api/v1/flow"
	monitorAPI "github.com/cilium/cilium/pkg/monitor/api"
	"github.com/tutor-run/tutor/assertions/flows"
	"github.com/tutor-run/tutor/engine/hubble/hubbletest"
	"github.com/tutor-run/tutor/engine/model"
)

// TestModelNamesAreCiliums checks that the names engine/model accepts in
// a flow claim, kept there so that reading a post needs no Cilium
// protobufs, are the ones Cilium's flow and monitor APIs define.
func TestModelNamesAreCiliums(t *testing.T) {
	for _, tt := range []struct {
		what        string
		model, want []string
	}{
		{"verdicts (flow.Verdict_value)", model.FlowVerdicts, slices.Collect(maps.Keys(flow.Verdict_value))},
		{"event types (monitorAPI.MessageTypeNames)", model.FlowEventTypes, slices.Collect(maps.Keys(monitorAPI.MessageTypeNames))},
		{"trace points (monitorAPI.TraceObservationPoints)", model.FlowTracePoints, slices.Collect(maps.Values(monitorAPI.TraceObservationPoints))},
	} {
		got, want := slices.Sorted(slices.Values(tt.model)), slices.Sorted(slices.Values(tt.want))
		if !slices.Equal(got, want) {
			t.Errorf("model's %s:\n got %q\nwant %q", tt.what, got, want)
		}
	}
}

func TestClaimCheck(t *testing.T) {
	start := hubbletest.SeedStart()
	denied := hubbletest.DeniedScenario(start, 2)
	allowed := hubbletest.DeniedScenario(start, 0) // the forwarded SYN only
	world := append(denied, hubbletest.SeedFlow(hubbletest.WorldDenied, start, 33316),
		hubbletest.SeedFlow(hubbletest.DNSRequest, start, 58834))
	cases := []struct {
		claim string
		in    string // which flows
		ok    bool
		msg   string
	}{
		{`flows from default/testpod to basics/basicdeploy port 80 verdict DROPPED reason "Policy denied"`, "denied", true,
			"2 flows match, e.g. Mar 29 21:06:34.831: default/testpod:48740 (ID:2615) <> basics/basicdeploy-65ff8695df-p58zr:80 (ID:9727) Policy denied DROPPED (TCP Flags: SYN)"},
		{`flows from testpod to basics/basicdeploy reason POLICY_DENIED`, "denied", true, ""},
		{`flows from default/testpod to basics/basicdeploy port 80 verdict DROPPED reason "Policy denied"`, "allowed", false,
			`flows from default/testpod to basics/basicdeploy port 80 verdict DROPPED reason "Policy denied": no flow matches (1 seen); between them the cluster shows: to-overlay FORWARDED (TCP Flags: SYN)`},
		{`no flows from default/testpod verdict DROPPED`, "allowed", true, "no flow matches (1 seen)"},
		{`no flows from default/testpod verdict DROPPED`, "denied", false,
			"flows none from default/testpod verdict DROPPED: 4 flows match, e.g. Mar 29 21:06:34.831: default/testpod:48740 (ID:2615) <> basics/basicdeploy-65ff8695df-p58zr:80 (ID:9727) policy-verdict:none INGRESS DENIED (TCP Flags: SYN)"},
		{`flows type policy-verdict direction ingress verdict DROPPED`, "denied", true, ""},
		{`flows type trace:to-overlay`, "denied", true, ""},
		{`flows type policy-verdict direction egress`, "denied", false, ""},
		{`flows from basics/basicdeploy to world port 80 verdict DROPPED`, "world", true, ""},
		{`flows to github.com verdict DROPPED`, "world", true, ""},
		{`flows dns github.com protocol dns`, "world", true, ""},
		{`flows dns google.com`, "world", false, ""},
		{`flows namespace kube-system`, "world", true, ""},
		{`flows namespace client`, "world", false, ""},
		{`flows label k8s:org=cilium101 verdict DROPPED`, "world", true, ""},
		{`flows label run=nobody`, "world", false, ""},
	}
	sets := map[string][]*flow.Flow{"denied": denied, "allowed": allowed, "world": world}
	for _, tt := range cases {
		t.Run(tt.claim+" in "+tt.in, func(t *testing.T) {
			c, err := model.ParseFlowClaim(splitArgs(t, tt.claim))
			if err != nil {
				t.Fatal(err)
			}
			in := sets[tt.in]
			r := flows.Check(c, in)
			if r.OK != tt.ok || (tt.msg != "" && r.Message != tt.msg) {
				t.Errorf("Check = %v %q\nwant    %v %q", r.OK, r.Message, tt.ok, tt.msg)
			}
		})
	}
}

func TestClaimRequest(t *testing.T) {
	c, _ := model.ParseFlowClaim(splitArgs(t, `flows from default/testpod to basics/web port 80 verdict DROPPED namespace basics`))
	since := time.Date(2024, 3, 29, 0, 0, 0, 0, time.UTC)
	req := flows.Request(c, since)
	if !req.GetSince().AsTime().Equal(since) || req.GetNumber() != 0 || req.GetFollow() {
		t.Errorf("window: %v", req)
	}
	if n := len(req.GetWhitelist()); n != 2 {
		t.Fatalf("%d filters, want 2 (namespace on either side)", n)
	}
	for _, ff := range req.GetWhitelist() {
		if got := ff.GetDestinationPort(); len(got) != 1 || got[0] != "80" || len(ff.GetVerdict()) != 1 {
			t.Errorf("filter %v lacks the port or verdict", ff)
		}
	}
}

// splitArgs splits claim words as the reader does, quotes and all.
func splitArgs(t *testing.T, s string) []string {
	t.Helper()
	w, err := model.SplitArgs(s)
	if err != nil {
		t.Fatal(err)
	}
	return w
}
