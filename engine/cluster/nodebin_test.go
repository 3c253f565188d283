package cluster_test

import (
	"bytes"
	"context"
	"debug/elf"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/tutor-run/tutor/engine/cluster"
	"github.com/tutor-run/tutor/engine/internal/syncio"
	"github.com/tutor-run/tutor/engine/kube/kubetest"
)

// nodeBinDir returns the directory of the node's binaries (`make
// node-bin`). Without them the test fails with the hint to build them,
// unless TUTOR_SKIP_CLUSTER=1, when it skips, loudly.
func nodeBinDir(t *testing.T) string {
	t.Helper()
	dir, err := cluster.DefaultNodeBinDir()
	if err == nil {
		err = cluster.CheckNodeBinaries(dir)
	}
	if err != nil {
		if os.Getenv(kubetest.SkipEnv) == "1" {
			t.Skipf("SKIPPED (%s=1): this test needs the node's binaries: %v", kubetest.SkipEnv, err)
		}
		t.Fatalf("%v (or set %s=1 to skip)", err, kubetest.SkipEnv)
	}
	return dir
}

// TestNodeBinaryVersions runs the node's binaries as built: the versions
// they report, and that the ones InstallNode builds are static (no
// interpreter), so they run on any Linux.
func TestNodeBinaryVersions(t *testing.T) {
	skipWithoutBinaries(t)
	node := nodeBinDir(t)
	controlPlane, err := cluster.DefaultBinDir()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		dir, name, arg string
		want           string
	}{
		{controlPlane, "kubelet", "--version", "Kubernetes " + cluster.KubernetesVersion + "\n"},
		{controlPlane, "kube-proxy", "--version", "Kubernetes " + cluster.KubernetesVersion + "\n"},
		{node, "containerd", "--version", "containerd github.com/containerd/containerd/v2 " + cluster.ContainerdVersion + " "},
		{node, "ctr", "--version", "ctr github.com/containerd/containerd/v2 " + cluster.ContainerdVersion + "\n"},
		{node, "containerd-shim-runc-v2", "-v", "\n  Version:  " + cluster.ContainerdVersion + "\n"},
		{node, "coredns", "-version", "CoreDNS-" + strings.TrimPrefix(cluster.CoreDNSVersion, "v") + "\n"},
		{node, "coredns", "-plugins", ""}, // each of CoreDNSPlugins on a line
	} {
		t.Run(tc.name+tc.arg, func(t *testing.T) {
			out, err := exec.Command(filepath.Join(tc.dir, tc.name), tc.arg).CombinedOutput()
			if err != nil {
				t.Fatalf("%s %s: %v\n%s", tc.name, tc.arg, err, out)
			}
			if tc.arg == "-plugins" {
				lines := strings.Split(string(out), "\n")
				for _, p := range cluster.CoreDNSPlugins {
					if !slices.Contains(lines, p) {
						t.Errorf("coredns -plugins lacks %s:\n%s", p, out)
					}
				}
				return
			}
			if !strings.Contains(string(out), tc.want) {
				t.Errorf("%s %s said %q, want %q in it", tc.name, tc.arg, out, tc.want)
			}
		})
	}
	for _, name := range []string{"containerd", "containerd-shim-runc-v2", "ctr", "coredns"} {
		f, err := elf.Open(filepath.Join(node, name))
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range f.Progs {
			if p.Type == elf.PT_INTERP {
				t.Errorf("%s is linked dynamically: InstallNode builds with CGO_ENABLED=0", name)
			}
		}
		f.Close()
	}
}

