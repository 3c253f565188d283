package cluster

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/tutor-run/tutor/engine/internal/proc"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"
)

// Status is what runs of a cluster.
type Status struct {
	Components    []ComponentStatus // in start order
	Nodes         int               // nodes the cluster was started with
	NodesReady    int               // of those, how many are Ready
	RealNode      string            // the node that runs its pods, "" when all are simulated
	ServerVersion string            // e.g. "v1.37.2"; "" when the API server does not answer
}

// ComponentStatus is one process of the cluster.
type ComponentStatus struct {
	Name    string
	PID     int // 0 when not running
	Running bool
}

// Running reports whether every component runs.
func (s Status) Running() bool {
	for _, cs := range s.Components {
		if !cs.Running {
			return false
		}
	}
	return len(s.Components) > 0
}

// RESTConfig returns a client configuration for the cluster's admin user.
func (c *Cluster) RESTConfig() (*rest.Config, error) {
	files := map[string][]byte{}
	for _, f := range []string{caCert, adminCert, adminKey} {
		data, err := os.ReadFile(c.path(pkiDir, f))
		if err != nil {
			return nil, fmt.Errorf("rest config: %w", err)
		}
		files[f] = data
	}
	return &rest.Config{
		Host: c.Server(),
		TLSClientConfig: rest.TLSClientConfig{
			CAData:   files[caCert],
			CertData: files[adminCert],
			KeyData:  files[adminKey],
		},
		// Tests and readiness polls make many small requests; client-go's
		// default of 5 per second would throttle them.
		QPS:   200,
		Burst: 400,
	}, nil
}

// clientset returns a typed client for the cluster whose requests time
// out after timeout (0: never; watches need that).
func (c *Cluster) clientset(timeout time.Duration) (*kubernetes.Clientset, error) {
	cfg, err := c.RESTConfig()
	if err != nil {
		return nil, err
	}
	cfg.Timeout = timeout
	client, err := kubernetes.NewForConfig(cfg)
	if err != nil {
		return nil, fmt.Errorf("client: %w", err)
	}
	return client, nil
}

// Status reports which components run and, from the API server, the server
// version and how many nodes are Ready. The error says why the API server
// could not tell; the components are filled in regardless.
func (c *Cluster) Status(ctx context.Context) (Status, error) {
	s := Status{Nodes: c.state.Nodes, RealNode: c.RealNode()}
	for _, name := range c.components() {
		pid, ok := c.recordedPID(name)
		ok = ok && proc.Alive(pid)
		if !ok {
			pid = 0
		}
		s.Components = append(s.Components, ComponentStatus{Name: name, PID: pid, Running: ok})
	}
	client, err := c.clientset(5 * time.Second)
	if err != nil {
		return s, fmt.Errorf("cluster status: %w", err)
	}
	v, err := client.Discovery().ServerVersion()
	if err != nil {
		return s, fmt.Errorf("cluster status: server version: %w", err)
	}
	s.ServerVersion = v.GitVersion
	if s.NodesReady, err = c.readyNodes(ctx, client); err != nil {
		return s, fmt.Errorf("cluster status: nodes: %w", err)
	}
	return s, nil
}
