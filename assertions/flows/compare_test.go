package flows_test

import (
	"strings"
	"testing"

	"github.com/tutor-run/tutor/assertions/flows"
)

// postDenied is the seed's transcript after the default-deny policy.
const postDenied = `
Mar 29 21:06:33.831: default/testpod:48740 (ID:2615) <> basics/basicdeploy-65ff8695df-p58zr:80 (ID:9727) policy-verdict:none INGRESS DENIED (TCP Flags: SYN)
Mar 29 21:06:33.831: default/testpod:48740 (ID:2615) <> basics/basicdeploy-65ff8695df-p58zr:80 (ID:9727) Policy denied DROPPED (TCP Flags: SYN)
Mar 29 21:06:35.847: default/testpod:48740 (ID:2615) <> basics/basicdeploy-65ff8695df-p58zr:80 (ID:9727) policy-verdict:none INGRESS DENIED (TCP Flags: SYN)
Mar 29 21:06:35.847: default/testpod:48740 (ID:2615) <> basics/basicdeploy-65ff8695df-p58zr:80 (ID:9727) Policy denied DROPPED (TCP Flags: SYN)
Mar 29 21:06:40.099: default/testpod:48740 (ID:2615) -> basics/basicdeploy-65ff8695df-p58zr:80 (ID:9727) to-overlay FORWARDED (TCP Flags: SYN)
`

// runDenied is the same story on another day: other pod hash, ports,
// identities and times, three retries instead of two.
const runDenied = `Nov 25 10:00:01.000: default/testpod:51000 (ID:1234) -> basics/basicdeploy-7c9f8d6b5-x2x9k:80 (ID:4321) to-overlay FORWARDED (TCP Flags: SYN)
Nov 25 10:00:01.002: default/testpod:51000 (ID:1234) <> basics/basicdeploy-7c9f8d6b5-x2x9k:80 (ID:4321) policy-verdict:none INGRESS DENIED (TCP Flags: SYN)
Nov 25 10:00:01.002: default/testpod:51000 (ID:1234) <> basics/basicdeploy-7c9f8d6b5-x2x9k:80 (ID:4321) Policy denied DROPPED (TCP Flags: SYN)
Nov 25 10:00:02.010: default/testpod:51000 (ID:1234) <> basics/basicdeploy-7c9f8d6b5-x2x9k:80 (ID:4321) policy-verdict:none INGRESS DENIED (TCP Flags: SYN)
Nov 25 10:00:02.010: default/testpod:51000 (ID:1234) <> basics/basicdeploy-7c9f8d6b5-x2x9k:80 (ID:4321) Policy denied DROPPED (TCP Flags: SYN)
Nov 25 10:00:04.020: default/testpod:51000 (ID:1234) <> basics/basicdeploy-7c9f8d6b5-x2x9k:80 (ID:4321) Policy denied DROPPED (TCP Flags: SYN)
`

// runAllowed is the cluster without the policy: the SYNs go through.
const runAllowed = `Nov 25 10:00:01.000: default/testpod:51000 (ID:1234) -> basics/basicdeploy-7c9f8d6b5-x2x9k:80 (ID:4321) to-overlay FORWARDED (TCP Flags: SYN)
Nov 25 10:00:01.001: default/testpod:51000 (ID:1234) -> basics/basicdeploy-7c9f8d6b5-x2x9k:80 (ID:4321) to-overlay FORWARDED (TCP Flags: ACK)
`

// postTranslated is a Service address translated by Cilium's socket load
// balancer.
const postTranslated = `Nov 25 10:00:00.900: default/testpod (ID:1234) <> basics/basicdeploy-7c9f8d6b5-x2x9k:80 (ID:4321) post-xlate-fwd TRANSLATED (TCP)
`

