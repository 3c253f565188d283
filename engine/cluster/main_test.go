package cluster_test

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
)

// skipEnv lets a machine without the binaries skip these tests, loudly.
const skipEnv = "TUTOR_SKIP_CLUSTER"

// skipReason is why the tests that need a cluster skip; nil when they run.
var skipReason error

// shared is the cluster the tests share: started by the first test that
// needs it (so that `go test -run '^$' -bench .` does not start it for
// nothing) and stopped by TestMain.
var shared struct {
	once sync.Once
	c    *cluster.Cluster
	err  error
}

func TestMain(m *testing.M) { os.Exit(testMain(m)) }

func testMain(m *testing.M) int {
	if err := cluster.CheckBinaries(""); err != nil {
		if os.Getenv(skipEnv) != "1" {
			fmt.Fprintf(os.Stderr, "FAIL: %v\n(or set %s=1 to skip the tests that need the local cluster)\n", err, skipEnv)
			return 1
		}
		skipReason = err
		fmt.Fprintf(os.Stderr, "WARNING: %s=1: SKIPPING every test that needs the local cluster: %v\n", skipEnv, err)
	}
	code := m.Run()
	if c := shared.c; c != nil {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if err := c.Stop(ctx); err != nil {
			fmt.Fprintln(os.Stderr, "FAIL: stop the shared cluster:", err)
			code = 1
		}
		if left := leftovers(c.BinDir(), c.StateDir()); len(left) > 0 {
			fmt.Fprintln(os.Stderr, "FAIL: processes left after Stop:", left)
			code = 1
		}
	}
	return code
}

// sharedCluster returns the shared cluster, starting it on first use.
func sharedCluster(t testing.TB) *cluster.Cluster {
	t.Helper()
	skipWithoutBinaries(t)
	shared.once.Do(func() {
		dir, err := os.MkdirTemp("", "tutor-cluster-test-")
		if err != nil {
			shared.err = err
			return
		}
		shared.c, shared.err = cluster.Start(context.Background(), testOptions(dir))
	})
	if shared.err != nil {
		t.Fatal(shared.err)
	}
	return shared.c
}

func skipWithoutBinaries(t testing.TB) {
	t.Helper()
	if skipReason != nil {
		t.Skipf("SKIPPED (%s=1): this test needs the local cluster: %v", skipEnv, skipReason)
	}
}

// testOptions are Options for a cluster on free ports in stateDir.
func testOptions(stateDir string) cluster.Options {
	var log io.Writer
	if testing.Verbose() {
		log = os.Stderr
	}
	return cluster.Options{StateDir: stateDir, Ports: &cluster.Ports{}, Log: log}
}

// leftovers lists the processes that run a binary of binDir on stateDir.
func leftovers(binDir, stateDir string) []string {
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
