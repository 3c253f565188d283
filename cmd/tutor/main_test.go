package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/tutor-run/tutor/cmd/tutor/cli"
	"github.com/tutor-run/tutor/engine/cluster"
	"github.com/tutor-run/tutor/engine/images"
)

// TestMain lets testscript run this test binary as the `tutor` command, so
// the end-to-end scripts exercise the real CLI in a real process.
func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"tutor": func() { os.Exit(cli.Main()) },
	})
}

// TestScripts runs testdata/script/*.txtar. $TUTORIALS is the repository's
// tutorials folder.
func TestScripts(t *testing.T) {
	tutorials, err := filepath.Abs("../../tutorials")
	if err != nil {
		t.Fatal(err)
	}
	testscript.Run(t, testscript.Params{
		Dir:  "testdata/script",
		Cmds: map[string]func(*testscript.TestScript, bool, []string){"hubble-serve": hubbleServe},
		Setup: func(env *testscript.Env) error {
			env.Setenv("TUTORIALS", tutorials)
			env.Setenv("NO_COLOR", "1")
			return nil
		},
		RequireExplicitExec: true,
	})
}

// TestClusterScripts runs testdata/cluster/*.txtar, which bring up the
// local control plane (`tutor run --sandbox`, `tutor sandbox`). They need
// the binaries of `make cluster-bin`; without them the test fails, unless
// TUTOR_SKIP_CLUSTER=1 says to skip it.
func TestClusterScripts(t *testing.T) {
	bin, err := cluster.DefaultBinDir()
	if err == nil {
		err = cluster.CheckBinaries(bin)
	}
	if err != nil {
		if os.Getenv("TUTOR_SKIP_CLUSTER") == "1" {
			t.Skipf("TUTOR_SKIP_CLUSTER=1: SKIPPING the cluster scripts: %v", err)
		}
		t.Fatalf("%v (or set TUTOR_SKIP_CLUSTER=1 to skip)", err)
	}
	tutorials, err := filepath.Abs("../../tutorials")
	if err != nil {
		t.Fatal(err)
	}
	testscript.Run(t, testscript.Params{
		Dir:  "testdata/cluster",
		Cmds: map[string]func(*testscript.TestScript, bool, []string){"no-process": noProcess, "same-report": sameReport},
		Setup: func(env *testscript.Env) error {
			env.Setenv("TUTORIALS", tutorials)
			env.Setenv("CLUSTER_BIN", bin)
			env.Setenv("TUTOR_CLUSTER_BIN", bin)
			env.Setenv("NO_COLOR", "1")
			return nil
		},
		RequireExplicitExec: true,
	})
}

// TestRealNodeScripts runs testdata/realnode/*.txtar, which give the sandbox
// a real node (--real-nodes 1): they need root, the binaries of `make
// cluster-bin` and `make node-bin`, the images of `make images` and the
// host's runc, CNI plugins and iptables; without them the test fails,
// unless TUTOR_SKIP_REAL_NODE=1 says to skip it.
func TestRealNodeScripts(t *testing.T) {
	bin, err := cluster.DefaultBinDir()
	var nodeBin, store string
	if err == nil {
		err = cluster.CheckRealNode()
	}
	if err == nil {
		nodeBin, err = cluster.DefaultNodeBinDir()
	}
	if err == nil {
		store, err = images.DefaultDir()
	}
	cache, _ := os.UserCacheDir()
	if err != nil {
		if os.Getenv("TUTOR_SKIP_REAL_NODE") == "1" {
			t.Skipf("TUTOR_SKIP_REAL_NODE=1: SKIPPING the real node scripts: %v", err)
		}
		t.Fatalf("%v (or set TUTOR_SKIP_REAL_NODE=1 to skip)", err)
	}
	tutorials, err := filepath.Abs("../../tutorials")
	if err != nil {
		t.Fatal(err)
	}
	testscript.Run(t, testscript.Params{
		Dir:  "testdata/realnode",
		Cmds: map[string]func(*testscript.TestScript, bool, []string){"no-process": noProcess, "no-node-leftovers": noNodeLeftovers},
		Setup: func(env *testscript.Env) error {
			env.Setenv("TUTORIALS", tutorials)
			env.Setenv("CLUSTER_BIN", bin)
			env.Setenv("TUTOR_CLUSTER_BIN", bin)
			env.Setenv("TUTOR_NODE_BIN", nodeBin)
			env.Setenv("IMAGES", store)
			// tutor run finds the image store where tutor sandbox images put it.
			env.Setenv("XDG_CACHE_HOME", cache)
			env.Setenv("TUTOR_NODE_BIN", nodeBin)
			env.Setenv("IMAGES", store)
			// tutor run finds the image store where tutor sandbox images put it.
			env.Setenv("XDG_CACHE_HOME", cache)
			env.Setenv("NO_COLOR", "1")
			return nil
		},
		RequireExplicitExec: true,
	})
}
