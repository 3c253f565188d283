package cluster_test

import (
	"io"
	"os"
	"testing"

	"github.com/tutor-run/tutor/engine/cluster"
	"github.com/tutor-run/tutor/engine/kube/kubetest"
)

// The tests share one cluster, started by the first test that needs it
// and stopped (with a check that no process is left) by kubetest.Main.
func TestMain(m *testing.M) { os.Exit(kubetest.Main(m)) }

func sharedCluster(t testing.TB) *cluster.Cluster { return kubetest.Cluster(t) }

func skipWithoutBinaries(t testing.TB) { kubetest.SkipWithoutCluster(t) }

var leftovers = kubetest.Leftovers

// testOptions are Options for a cluster on free ports in stateDir.
func testOptions(stateDir string) cluster.Options {
	var log io.Writer
	if testing.Verbose() {
		log = os.Stderr
	}
	return cluster.Options{StateDir: stateDir, Ports: &cluster.Ports{}, Log: log}
}