// TestContainerdRuns starts the built containerd on a root, state and
// socket of a temporary directory, with the native snapshotter (no mounts)
// and without CRI, asks it its version and plugins with ctr, and stops it.
func TestContainerdRuns(t *testing.T) {
	bin := nodeBinDir(t)
	if os.Geteuid() != 0 {
		t.Skip("SKIPPED: containerd runs as root")
	}
	dir := t.TempDir()
	sock := filepath.Join(dir, "containerd.sock")
	config := fmt.Sprintf(`version = 4
root = %q
state = %q
disabled_plugins = [
  "io.containerd.grpc.v1.cri", "io.containerd.cri.v1.images", "io.containerd.cri.v1.runtime",
  "io.containerd.podsandbox.controller.v1.podsandbox", "io.containerd.nri.v1.nri", "io.containerd.internal.v1.opt",
  "io.containerd.snapshotter.v1.overlayfs", "io.containerd.snapshotter.v1.blockfile", "io.containerd.snapshotter.v1.erofs",
]
[plugins.'io.containerd.server.v1.grpc']
  address = %q
[plugins.'io.containerd.server.v1.ttrpc']
  address = %q
[plugins.'io.containerd.transfer.v1.local']
  unpack_config = [{platform = "%s/%s", snapshotter = "native", differ = "walking"}]
`, filepath.Join(dir, "root"), filepath.Join(dir, "state"), sock, sock+".ttrpc", runtime.GOOS, runtime.GOARCH)
	if err := os.WriteFile(filepath.Join(dir, "config.toml"), []byte(config), 0o644); err != nil {
		t.Fatal(err)
	}
	log := newProcessLog()
	stop := startProcess(t, log, filepath.Join(bin, "containerd"), "--config", filepath.Join(dir, "config.toml"), "--log-level", "info")

	ctr := func(args ...string) (string, error) {
		out, err := exec.Command(filepath.Join(bin, "ctr"), append([]string{"--address", sock}, args...)...).CombinedOutput()
		return string(out), err
	}
	var out string
	var err error
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		if out, err = ctr("version"); err == nil || time.Now().After(deadline) {
			break
		}
	}
	if err != nil {
		stop()
		t.Fatalf("ctr version: %v\n%s\ncontainerd's log:\n%s", err, out, log.String())
	}
	if want := "Server:\n  Version:  " + cluster.ContainerdVersion + "\n"; !strings.Contains(out, want) {
		t.Errorf("ctr version said %q, want %q in it", out, want)
	}
	out, err = ctr("plugins", "ls")
	if native := regexp.MustCompile(`(?m)^io\.containerd\.snapshotter\.v1\s+native\s+\S+\s+ok\s*$`); err != nil || !native.MatchString(out) {
		t.Errorf("ctr plugins ls: %v, want the native snapshotter ok:\n%s", err, out)
	}
	if failed := regexp.MustCompile(`(?m)^.*\serror\s*$`).FindAllString(out, -1); len(failed) > 0 {
		t.Errorf("plugins that failed to load:\n%s", strings.Join(failed, "\n"))
	}
	// What it logs while it runs, not while SIGTERM cuts short a garbage
	// collection ("failed to finish collection context").
	running := log.String()
	stop()
	if strings.Contains(running, "level=error") || strings.Contains(running, "level=fatal") {
		t.Errorf("containerd logged errors:\n%s", running)
	}
}

