package flows_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/cilium/cilium/api/v1/flow"
	"github.com/tutor-run/tutor/assertions/flows"
	"github.com/tutor-run/tutor/engine/hubble/hubbletest"
)

func TestParseClaim(t *testing.T) {
	tests := []struct {
		words string
		want  string // Claim.String(), or the error
	}{
		{`expect flows from default/testpod to basics/basicdeploy port 80 verdict DROPPED reason "Policy denied" within 30s`,
			`flows from default/testpod to basics/basicdeploy port 80 verdict DROPPED reason "Policy denied"`},
		{`expect no flows from default/testpod verdict dropped`, `flows none from default/testpod verdict DROPPED`},
		{`flows to world dns github.com direction egress type policy-verdict none`,
			`flows none to world direction egress type policy-verdict dns github.com`},
		{`flows namespace basics label k8s:org=cilium101 label run=x protocol TCP`,
			`flows namespace basics label k8s:org=cilium101 label run=x protocol tcp`},
		{`expect traffic`, `flow claim: want "flows" (expect [no] flows from ... to ...)`},
		{`flows port http`, `flow claim at "port http": not a port`},
		{`flows verdict MAYBE`, `flow claim at "verdict MAYBE": unknown verdict (FORWARDED, DROPPED, ERROR, AUDIT, REDIRECTED, TRACED, TRANSLATED)`},
		{`flows from a from b`, `flow claim at "from": given twice`},
		{`flows to`, `flow claim at "to": needs a value`},
		{`flows colour red`, `flow claim at "colour red": unknown word (from, to, port, verdict, reason, direction, type, dns, namespace, label, protocol, within, none)`},
		{`flows type sometimes`, `flow claim at "type sometimes": unknown flow type "sometimes" (trace, drop, policy-verdict, l7, trace-sock)`},
	}
	for _, tt := range tests {
		t.Run(tt.words, func(t *testing.T) {
			c, err := flows.ParseClaim(strings.Fields(tt.words))
			got := c.String()
			if err != nil {
				var ce *flows.ClaimError
				if !errors.As(err, &ce) {
					t.Errorf("error %T, want *ClaimError", err)
				}
				got = err.Error()
			}
			if got != tt.want {
				t.Errorf("ParseClaim:\n got %s\nwant %s", got, tt.want)
			}
		})
	}
	c, _ := flows.ParseClaim(strings.Fields(tests[0].words))
	if c.Within != 30*time.Second || c.Reason != "Policy denied" {
		t.Errorf("claim %+v", c)
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
			c, err := flows.ParseClaim(strings.Fields(tt.claim))
			if err != nil {
				t.Fatal(err)
			}
			in := sets[tt.in]
			r := c.Check(in)
			if r.OK != tt.ok || (tt.msg != "" && r.Message != tt.msg) {
				t.Errorf("Check = %v %q\nwant    %v %q", r.OK, r.Message, tt.ok, tt.msg)
			}
		})
	}
}

func TestClaimRequest(t *testing.T) {
	c, _ := flows.ParseClaim(strings.Fields(`flows from default/testpod to basics/web port 80 verdict DROPPED namespace basics`))
	since := time.Date(2024, 3, 29, 0, 0, 0, 0, time.UTC)
	req := c.Request(since)
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
