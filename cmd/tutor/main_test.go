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
	skipOrFail(t, "TUTOR_SKIP_CLUSTER", "the cluster scripts", err)
	clusterScripts(t, "testdata/cluster", bin, nil,
		map[string]func(*testscript.TestScript, bool, []string){"no-process": noProcess, "same-report": sameReport})
}

// TestRealNodeScripts runs testdata/realnode/*.txtar, which give the sandbox
// a real node (--real-nodes 1): they need root, the binaries of `make
// cluster-bin` and `make node-bin`, the images of `make images` and the
// host's runc, CNI plugins and iptables; without them the test fails,
// unless TUTOR_SKIP_REAL_NODE=1 says to skip it.
func TestRealNodeScripts(t *testing.T) {
	bin, env, err := realNodeEnv()
	skipOrFail(t, "TUTOR_SKIP_REAL_NODE", "the real node scripts", err)
	clusterScripts(t, "testdata/realnode", bin, env,
		map[string]func(*testscript.TestScript, bool, []string){"no-process": noProcess, "no-node-leftovers": noNodeLeftovers, "node-leftovers-before": nodeLeftoversBeforeCmd})
}

// TestCiliumScripts runs testdata/cilium/*.txtar, which install Cilium's
// chart on the sandbox's real node and run the real agent and Hubble
// Relay: they need what TestRealNodeScripts needs, Cilium's images (`make
// cilium-images`) and the chart repository (`make charts`); without them
// the test fails, unless TUTOR_SKIP_CILIUM=1 says to skip it.
func TestCiliumScripts(t *testing.T) {
	bin, env, err := realNodeEnv()
	if err == nil {
		err = cluster.CheckCiliumImages(env["IMAGES"])
	}
	env["CILIUM_CHARTS"], _ = filepath.Abs("../../.cache/charts/cilium")
	if err == nil {
		_, err = os.Stat(filepath.Join(env["CILIUM_CHARTS"], "index.yaml"))
	}
	skipOrFail(t, "TUTOR_SKIP_CILIUM", "the Cilium scripts", err)
	clusterScripts(t, "testdata/cilium", bin, env,
		map[string]func(*testscript.TestScript, bool, []string){"replace": replace, "no-node-leftovers": noNodeLeftovers, "node-leftovers-before": nodeLeftoversBeforeCmd})
}

// realNodeEnv checks what a real node needs here and returns the control
// plane's binaries and the scripts' environment: $TUTOR_NODE_BIN, $IMAGES
// (the image store) and $XDG_CACHE_HOME, where tutor run finds the store
// `tutor sandbox images` puts there.
func realNodeEnv() (bin string, env map[string]string, err error) {
	env = map[string]string{}
	bin, err = cluster.DefaultBinDir()
	if err == nil {
		err = cluster.CheckRealNode()
	}
	if err == nil {
		env["TUTOR_NODE_BIN"], err = cluster.DefaultNodeBinDir()
	}
	if err == nil {
		env["IMAGES"], err = images.DefaultDir()
	}
	if err == nil {
		env["XDG_CACHE_HOME"], err = os.UserCacheDir()
	}
	return bin, env, err
}

// skipOrFail ends the test when err says its prerequisites are missing:
// a skip when the environment variable skip is 1, else a failure.
func skipOrFail(t *testing.T, skip, what string, err error) {
	t.Helper()
	if err == nil {
		return
	}
	if os.Getenv(skip) == "1" {
		t.Skipf("%s=1: SKIPPING %s: %v", skip, what, err)
	}
	t.Fatalf("%v (or set %s=1 to skip)", err, skip)
}

// clusterScripts runs the scripts in dir with $TUTORIALS, the control
// plane's binaries in bin ($CLUSTER_BIN, $TUTOR_CLUSTER_BIN), env and cmds.
func clusterScripts(t *testing.T, dir, bin string, env map[string]string, cmds map[string]func(*testscript.TestScript, bool, []string)) {
	tutorials, err := filepath.Abs("../../tutorials")
	if err != nil {
		t.Fatal(err)
	}
	testscript.Run(t, testscript.Params{
		Dir:  dir,
		Cmds: cmds,
		Setup: func(e *testscript.Env) error {
			e.Setenv("TUTORIALS", tutorials)
			e.Setenv("CLUSTER_BIN", bin)
			e.Setenv("TUTOR_CLUSTER_BIN", bin)
			e.Setenv("NO_COLOR", "1")
			for k, v := range env {
				e.Setenv(k, v)
			}
			return nil
		},
		RequireExplicitExec: true,
	})
}
