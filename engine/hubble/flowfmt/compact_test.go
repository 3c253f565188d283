package flowfmt_test

import (
	"bytes"
	"testing"
	"time"

	"github.com/cilium/cilium/api/v1/flow"
	"github.com/tutor-run/tutor/engine/hubble/flowfmt"
	"github.com/tutor-run/tutor/engine/hubble/hubbletest"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/wrapperspb"
)

func at(clock string) time.Time {
	t, err := time.Parse("2006-01-02 15:04:05.000", "2024-03-29 "+clock)
	if err != nil {
		panic(err)
	}
	return t
}

// The golden lines are copied from the seed post's transcripts.
func TestCompact(t *testing.T) {
	reply := hubbletest.SeedFlow(hubbletest.OverlaySYN, at("21:06:40.099"), 48740)
	reply.Source, reply.Destination = reply.Destination, reply.Source
	reply.IP.Source, reply.IP.Destination = reply.IP.Destination, reply.IP.Source
	reply.L4.GetTCP().SourcePort, reply.L4.GetTCP().DestinationPort = 80, 48740
	reply.IsReply, reply.Summary = wrapperspb.Bool(true), "TCP Flags: SYN, ACK"
	tests := []struct {
		name string
		f    *flow.Flow
		want string
	}{
		{"policy verdict", hubbletest.SeedFlow(hubbletest.PolicyDenied, at("21:06:33.831"), 48740),
			"Mar 29 21:06:33.831: default/testpod:48740 (ID:2615) <> basics/basicdeploy-65ff8695df-p58zr:80 (ID:9727) policy-verdict:none INGRESS DENIED (TCP Flags: SYN)"},
		{"policy drop", hubbletest.SeedFlow(hubbletest.DropDenied, at("21:06:33.831"), 48740),
			"Mar 29 21:06:33.831: default/testpod:48740 (ID:2615) <> basics/basicdeploy-65ff8695df-p58zr:80 (ID:9727) Policy denied DROPPED (TCP Flags: SYN)"},
		{"trace", hubbletest.SeedFlow(hubbletest.OverlaySYN, at("21:06:40.099"), 48740),
			"Mar 29 21:06:40.099: default/testpod:48740 (ID:2615) -> basics/basicdeploy-65ff8695df-p58zr:80 (ID:9727) to-overlay FORWARDED (TCP Flags: SYN)"},
		{"sock xlate", hubbletest.SeedFlow(hubbletest.Translated, at("20:13:27.359"), 0),
			"Mar 29 20:13:27.359: default/testpod (ID:2615) <> basics/basicdeploy-65ff8695df-p58zr:80 (ID:9727) post-xlate-fwd TRANSLATED (TCP)"},
		{"dns", hubbletest.SeedFlow(hubbletest.DNSRequest, at("22:50:56.889"), 58834),
			"Mar 29 22:50:56.889: basics/basicdeploy-65ff8695df-p58zr:58834 (ID:9727) -> kube-system/coredns-789789675-79xnk:53 (ID:41216) dns-request proxy FORWARDED (DNS Query github.com. A)"},
		{"host", hubbletest.SeedFlow(hubbletest.HostTrace, at("22:50:56.889"), 58834),
			"Mar 29 22:50:56.889: basics/basicdeploy-65ff8695df-p58zr:58834 (ID:9727) <> 172.21.0.4 (host) pre-xlate-rev TRACED (UDP)"},
		{"world", hubbletest.SeedFlow(hubbletest.WorldDenied, at("22:50:56.892"), 33316),
			"Mar 29 22:50:56.892: basics/basicdeploy-65ff8695df-p58zr:33316 (ID:9727) <> github.com:80 (world) Policy denied DROPPED (TCP Flags: SYN)"},
		{"reply flips", reply,
			"Mar 29 21:06:40.099: default/testpod:48740 (ID:2615) <- basics/basicdeploy-65ff8695df-p58zr:80 (ID:9727) to-overlay FORWARDED (TCP Flags: SYN, ACK)"},
		{"single-digit day", hubbletest.SeedFlow(hubbletest.OverlaySYN, time.Date(2024, 3, 9, 1, 2, 3, 4e6, time.UTC), 1),
			"Mar  9 01:02:03.004: default/testpod:1 (ID:2615) -> basics/basicdeploy-65ff8695df-p58zr:80 (ID:9727) to-overlay FORWARDED (TCP Flags: SYN)"},
		{"terminal escapes", &flow.Flow{Summary: "a\x1b[31mb\rc"}, "N/A:  (unknown) <>  (unknown) UNKNOWN VERDICT_UNKNOWN (a^[[31mb\\rc)"},
		{"no time", &flow.Flow{}, "N/A:  (unknown) <>  (unknown) UNKNOWN VERDICT_UNKNOWN ()"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := flowfmt.Compact(tt.f); got != tt.want {
				t.Errorf("Compact:\n got %s\nwant %s", got, tt.want)
			}
		})
	}
}

func TestJSONPBRoundTrip(t *testing.T) {
	flows := hubbletest.DeniedScenario(hubbletest.SeedStart(), 3)
	var buf bytes.Buffer
	if err := flowfmt.WriteJSONPB(&buf, flows); err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(buf.Bytes(), []byte(`{"flow":{`)) {
		t.Errorf("not hubble's jsonpb shape: %.60s", buf.String())
	}
	got, err := flowfmt.ReadJSONPB(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(flows) {
		t.Fatalf("read %d flows, want %d", len(got), len(flows))
	}
	for i := range flows {
		if !proto.Equal(got[i], flows[i]) {
			t.Errorf("flow %d changed:\n got %v\nwant %v", i, got[i], flows[i])
		}
	}
}

func TestReadJSONPBError(t *testing.T) {
	_, err := flowfmt.ReadJSONPB(bytes.NewBufferString("\n{\"flow\":{}}\nnot json\n"))
	if err == nil || !bytes.Contains([]byte(err.Error()), []byte("line 3")) {
		t.Errorf("err = %v, want one naming line 3", err)
	}
}

func BenchmarkCompact(b *testing.B) {
	f := hubbletest.SeedFlow(hubbletest.DropDenied, hubbletest.SeedStart(), 48740)
	b.ReportAllocs()
	for b.Loop() {
		_ = flowfmt.Compact(f)
	}
}
