package cluster

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"net"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// Files and directories under StateDir.
const (
	stateFile      = "cluster.json"
	kubeconfigFile = "kubeconfig"
	kwokConfigFile = "kwok.yaml"
	fakeLogFile    = "fake-container.log" // what `kubectl logs` shows for every container
	pkiDir         = "pki"
	logDir         = "logs"
	pidDir         = "pids"
	etcdDir        = "etcd"
)

// state is what Attach needs to know about a cluster, kept in StateDir/cluster.json.
type state struct {
	BinDir            string    `json:"binDir"`
	Nodes             int       `json:"nodes"`
	NodePrefix        string    `json:"nodePrefix"`
	Ports             Ports     `json:"ports"`
	KubernetesVersion string    `json:"kubernetesVersion"`
	Started           time.Time `json:"started"`
	// Node is the real node, nil when every node is simulated.
	Node *realNode `json:"node,omitempty"`
}

func readState(dir string) (state, error) {
	var st state
	data, err := os.ReadFile(filepath.Join(dir, stateFile))
	if errors.Is(err, fs.ErrNotExist) {
		return st, fmt.Errorf("no local cluster recorded in %s", dir)
	}
	if err != nil {
		return st, err
	}
	if err := json.Unmarshal(data, &st); err != nil {
		return st, fmt.Errorf("read %s: %w", stateFile, err)
	}
	return st, nil
}

// checkStateDir fails unless dir is absent or empty.
func checkStateDir(dir string) error {
	entries, err := os.ReadDir(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
	case err != nil:
		return fmt.Errorf("state dir: %w", err)
	case len(entries) > 0:
		if _, err := os.Stat(filepath.Join(dir, stateFile)); err == nil {
			return fmt.Errorf("state dir %s already holds a cluster: stop it first", dir)
		}
		return fmt.Errorf("state dir %s is not empty", dir)
	}
	return nil
}

// makeStateDir creates dir and its subdirectories.
func makeStateDir(dir string) error {
	for _, d := range []string{pkiDir, logDir, pidDir} {
		if err := os.MkdirAll(filepath.Join(dir, d), 0o700); err != nil {
			return fmt.Errorf("state dir: %w", err)
		}
	}
	return nil
}

// writeFiles writes everything the components read before they start.
func (c *Cluster) writeFiles() error {
	c.state.Started = time.Now().UTC()
	data, err := json.MarshalIndent(c.state, "", "  ")
	if err != nil {
		return err
	}
	if err := os.WriteFile(c.path(stateFile), append(data, '\n'), 0o600); err != nil {
		return fmt.Errorf("write state: %w", err)
	}
	var ips []net.IP
	if c.state.Node != nil {
		ips = append(ips, net.ParseIP(c.state.Node.HostIP()))
	}
	if err := writePKI(c.path(pkiDir), ips...); err != nil {
		return fmt.Errorf("write pki: %w", err)
	}
	kubeconfig, err := c.kubeconfig()
	if err != nil {
		return err
	}
	if err := os.WriteFile(c.Kubeconfig(), kubeconfig, 0o600); err != nil {
		return fmt.Errorf("write kubeconfig: %w", err)
	}
	kwok, err := c.kwokConfig()
	if err != nil {
		return err
	}
	if err := os.WriteFile(c.path(kwokConfigFile), kwok, 0o600); err != nil {
		return fmt.Errorf("write kwok config: %w", err)
	}
	// kwok serves logs in the CRI format: "<RFC3339Nano> stdout F <line>".
	line := time.Now().UTC().Format(time.RFC3339Nano) + " stdout F fake log line from kwok\n"
	if err := os.WriteFile(c.path(fakeLogFile), []byte(line), 0o644); err != nil {
		return fmt.Errorf("write fake container log: %w", err)
	}
	return nil
}

// kubeconfig returns RESTConfig as a kubeconfig, the certificates inline.
func (c *Cluster) kubeconfig() ([]byte, error) {
	cfg, err := c.RESTConfig()
	if err != nil {
		return nil, fmt.Errorf("kubeconfig: %w", err)
	}
	b64 := base64.StdEncoding.EncodeToString
	return fmt.Appendf(nil, `apiVersion: v1
kind: Config
clusters:
- name: %[1]s
  cluster:
    server: %[4]s
    certificate-authority-data: %[5]s
users:
- name: %[2]s
  user:
    client-certificate-data: %[6]s
    client-key-data: %[7]s
contexts:
- name: %[3]s
  context:
    cluster: %[1]s
    user: %[2]s
current-context: %[3]s
`, ClusterName, UserName, ContextName, cfg.Host, b64(cfg.CAData), b64(cfg.CertData), b64(cfg.KeyData)), nil
}

