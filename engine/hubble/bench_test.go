package hubble_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/cilium/cilium/api/v1/flow"
	"github.com/tutor-run/tutor/assertions/flows"
	"github.com/tutor-run/tutor/engine/hubble"
	"github.com/tutor-run/tutor/engine/hubble/flowfmt"
	"github.com/tutor-run/tutor/engine/hubble/hubbletest"
	"github.com/tutor-run/tutor/engine/kube/kubetest"
)

// seedTranscript is the seed post's 17-line transcript of the allowed,
// then denied, connection.
const seedTranscript = `Mar 29 22:11:59.762: default/testpod (ID:2615) <> basics/basicdeploy-65ff8695df-p58zr:80 (ID:9727) post-xlate-fwd TRANSLATED (TCP)
Mar 29 22:11:59.762: default/testpod:55722 (ID:2615) -> basics/basicdeploy-65ff8695df-p58zr:80 (ID:9727) to-overlay FORWARDED (TCP Flags: SYN)
Mar 29 22:12:06.887: default/testpod:55722 (ID:2615) -> basics/basicdeploy-65ff8695df-p58zr:80 (ID:9727) to-overlay FORWARDED (TCP Flags: SYN)
Mar 29 22:12:15.075: default/testpod:55722 (ID:2615) -> basics/basicdeploy-65ff8695df-p58zr:80 (ID:9727) to-overlay FORWARDED (TCP Flags: SYN)
Mar 29 22:12:31.203: default/testpod:55722 (ID:2615) -> basics/basicdeploy-65ff8695df-p58zr:80 (ID:9727) to-overlay FORWARDED (TCP Flags: SYN)
Mar 29 22:13:04.995: default/testpod:55722 (ID:2615) -> basics/basicdeploy-65ff8695df-p58zr:80 (ID:9727) to-overlay FORWARDED (TCP Flags: SYN)
Mar 29 22:23:01.583: default/testpod (ID:2615) <> basics/basicdeploy-65ff8695df-p58zr:80 (ID:9727) post-xlate-fwd TRANSLATED (TCP)
Mar 29 22:23:01.584: default/testpod:47484 (ID:2615) -> basics/basicdeploy-65ff8695df-p58zr:80 (ID:9727) to-overlay FORWARDED (TCP Flags: SYN)
Mar 29 22:23:01.588: default/testpod:47484 (ID:2615) <> basics/basicdeploy-65ff8695df-p58zr:80 (ID:9727) policy-verdict:none INGRESS DENIED (TCP Flags: SYN)
Mar 29 22:23:01.588: default/testpod:47484 (ID:2615) <> basics/basicdeploy-65ff8695df-p58zr:80 (ID:9727) Policy denied DROPPED (TCP Flags: SYN)
Mar 29 22:23:02.599: default/testpod:47484 (ID:2615) <> basics/basicdeploy-65ff8695df-p58zr:80 (ID:9727) policy-verdict:none INGRESS DENIED (TCP Flags: SYN)
Mar 29 22:23:02.599: default/testpod:47484 (ID:2615) <> basics/basicdeploy-65ff8695df-p58zr:80 (ID:9727) Policy denied DROPPED (TCP Flags: SYN)
Mar 29 22:23:04.615: default/testpod:47484 (ID:2615) <> basics/basicdeploy-65ff8695df-p58zr:80 (ID:9727) policy-verdict:none INGRESS DENIED (TCP Flags: SYN)
Mar 29 22:23:04.615: default/testpod:47484 (ID:2615) <> basics/basicdeploy-65ff8695df-p58zr:80 (ID:9727) Policy denied DROPPED (TCP Flags: SYN)
Mar 29 22:23:08.647: default/testpod:47484 (ID:2615) -> basics/basicdeploy-65ff8695df-p58zr:80 (ID:9727) to-overlay FORWARDED (TCP Flags: SYN)
Mar 29 22:23:08.647: default/testpod:47484 (ID:2615) <> basics/basicdeploy-65ff8695df-p58zr:80 (ID:9727) policy-verdict:none INGRESS DENIED (TCP Flags: SYN)
Mar 29 22:23:08.647: default/testpod:47484 (ID:2615) <> basics/basicdeploy-65ff8695df-p58zr:80 (ID:9727) Policy denied DROPPED (TCP Flags: SYN)
`

// manyFlows are n flows of the seed's four kinds between testpod and the
// deployment, every one passing the transcript's filters.
func manyFlows(n int) []*flow.Flow {
	kinds := []int{hubbletest.Translated, hubbletest.OverlaySYN, hubbletest.PolicyDenied, hubbletest.DropDenied}
	out := make([]*flow.Flow, n)
	t := hubbletest.SeedStart()
	for i := range out {
		out[i] = hubbletest.SeedFlow(kinds[i%len(kinds)], t.Add(time.Duration(i)*time.Millisecond), uint32(32768+i%28000))
	}
	return out
}

// BenchmarkJudge100kFlows judges the seed's `hubble observe` transcript
// against 100,000 flows streamed over gRPC from the stand-in relay.
func BenchmarkJudge100kFlows(b *testing.B) {
	_, addr := hubbletest.Start(b, manyFlows(100_000)...)
	c, err := hubble.Dial(context.Background(), addr)
	if err != nil {
		b.Fatal(err)
	}
	defer c.Close()
	req, err := hubble.ObserveArgs(strings.Fields("--to-pod basics/basicdeploy-65ff8695df-p58zr --from-pod default/testpod --last 100000"))
	if err != nil {
		b.Fatal(err)
	}
	exp := flows.NewKindSet()
	exp.AddText(seedTranscript)
	for b.Loop() {
		act := flows.NewKindSet()
		err := c.Each(context.Background(), req, func(f *flow.Flow) error {
			act.AddLine(flowfmt.Compact(f))
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
		if r := flows.CompareSets(exp, act); !r.OK || act.Lines != 100_000 {
			b.Fatalf("%d lines: %s\n%s", act.Lines, r.Message, r.Diff)
		}
	}
}

// BenchmarkPortForward establishes a port-forward to the relay Service on
// the local control plane and makes one call through it.
func BenchmarkPortForward(b *testing.B) {
	serveOnHubblePort(b, hubbletest.NewServer(manyFlows(10)...))
	ns := relay(b)
	cfg := kubetest.Config(b)
	for b.Loop() {
		c, err := hubble.Connect(context.Background(), hubble.Options{RESTConfig: cfg, Namespace: ns})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := c.ServerStatus(context.Background()); err != nil {
			b.Fatal(err)
		}
		c.Close()
	}
}