// TestCoreDNSServes runs the built coredns as the node runs it, a host
// process that reads the shared cluster through a kubeconfig, with a
// Corefile that uses every directive of CoreDNSPlugins: it answers a
// Service's name with its ClusterIP, a hosts entry, and its health, ready
// and metrics endpoints.
func TestCoreDNSServes(t *testing.T) {
	bin := nodeBinDir(t)
	c := sharedCluster(t)
	client := kubetest.Clientset(t)
	ns := kubetest.Namespace(t, client)
	svc, err := client.CoreV1().Services(ns).Create(t.Context(), &corev1.Service{
		ObjectMeta: metav1.ObjectMeta{Name: "web"},
		Spec:       corev1.ServiceSpec{Ports: []corev1.ServicePort{{Port: 80}}, Selector: map[string]string{"app": "web"}},
	}, metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	dnsPort, health, ready, metrics := freeLoopbackPort(t), freeLoopbackPort(t), freeLoopbackPort(t), freeLoopbackPort(t)
	corefile := fmt.Sprintf(`cluster.local:%[1]d {
    bind 127.0.0.1
    errors
    ready 127.0.0.1:%[5]d
    kubernetes cluster.local {
        kubeconfig %[2]s %[3]s
    }
}
tutor.test:%[1]d {
    bind 127.0.0.1
    hosts {
        192.0.2.10 registry.tutor.test
    }
}
whoami.test:%[1]d {
    bind 127.0.0.1
    whoami
}
.:%[1]d {
    bind 127.0.0.1
    errors
    log
    health 127.0.0.1:%[4]d
    prometheus 127.0.0.1:%[6]d
    reload
    loadbalance
    cache 30
    loop
    forward . 127.0.0.1:1
}
`, dnsPort, c.Kubeconfig(), cluster.ContextName, health, ready, metrics)
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "Corefile"), []byte(corefile), 0o644); err != nil {
		t.Fatal(err)
	}
	log := newProcessLog()
	stop := startProcess(t, log, filepath.Join(bin, "coredns"), "-conf", filepath.Join(dir, "Corefile"))

	get := func(port int, path string) (int, string) {
		resp, err := http.Get(fmt.Sprintf("http://127.0.0.1:%d%s", port, path))
		if err != nil {
			return 0, err.Error()
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(body)
	}
	resolver := &net.Resolver{PreferGo: true, Dial: func(ctx context.Context, _, _ string) (net.Conn, error) {
		var d net.Dialer
		return d.DialContext(ctx, "udp", fmt.Sprintf("127.0.0.1:%d", dnsPort))
	}}
	lookup := func(name string) ([]string, error) {
		ctx, cancel := context.WithTimeout(t.Context(), 5*time.Second)
		defer cancel()
		return resolver.LookupHost(ctx, name)
	}
	// ready answers once the kubernetes plugin has read the cluster, and
	// the server listens once every plugin has started.
	web := "web." + ns + ".svc.cluster.local."
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		code, body := get(ready, "/ready")
		_, err := lookup(web)
		if code == http.StatusOK && err == nil {
			break
		}
		if time.Now().After(deadline) {
			stop()
			t.Fatalf("coredns is not ready: %d %s; %v\nits log:\n%s", code, body, err, log.String())
		}
	}
	for _, q := range []struct{ name, want string }{
		{web, svc.Spec.ClusterIP},
		{"registry.tutor.test.", "192.0.2.10"},
	} {
		if addrs, err := lookup(q.name); err != nil || !slices.Equal(addrs, []string{q.want}) {
			t.Errorf("%s: %q, %v; want %s", q.name, addrs, err, q.want)
		}
	}
	if code, body := get(health, "/health"); code != http.StatusOK {
		t.Errorf("/health: %d %s", code, body)
	}
	// The counters move after the answer has gone out: give them a moment.
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		code, body := get(metrics, "/metrics")
		if code == http.StatusOK && strings.Contains(body, "coredns_dns_requests_total") {
			break
		}
		if time.Now().After(deadline) {
			t.Errorf("/metrics: %d, want coredns_dns_requests_total in it", code)
			break
		}
	}
	stop()
	if !strings.Contains(log.String(), "CoreDNS-"+strings.TrimPrefix(cluster.CoreDNSVersion, "v")) {
		t.Errorf("coredns's log lacks its version:\n%s", log.String())
	}
}

// startProcess starts name with args, its output to log, and returns a
// function that stops it with SIGTERM (SIGKILL after 10 s) and waits for
// it; the test's cleanup calls it too.
func startProcess(t *testing.T, log io.Writer, name string, args ...string) (stop func()) {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Stdout, cmd.Stderr = log, log
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	stopped := false
	stop = func() {
		if stopped {
			return
		}
		stopped = true
		cmd.Process.Signal(syscall.SIGTERM)
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			t.Errorf("%s did not stop on SIGTERM within 10 s: killed", filepath.Base(name))
			syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
			<-done
		}
		// Nothing of its process group may be left.
		if err := syscall.Kill(-cmd.Process.Pid, 0); err == nil {
			t.Errorf("processes of %s's group are left after it stopped", filepath.Base(name))
			syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		}
	}
	t.Cleanup(stop)
	return stop
}

// freeLoopbackPort returns a port free for TCP and UDP on 127.0.0.1.
func freeLoopbackPort(t *testing.T) int {
	t.Helper()
	for range 20 {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		port := l.Addr().(*net.TCPAddr).Port
		l.Close()
		if u, err := net.ListenPacket("udp", fmt.Sprintf("127.0.0.1:%d", port)); err == nil {
			u.Close()
			return port
		}
	}
	t.Fatal("no free loopback port")
	return 0
}

// processLog is a process's output, safe to read while the process still
// writes it.
type processLog struct {
	w   syncio.Writer
	buf bytes.Buffer
}

func newProcessLog() *processLog {
	l := &processLog{}
	l.w.W = &l.buf
	return l
}

func (l *processLog) Write(p []byte) (int, error) { return l.w.Write(p) }

func (l *processLog) String() (s string) {
	l.w.Locked(func() { s = l.buf.String() })
	return s
}