// kwokConfig returns kwok's configuration: the upstream stages from
// BinDir/kwok-stages, then ours.
func (c *Cluster) kwokConfig() ([]byte, error) {
	var b strings.Builder
	for _, name := range kwokStages {
		data, err := os.ReadFile(filepath.Join(c.state.BinDir, "kwok-stages", name))
		if err != nil {
			return nil, fmt.Errorf("kwok config: %w", err)
		}
		b.Write(data)
		b.WriteString("\n---\n")
	}
	fmt.Fprintf(&b, kwokExtra, c.LoadBalancerIP(), c.path(fakeLogFile), c.dir, HubbleRelayPort, c.state.Ports.Hubble)
	return []byte(b.String()), nil
}

// kwokExtra are our own kwok objects: a fake LoadBalancer, so that rollout
// checks and `helm --wait` finish; `kubectl logs` shows one fake line for
// every container; `kubectl exec` runs the command on this host, in
// StateDir; a port-forward to port 4245 of any pod reaches Ports.Hubble on
// this host (where a stand-in Hubble Relay may listen).
const kwokExtra = `apiVersion: kwok.x-k8s.io/v1alpha1
kind: Stage
metadata:
  name: service-loadbalancer
spec:
  resourceRef:
    apiGroup: v1
    kind: Service
  selector:
    matchExpressions:
    - key: '.spec.type'
      operator: 'In'
      values: ['LoadBalancer']
    - key: '.status.loadBalancer.ingress'
      operator: 'DoesNotExist'
  next:
    statusTemplate: |
      loadBalancer:
        ingress:
        - ip: %[1]q
          ipMode: VIP
---
apiVersion: kwok.x-k8s.io/v1alpha1
kind: ClusterLogs
metadata:
  name: all-logs
spec:
  logs:
  - logsFile: %[2]q
    follow: false
---
apiVersion: kwok.x-k8s.io/v1alpha1
kind: ClusterExec
metadata:
  name: all-exec
spec:
  execs:
  - local:
      workDir: %[3]q
---
apiVersion: kwok.x-k8s.io/v1alpha1
kind: ClusterPortForward
metadata:
  name: hubble-relay
spec:
  forwards:
  - ports: [%[4]d]
    target:
      port: %[5]d
      address: 127.0.0.1
`

// resolvePorts returns DefaultPorts for nil, else p with each zero field
// set to a free loopback port. It checks that every port is free, so that a
// second cluster on the default ports fails with a clear message.
func resolvePorts(p *Ports) (Ports, error) {
	if p == nil {
		p = &DefaultPorts
	}
	out := *p
	fields := []struct {
		name string
		port *int
	}{
		{"etcd", &out.Etcd}, {"etcd peer", &out.EtcdPeer}, {"kube-apiserver", &out.APIServer},
		{"kube-controller-manager", &out.ControllerManager}, {"kube-scheduler", &out.Scheduler}, {"kwok", &out.Kwok},
		{"hubble", &out.Hubble},
	}
	taken := map[int]bool{}
	for _, f := range fields {
		if *f.port == 0 {
			port, err := freePort(taken)
			if err != nil {
				return out, fmt.Errorf("pick a port for %s: %w", f.name, err)
			}
			*f.port = port
		} else if err := checkPort(*f.port); err != nil {
			return out, fmt.Errorf("port %d for %s is taken (another cluster running? `tutor sandbox down` stops it): %w", *f.port, f.name, err)
		}
		taken[*f.port] = true
	}
	return out, nil
}

// freePort picks a free loopback port in [20000, 32768): below the
// ephemeral range, so that no outgoing connection takes it meanwhile.
func freePort(taken map[int]bool) (int, error) {
	var err error
	for range 100 {
		port := 20000 + rand.IntN(32768-20000)
		if taken[port] {
			continue
		}
		if err = checkPort(port); err == nil {
			return port, nil
		}
	}
	return 0, fmt.Errorf("no free port after 100 tries: %w", err)
}

func checkPort(port int) error {
	l, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", port))
	if err != nil {
		return err
	}
	return l.Close()
}
