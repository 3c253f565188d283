package helm

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/tutor-run/tutor/engine/kube/kubetest"
)

// chartsEnv names the directory of the Cilium helm repository mirror.
const chartsEnv = "TUTOR_CILIUM_CHARTS"

var ciliumCharts struct {
	once sync.Once
	dir  string
	err  error
}

// ciliumChartsDir returns the directory holding the official Cilium repo
// (index.yaml, cilium-1.14.0.tgz): $TUTOR_CILIUM_CHARTS, else what
// hack/cilium-charts.sh prints. Without it the test fails, unless
// TUTOR_SKIP_CLUSTER=1.
func ciliumChartsDir(tb testing.TB) string {
	tb.Helper()
	ciliumCharts.once.Do(func() {
		if dir := os.Getenv(chartsEnv); dir != "" {
			ciliumCharts.dir = dir
			return
		}
		out, err := exec.Command("../../hack/cilium-charts.sh").Output()
		if err != nil {
			if ee, ok := err.(*exec.ExitError); ok {
				err = &scriptError{err, string(ee.Stderr)}
			}
			ciliumCharts.err = err
			return
		}
		ciliumCharts.dir = strings.TrimSpace(string(out))
	})
	dir, err := ciliumCharts.dir, ciliumCharts.err
	if err == nil {
		_, err = os.Stat(filepath.Join(dir, "cilium-1.14.0.tgz"))
	}
	if err != nil {
		if os.Getenv(kubetest.SkipEnv) == "1" {
			tb.Skipf("SKIPPED (%s=1): no Cilium chart repository: %v", kubetest.SkipEnv, err)
		}
		tb.Fatalf("no Cilium chart repository: %v\nhint: run hack/cilium-charts.sh (needs the Go module proxy) or set %s to a dir with index.yaml and cilium-1.14.0.tgz", err, chartsEnv)
	}
	return dir
}

type scriptError struct {
	err    error
	stderr string
}

func (e *scriptError) Error() string { return e.err.Error() + ": " + strings.TrimSpace(e.stderr) }

// testWriter sends progress lines to t.Log.
type testWriter struct{ tb testing.TB }

func (w testWriter) Write(p []byte) (int, error) {
	w.tb.Log(strings.TrimRight(string(p), "\n"))
	return len(p), nil
}

// newTestClient returns a Client with a private home, mirroring
// https://helm.cilium.io/ when mirror is set; kubeconfig may be empty for
// tests that do not reach a cluster.
func newTestClient(tb testing.TB, kubeconfig, mirror string) *Client {
	tb.Helper()
	o := Options{Home: tb.TempDir(), Kubeconfig: kubeconfig, Out: testWriter{tb}, Dir: "testdata"}
	if mirror != "" {
		o.Mirrors = map[string]string{"https://helm.cilium.io/": mirror}
	}
	c, err := New(o)
	if err != nil {
		tb.Fatal(err)
	}
	return c
}

// run parses line (the words after "helm") and runs it.
func run(tb testing.TB, c *Client, line string, values map[string]any) Result {
	tb.Helper()
	cmd, err := Parse(strings.Fields(line))
	if err != nil {
		tb.Fatalf("helm %s: %v", line, err)
	}
	res, err := c.Run(context.Background(), cmd, values)
	if err != nil {
		tb.Fatalf("helm %s: %v", line, err)
	}
	return res
}
