package hubble_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/cilium/cilium/api/v1/flow"
	"github.com/cilium/cilium/api/v1/observer"
	"github.com/tutor-run/tutor/engine/hubble"
	"github.com/tutor-run/tutor/engine/hubble/flowfmt"
	"github.com/tutor-run/tutor/engine/hubble/hubbletest"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/status"
)

// seedFlows are the seed's denied transcript (1 forwarded SYN, then 3
// rounds of denied + dropped) and a DNS request of another pod.
func seedFlows() []*flow.Flow {
	start := hubbletest.SeedStart()
	return append(hubbletest.DeniedScenario(start, 3), hubbletest.SeedFlow(hubbletest.DNSRequest, start.Add(10*time.Second), 58834))
}

func dial(t *testing.T, flows ...*flow.Flow) (*hubble.Client, *hubbletest.Server) {
	t.Helper()
	srv, addr := hubbletest.Start(t, flows...)
	c, err := hubble.Connect(context.Background(), hubble.Options{Server: addr})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c, srv
}

func TestGetFlows(t *testing.T) {
	c, _ := dial(t, seedFlows()...)
	tests := []struct {
		args  string
		since time.Time
		want  []string // compact lines, time and identity left out
	}{
		{"--from-pod default/testpod --verdict DROPPED --last 2", time.Time{}, []string{"policy-verdict", "Policy denied"}},
		{"--from-pod default/testpod --type drop", time.Time{}, []string{"Policy denied", "Policy denied", "Policy denied"}},
		{"--from-pod default/testpod --first 1", time.Time{}, []string{"to-overlay"}},
		{"--pod kube-system/coredns", time.Time{}, []string{"dns-request"}},
		{"--to-port 53 --protocol udp", time.Time{}, []string{"dns-request"}},
		{"--not --from-pod default/testpod", time.Time{}, []string{"dns-request"}},
		{"--label k8s:k8s-app=kube-dns", time.Time{}, []string{"dns-request"}},
		{"--since 2024-03-29T21:06:36Z --until 2024-03-29T21:06:37Z", time.Time{}, []string{"policy-verdict", "Policy denied"}},
		{"--to-fqdn example.org", time.Time{}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.args, func(t *testing.T) {
			req, err := hubble.ObserveArgs(strings.Fields(tt.args))
			if err != nil {
				t.Fatal(err)
			}
			got, err := c.Flows(context.Background(), req)
			if err != nil {
				t.Fatal(err)
			}
			var points []string
			for _, f := range got {
				line := flowfmt.Compact(f)
				for _, p := range []string{"policy-verdict", "Policy denied", "to-overlay", "dns-request"} {
					if strings.Contains(line, p) {
						points = append(points, p)
					}
				}
			}
			if strings.Join(points, ",") != strings.Join(tt.want, ",") {
				t.Errorf("got %q, want %q", points, tt.want)
			}
		})
	}
}

func TestFollowAndStop(t *testing.T) {
	c, srv := dial(t)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	got := make(chan *flow.Flow)
	errc := make(chan error, 1)
	go func() {
		errc <- c.Each(ctx, &observer.GetFlowsRequest{Follow: true}, func(f *flow.Flow) error {
			got <- f
			return errors.New("enough")
		})
	}()
	time.Sleep(50 * time.Millisecond) // let the stream start
	srv.Add(hubbletest.SeedFlow(hubbletest.OverlaySYN, time.Now(), 1))
	select {
	case f := <-got:
		if f.GetL4().GetTCP().GetSourcePort() != 1 {
			t.Errorf("followed flow %v", f)
		}
	case <-ctx.Done():
		t.Fatal("no followed flow")
	}
	if err := <-errc; err == nil || err.Error() != "enough" {
		t.Errorf("Each = %v, want the callback's error", err)
	}
}

func TestBadFilter(t *testing.T) {
	c, _ := dial(t, seedFlows()...)
	_, err := c.Flows(context.Background(), &observer.GetFlowsRequest{
		Whitelist: []*flow.FlowFilter{{HttpPath: []string{"/"}}},
	})
	if status.Code(errors.Unwrap(err)) != codes.InvalidArgument || !strings.Contains(err.Error(), "http_path") {
		t.Errorf("err = %v, want InvalidArgument naming http_path", err)
	}
}

func TestStatusAndHealth(t *testing.T) {
	c, _ := dial(t, seedFlows()...)
	st, err := c.ServerStatus(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if st.GetNumFlows() != 8 || st.GetNumConnectedNodes().GetValue() != 1 {
		t.Errorf("status %v", st)
	}
	conn, err := grpc.NewClient(c.Addr, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	res, err := healthpb.NewHealthClient(conn).Check(context.Background(), &healthpb.HealthCheckRequest{Service: hubbletest.HealthService})
	if err != nil || res.GetStatus() != healthpb.HealthCheckResponse_SERVING {
		t.Errorf("health %v %v", res, err)
	}
	nodes, err := observer.NewObserverClient(conn).GetNodes(context.Background(), &observer.GetNodesRequest{})
	if err != nil || len(nodes.GetNodes()) != 1 {
		t.Errorf("nodes %v %v", nodes, err)
	}
}

func TestConnectNeedsATarget(t *testing.T) {
	if _, err := hubble.Connect(context.Background(), hubble.Options{}); err == nil {
		t.Error("Connect without server or cluster succeeded")
	}
}