func TestCompare(t *testing.T) {
	tests := []struct {
		name, expected, actual string
		ok                     bool
		message                string
	}{
		{"same kinds", postDenied, runDenied, true, "all 3 flow kinds the post shows appear"},
		{"extra kinds are a note", postDenied, runDenied + runAllowed, true,
			"all 3 flow kinds the post shows appear; the cluster also shows 1 other kinds"},
		{"policy gone", postDenied, runAllowed, false,
			`flow default/testpod -> basics/basicdeploy-*:80 "policy-verdict:none INGRESS DENIED (TCP Flags: SYN)": the post shows it, the cluster did not (it shows: to-overlay FORWARDED (TCP Flags: SYN); to-overlay FORWARDED (TCP Flags: ACK)) (and 1 more flow kinds the cluster did not show)`},
		{"no flows at all", postDenied, "", false,
			`flow default/testpod -> basics/basicdeploy-*:80 "policy-verdict:none INGRESS DENIED (TCP Flags: SYN)": the post shows it, the cluster did not (it shows no flow between them) (and 2 more flow kinds the cluster did not show)`},
		{"other port", postDenied, strings.ReplaceAll(runDenied, ":80 ", ":8080 "), false,
			`flow default/testpod -> basics/basicdeploy-*:80 "policy-verdict:none INGRESS DENIED (TCP Flags: SYN)": the post shows it, the cluster did not (it shows no flow between them) (and 2 more flow kinds the cluster did not show)`},
		{"prompt lines skipped", "$ hubble observe\n" + postDenied, runDenied, true,
			"all 3 flow kinds the post shows appear (1 lines of the post are not flow lines)"},
		{"nothing to compare", "$ hubble observe\n", runDenied, false, "the post shows no hubble flow lines to compare"},
		// Two nodes and a tunnel in the post, one node in the run: the same
		// forwarded packets leave at another trace point.
		{"another path point", runAllowed, strings.ReplaceAll(runAllowed, "to-overlay", "to-endpoint"), true,
			"all 2 flow kinds the post shows appear"},
		{"forwarded is not dropped at another point", runAllowed,
			strings.ReplaceAll(strings.ReplaceAll(runAllowed, "to-overlay", "to-endpoint"), "FORWARDED", "DROPPED"), false,
			`flow default/testpod -> basics/basicdeploy-*:80 "to-overlay FORWARDED (TCP Flags: SYN)": the post shows it, the cluster did not (it shows: to-endpoint DROPPED (TCP Flags: SYN); to-endpoint DROPPED (TCP Flags: ACK)) (and 1 more flow kinds the cluster did not show)`},
		{"a path point is not a policy verdict", postDenied, strings.ReplaceAll(runDenied, "policy-verdict:none", "to-endpoint"), false,
			`flow default/testpod -> basics/basicdeploy-*:80 "policy-verdict:none INGRESS DENIED (TCP Flags: SYN)": the post shows it, the cluster did not (it shows: to-overlay FORWARDED (TCP Flags: SYN); to-endpoint INGRESS DENIED (TCP Flags: SYN); Policy denied DROPPED (TCP Flags: SYN))`},
		// The post's cluster translated Service addresses in Cilium's socket
		// load balancer; the run's does not, and prints no TRANSLATED flow.
		{"no socket load balancer", postTranslated + runAllowed, runAllowed, true,
			"all 2 flow kinds the post shows appear but 1 TRANSLATED kinds, which only Cilium's socket load balancer prints (the cluster shows none: it translates Service addresses elsewhere, such as kube-proxy)"},
		{"a translation the cluster lost", postTranslated + runAllowed, strings.ReplaceAll(postTranslated, "post-xlate-fwd", "post-xlate-rev") + runAllowed, false,
			`flow default/testpod -> basics/basicdeploy-*:80 "post-xlate-fwd TRANSLATED (TCP)": the post shows it, the cluster did not (it shows: post-xlate-rev TRANSLATED (TCP); to-overlay FORWARDED (TCP Flags: SYN); to-overlay FORWARDED (TCP Flags: ACK))`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := flows.Compare(tt.expected, tt.actual)
			if r.OK != tt.ok || r.Message != tt.message {
				t.Errorf("Compare = %v %q\nwant      %v %q", r.OK, r.Message, tt.ok, tt.message)
			}
			if !r.OK && tt.actual != "" && tt.name != "nothing to compare" && r.Diff == "" {
				t.Error("no diff")
			}
		})
	}
}

func TestCompareDiff(t *testing.T) {
	r := flows.Compare(postDenied, runAllowed)
	want := `--- post (flow kinds)
+++ cluster (flow kinds)
-default/testpod -> basics/basicdeploy-*:80 Policy denied DROPPED (TCP Flags: SYN)
-default/testpod -> basics/basicdeploy-*:80 policy-verdict:none INGRESS DENIED (TCP Flags: SYN)
+default/testpod -> basics/basicdeploy-*:80 to-overlay FORWARDED (TCP Flags: ACK)
 default/testpod -> basics/basicdeploy-*:80 to-overlay FORWARDED (TCP Flags: SYN)
`
	if r.Diff != want {
		t.Errorf("Diff:\n%s\nwant:\n%s", r.Diff, want)
	}
}

// Every transcript of the seed post matches itself with other ports, IPs,
// identities and pod hashes.
func TestCompareSeedAgainstItself(t *testing.T) {
	data := readSeed(t)
	other := strings.NewReplacer("65ff8695df-p58zr", "7c9f8d6b5-x2x9k", "789789675-79xnk", "5d78c9869d-bcdfg",
		"ID:2615", "ID:1", "48740", "40000", "140.82.114.3", "140.82.112.4", "172.21.0.4", "10.0.0.9").Replace(data)
	if r := flows.Compare(data, other); !r.OK {
		t.Errorf("Compare = %q\n%s", r.Message, r.Diff)
	}
}

func readSeed(t *testing.T) string {
	t.Helper()
	data, err := readFile("testdata/seed-lines.txt")
	if err != nil {
		t.Fatal(err)
	}
	return data
}
