// Package kubetest gives the integration tests of a package one local
// control plane (engine/cluster) for the whole test binary: started by the
// first test that needs it, so `go test -run TestUnit` and unit-only runs
// do not pay for it, and stopped when the tests end.
//
// Without the binaries of `make cluster-bin` the test binary fails with
// that hint, unless TUTOR_SKIP_CLUSTER=1, when every test that needs the
// cluster skips, loudly.
package kubetest

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tutor-run/tutor/engine/cluster"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"
)

// SkipEnv, set to 1, lets a machine without the binaries skip the tests
// that need the cluster instead of failing.
const SkipEnv = "TUTOR_SKIP_CLUSTER"

// Nodes is how many simulated nodes the shared cluster has.
const Nodes = 2

var (
	// skipReason is why tests that need the cluster skip; nil when they run.
	skipReason error
	shared     struct {
		once sync.Once
		c    *cluster.Cluster
		err  error
	}
)

// Main runs the tests of m and stops the shared cluster if a test started
// it. Call it from TestMain: `os.Exit(kubetest.Main(m))`.
func Main(m *testing.M) int {
	if err := cluster.CheckBinaries(""); err != nil {
		if os.Getenv(SkipEnv) != "1" {
			fmt.Fprintf(os.Stderr, "FAIL: %v\n(or set %s=1 to skip the tests that need the local cluster)\n", err, SkipEnv)
			return 1
		}
		skipReason = err
		fmt.Fprintf(os.Stderr, "WARNING: %s=1: SKIPPING every test that needs the local cluster: %v\n", SkipEnv, err)
	}
	code := m.Run()
	if c := shared.c; c != nil {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if err := c.Stop(ctx); err != nil {
			fmt.Fprintln(os.Stderr, "FAIL: stop the shared cluster:", err)
			code = 1
		}
		if left := Leftovers(c.BinDir(), c.StateDir()); len(left) > 0 {
			fmt.Fprintln(os.Stderr, "FAIL: processes left after Stop:", left)
			code = 1
		}
	}
	return code
}

// SkipWithoutCluster skips a test that starts clusters of its own when
// TUTOR_SKIP_CLUSTER=1 let the binaries be missing.
func SkipWithoutCluster(tb testing.TB) {
	tb.Helper()
	if skipReason != nil {
		tb.Skipf("SKIPPED (%s=1): this test needs the local cluster: %v", SkipEnv, skipReason)
	}
}

// Cluster returns the shared cluster, starting it on first use (on free
// ports, so test packages can run side by side).
func Cluster(tb testing.TB) *cluster.Cluster {
	tb.Helper()
	SkipWithoutCluster(tb)
	shared.once.Do(func() {
		dir, err := os.MkdirTemp("", "tutor-kube-test-")
		if err != nil {
			shared.err = err
			return
		}
		var log io.Writer
		if testing.Verbose() {
			log = os.Stderr
		}
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
		defer cancel()
		shared.c, shared.err = cluster.Start(ctx, cluster.Options{StateDir: dir, Nodes: Nodes, Ports: &cluster.Ports{}, Log: log})
	})
	if shared.err != nil {
		tb.Fatal(shared.err)
	}
	return shared.c
}

// Config returns a client configuration for the shared cluster.
func Config(tb testing.TB) *rest.Config {
	tb.Helper()
	cfg, err := Cluster(tb).RESTConfig()
	if err != nil {
		tb.Fatal(err)
	}
	return cfg
}

// Clientset returns a typed client for the shared cluster.
func Clientset(tb testing.TB) kubernetes.Interface {
	tb.Helper()
	client, err := kubernetes.NewForConfig(Config(tb))
	if err != nil {
		tb.Fatal(err)
	}
	return client
}

// Namespace creates a namespace named after the test and deletes it (without
// waiting) when the test ends.
func Namespace(tb testing.TB, client kubernetes.Interface) string {
	tb.Helper()
	prefix := strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			return r
		case r >= 'A' && r <= 'Z':
			return r - 'A' + 'a'
		}
		return '-'
	}, tb.Name())
	if len(prefix) > 40 {
		prefix = prefix[:40]
	}
	ns := &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{GenerateName: strings.Trim(prefix, "-") + "-"}}
	ns, err := client.CoreV1().Namespaces().Create(context.Background(), ns, metav1.CreateOptions{})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() {
		_ = client.CoreV1().Namespaces().Delete(context.Background(), ns.Name, metav1.DeleteOptions{})
	})
	return ns.Name
}

// Leftovers lists the processes that run a binary of binDir on stateDir.
func Leftovers(binDir, stateDir string) []string {
	bin, err := filepath.EvalSymlinks(binDir)
	if err != nil {
		return []string{err.Error()}
	}
	entries, _ := os.ReadDir("/proc")
	var left []string
	for _, e := range entries {
		if _, err := strconv.Atoi(e.Name()); err != nil {
			continue
		}
		exe, err := os.Readlink(filepath.Join("/proc", e.Name(), "exe"))
		if err != nil || filepath.Dir(exe) != bin {
			continue
		}
		cmdline, _ := os.ReadFile(filepath.Join("/proc", e.Name(), "cmdline"))
		if strings.Contains(string(cmdline), stateDir) {
			left = append(left, e.Name()+" "+strings.ReplaceAll(string(cmdline), "\x00", " "))
		}
	}
	return left
}
