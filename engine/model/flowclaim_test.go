package model

import (
	"errors"
	"testing"
	"time"
)

func TestParseFlowClaim(t *testing.T) {
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
			c, err := ParseFlowClaim(splitArgs(t, tt.words))
			got := c.String()
			if err != nil {
				var ce *FlowClaimError
				if !errors.As(err, &ce) {
					t.Errorf("error %T, want *FlowClaimError", err)
				}
				got = err.Error()
			}
			if got != tt.want {
				t.Errorf("ParseFlowClaim:\n got %s\nwant %s", got, tt.want)
			}
		})
	}
	c, _ := ParseFlowClaim(splitArgs(t, tests[0].words))
	if c.Within != 30*time.Second || c.Reason != "Policy denied" {
		t.Errorf("claim %+v", c)
	}
}

// splitArgs splits claim words as the reader does, quotes and all.
func splitArgs(t *testing.T, s string) []string {
	t.Helper()
	w, err := SplitArgs(s)
	if err != nil {
		t.Fatal(err)
	}
	return w
}
