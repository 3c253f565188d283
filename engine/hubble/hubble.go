// Package hubble is tutor's client of the Hubble Observer API: it reaches
// Hubble Relay (directly, or through a port-forward to the hubble-relay
// Service), fetches flows, and translates the `hubble observe` command
// lines of a post into requests; package flowfmt prints the flows.
//
// Callers depend on Source, a one-method flow source, so that the
// judging code is tested with recorded flows and no server.
package hubble

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/cilium/cilium/api/v1/flow"
	"github.com/cilium/cilium/api/v1/observer"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"k8s.io/client-go/rest"
)

// Source fetches the flows a request selects.
type Source interface {
	Flows(ctx context.Context, req *observer.GetFlowsRequest) ([]*flow.Flow, error)
}

// Streamer calls fn for each flow a request selects, as it arrives; an
// error from fn stops the stream and is returned.
type Streamer interface {
	Each(ctx context.Context, req *observer.GetFlowsRequest, fn func(*flow.Flow) error) error
}

// Defaults for Connect.
const (
	DefaultNamespace = "kube-system"
	DefaultService   = "hubble-relay"
)

// Client talks to one Hubble Relay (or agent) over gRPC.
type Client struct {
	conn     *grpc.ClientConn
	observer observer.ObserverClient
	stop     func() // ends the port-forward, if any
	// Addr is the address the client dialled.
	Addr string
}

// Dial connects to the Observer API at addr ("host:port") over plain gRPC,
// as `hubble --server` does without TLS. The connection is made lazily.
func Dial(ctx context.Context, addr string) (*Client, error) {
	conn, err := grpc.NewClient(addr, grpc.WithTransportCredentials(insecure.NewCredentials()),
		grpc.WithDefaultCallOptions(grpc.MaxCallRecvMsgSize(16<<20)))
	if err != nil {
		return nil, fmt.Errorf("hubble: dial %s: %w", addr, err)
	}
	return &Client{conn: conn, observer: observer.NewObserverClient(conn), Addr: addr}, nil
}

// Options say how Connect reaches Hubble.
type Options struct {
	// Server is "host:port" of the Observer API; when set, Connect dials it.
	Server string
	// RESTConfig reaches the cluster to port-forward to Service, when
	// Server is empty.
	RESTConfig *rest.Config
	// Namespace and Service name the relay's Service; empty means
	// DefaultNamespace and DefaultService.
	Namespace, Service string
}

// Connect dials o.Server, or else port-forwards to the relay Service and
// dials the forwarded port; closing the Client ends the forward.
func Connect(ctx context.Context, o Options) (*Client, error) {
	if o.Server != "" {
		return Dial(ctx, o.Server)
	}
	if o.RESTConfig == nil {
		return nil, errors.New("hubble: neither a server address nor a cluster to port-forward to")
	}
	ns, svc := o.Namespace, o.Service
	if ns == "" {
		ns = DefaultNamespace
	}
	if svc == "" {
		svc = DefaultService
	}
	addr, stop, err := PortForward(ctx, o.RESTConfig, ns, svc, 0)
	if err != nil {
		return nil, err
	}
	c, err := Dial(ctx, addr)
	if err != nil {
		stop()
		return nil, err
	}
	c.stop = stop
	return c, nil
}

// Close closes the connection and ends the port-forward, if any.
func (c *Client) Close() error {
	err := c.conn.Close()
	if c.stop != nil {
		c.stop()
	}
	return err
}

// Each streams the flows req selects to fn. Events other than flows (lost
// events, node status) are skipped.
func (c *Client) Each(ctx context.Context, req *observer.GetFlowsRequest, fn func(*flow.Flow) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	stream, err := c.observer.GetFlows(ctx, req)
	if err != nil {
		return fmt.Errorf("hubble: get flows: %w", err)
	}
	for {
		res, err := stream.Recv()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("hubble: get flows: %w", err)
		}
		if f := res.GetFlow(); f != nil {
			if err := fn(f); err != nil {
				return err
			}
		}
	}
}

// Flows returns the flows req selects. A request with Follow never ends
// by itself: bound ctx.
func (c *Client) Flows(ctx context.Context, req *observer.GetFlowsRequest) ([]*flow.Flow, error) {
	var out []*flow.Flow
	err := c.Each(ctx, req, func(f *flow.Flow) error {
		out = append(out, f)
		return nil
	})
	return out, err
}

// ServerStatus returns the server's status (flows held, nodes connected).
func (c *Client) ServerStatus(ctx context.Context) (*observer.ServerStatusResponse, error) {
	res, err := c.observer.ServerStatus(ctx, &observer.ServerStatusRequest{})
	if err != nil {
		return nil, fmt.Errorf("hubble: server status: %w", err)
	}
	return res, nil
}
