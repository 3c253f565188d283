// Package hubbletest is a stand-in Hubble Relay: an Observer gRPC server
// that serves recorded flows. Tests use it over loopback, and the sandbox
// serves it behind the hubble-relay Service during rehearsals, so nothing
// here imports "testing".
package hubbletest

import (
	"context"
	"fmt"
	"net"
	"os"
	"sync"
	"time"

	"github.com/cilium/cilium/api/v1/flow"
	"github.com/cilium/cilium/api/v1/observer"
	"github.com/tutor-run/tutor/engine/hubble/flowfmt"
	"github.com/tutor-run/tutor/engine/hubble/flowmatch"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/health"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/timestamppb"
	"google.golang.org/protobuf/types/known/wrapperspb"
)

// HealthService is the gRPC health service name `hubble status` checks.
const HealthService = "hubble.server.Observer"

// NodeName is the node the server reports in GetNodes and for flows that
// name none.
const NodeName = "hubbletest-node"

// Server serves flows over the Observer API. The zero value is not usable;
// call NewServer.
type Server struct {
	observer.UnimplementedObserverServer

	mu      sync.Mutex
	flows   []*flow.Flow
	added   chan struct{} // closed and replaced by Add, to wake followers
	started time.Time
	grpc    *grpc.Server
}

// NewServer returns a server holding flows (in the order given: the
// order GetFlows sends them).
func NewServer(flows ...*flow.Flow) *Server {
	s := &Server{flows: flows, added: make(chan struct{}), started: time.Now()}
	s.grpc = grpc.NewServer()
	observer.RegisterObserverServer(s.grpc, s)
	h := health.NewServer()
	h.SetServingStatus(HealthService, healthpb.HealthCheckResponse_SERVING)
	healthpb.RegisterHealthServer(s.grpc, h)
	return s
}

// Serve serves on l until Stop; it returns nil after Stop.
func (s *Server) Serve(l net.Listener) error {
	if err := s.grpc.Serve(l); err != grpc.ErrServerStopped {
		return err
	}
	return nil
}

// Stop closes the listeners and ends every stream, followers included.
func (s *Server) Stop() { s.grpc.Stop() }

// Add appends flows; followers receive those that pass their filters.
func (s *Server) Add(flows ...*flow.Flow) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.flows = append(s.flows, flows...)
	close(s.added)
	s.added = make(chan struct{})
}

// Len is how many flows the server holds.
func (s *Server) Len() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.flows)
}

// snapshot returns the flows held now and a channel closed on the next Add.
func (s *Server) snapshot() ([]*flow.Flow, chan struct{}) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.flows[:len(s.flows):len(s.flows)], s.added
}

// GetFlows sends the stored flows that pass the request's filters and time
// window: the last Number of them (the first Number with First), all of
// them when Number is 0; with Follow, then every added flow until the
// client goes away.
func (s *Server) GetFlows(req *observer.GetFlowsRequest, stream observer.Observer_GetFlowsServer) error {
	filter, err := flowmatch.New(req.GetWhitelist(), req.GetBlacklist())
	if err != nil {
		return status.Error(codes.InvalidArgument, err.Error())
	}
	since, until := req.GetSince(), req.GetUntil()
	keep := func(f *flow.Flow) bool {
		t := f.GetTime()
		if since != nil && (t == nil || t.AsTime().Before(since.AsTime())) {
			return false
		}
		if until != nil && (t == nil || t.AsTime().After(until.AsTime())) {
			return false
		}
		return filter.Pass(f)
	}
	flows, added := s.snapshot()
	var out []*flow.Flow
	for _, f := range flows {
		if keep(f) {
			out = append(out, f)
		}
	}
	if n := int(req.GetNumber()); n > 0 && n < len(out) {
		if req.GetFirst() {
			out = out[:n]
		} else {
			out = out[len(out)-n:]
		}
	}
	for _, f := range out {
		if err := send(stream, f); err != nil {
			return err
		}
	}
	if !req.GetFollow() {
		return nil
	}
	for seen := len(flows); ; {
		select {
		case <-stream.Context().Done():
			return nil
		case <-added:
		}
		flows, added = s.snapshot()
		for _, f := range flows[seen:] {
			if keep(f) {
				if err := send(stream, f); err != nil {
					return err
				}
			}
		}
		seen = len(flows)
	}
}

func send(stream observer.Observer_GetFlowsServer, f *flow.Flow) error {
	node := f.GetNodeName()
	if node == "" {
		node = NodeName
	}
	return stream.Send(&observer.GetFlowsResponse{
		ResponseTypes: &observer.GetFlowsResponse_Flow{Flow: f},
		NodeName:      node,
		Time:          f.GetTime(),
	})
}

// ServerStatus reports the flows held and one connected node.
func (s *Server) ServerStatus(context.Context, *observer.ServerStatusRequest) (*observer.ServerStatusResponse, error) {
	n := uint64(s.Len())
	return &observer.ServerStatusResponse{
		NumFlows: n, MaxFlows: max(n, 4095), SeenFlows: n,
		UptimeNs:          uint64(time.Since(s.started)),
		NumConnectedNodes: wrapperspb.UInt32(1), NumUnavailableNodes: wrapperspb.UInt32(0),
		Version: "hubbletest",
	}, nil
}

// GetNodes reports the one node.
func (s *Server) GetNodes(context.Context, *observer.GetNodesRequest) (*observer.GetNodesResponse, error) {
	n := uint64(s.Len())
	return &observer.GetNodesResponse{Nodes: []*observer.Node{{
		Name: NodeName, Version: "hubbletest", Address: "127.0.0.1:4244",
		State: 1, NumFlows: n, MaxFlows: max(n, 4095), SeenFlows: n,
		UptimeNs: uint64(time.Since(s.started)),
	}}}, nil
}

// Listen starts a server holding flows on addr ("127.0.0.1:0" for a free
// port) and returns it with the address it listens on. Call Stop when done.
func Listen(addr string, flows ...*flow.Flow) (*Server, string, error) {
	l, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, "", fmt.Errorf("hubbletest: %w", err)
	}
	s := NewServer(flows...)
	go s.Serve(l)
	return s, l.Addr().String(), nil
}

// TB is the part of testing.TB that Start uses.
type TB interface {
	Helper()
	Fatalf(format string, args ...any)
	Cleanup(func())
}

// Start serves flows on a free loopback port for the rest of the test and
// returns the server and its address.
func Start(tb TB, flows ...*flow.Flow) (*Server, string) {
	tb.Helper()
	s, addr, err := Listen("127.0.0.1:0", flows...)
	if err != nil {
		tb.Fatalf("%v", err)
	}
	tb.Cleanup(s.Stop)
	return s, addr
}

// LoadFile reads flows from a file of `hubble observe -o jsonpb` lines.
func LoadFile(path string) ([]*flow.Flow, error) {
	fh, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer fh.Close()
	flows, err := flowfmt.ReadJSONPB(fh)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return flows, nil
}

// Timestamp is a convenience for building flows in tests and fixtures.
func Timestamp(t time.Time) *timestamppb.Timestamp { return timestamppb.New(t) }
