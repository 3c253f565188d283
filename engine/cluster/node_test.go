package cluster_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tutor-run/tutor/engine/cluster"
)

// makeNodeBinDir fills dir with stand-ins of the node's binaries, as
// CheckNodeBinaries wants them, stamped stamp.
func makeNodeBinDir(t testing.TB, dir, stamp string) {
	t.Helper()
	fillBinDir(t, dir, stamp, []string{"containerd", "containerd-shim-runc-v2", "ctr", "coredns"}, nil)
}

// TestDefaultNodeBinDir checks the lookup order of the node's binaries:
// $TUTOR_NODE_BIN, the checkout's .cache/node/bin when it holds them, then
// the user cache; and that finding none says how to install them.
func TestDefaultNodeBinDir(t *testing.T) {
	p := fakeLookup(t, "TUTOR_NODE_BIN", "node", "containerd-v2.4.2-coredns-v1.15.0-"+cluster.NodeSourceHash(),
		cluster.UserNodeBinDir, cluster.DefaultNodeInstallDir)
	checkLookups[*cluster.MissingNodeBinariesError](t, cluster.DefaultNodeBinDir, []lookupCase{
		{name: "nothing installed, outside", wd: p.outside,
			wantErr: []string{"run `tutor sandbox install node`", "`make node-bin`", p.user, "user cache: not installed"}},
		{name: "nothing installed, in the checkout", wd: p.inside,
			wantErr: []string{p.checkoutBin + " or " + p.user, "checkout: no such directory"}},
		{name: "the user cache", setup: func() { makeNodeBinDir(t, p.user, cluster.NodeStamp()) }, wd: p.outside, want: p.user},
		{name: "the user cache, in the checkout", wd: p.inside, want: p.user},
		{name: "a checkout of other versions", setup: func() { makeNodeBinDir(t, p.checkoutBin, "containerd=v2.3.0 coredns=v1.15.0 src=0") },
			wd: p.inside, want: p.user},
		{name: "the checkout's, of other sources", setup: func() { makeNodeBinDir(t, p.checkoutBin, "containerd=v2.4.2 coredns=v1.15.0 src=0") },
			wd: p.inside, want: p.checkoutBin},
		{name: "the checkout's, outside", wd: p.outside, want: p.user},
		{name: "TUTOR_NODE_BIN", setup: func() { t.Setenv("TUTOR_NODE_BIN", p.outside) }, wd: p.inside, want: p.outside},
	})
}

// TestCheckNodeBinaries: what a node bin dir lacks, by name.
func TestCheckNodeBinaries(t *testing.T) {
	fill := func(t testing.TB, dir string) { makeNodeBinDir(t, dir, cluster.NodeStamp()) }
	missingIn := func(e *cluster.MissingNodeBinariesError) (string, []string) { return e.BinDir, e.Missing }
	checkBinDirs(t, fill, cluster.CheckNodeBinaries, missingIn, []checkCase{
		{"complete", func(string) {}, ""},
		{"of other sources", func(dir string) {
			os.WriteFile(filepath.Join(dir, "VERSIONS"), []byte("containerd=v2.4.2 coredns=v1.15.0 src=0\n"), 0o644)
		}, ""},
		{"no directory", func(dir string) { os.RemoveAll(dir) }, "no such directory"},
		{"no coredns, shim not executable", func(dir string) {
			os.Remove(filepath.Join(dir, "coredns"))
			os.Chmod(filepath.Join(dir, "containerd-shim-runc-v2"), 0o644)
		}, "containerd-shim-runc-v2, coredns"},
		{"other versions", func(dir string) {
			os.WriteFile(filepath.Join(dir, "VERSIONS"), []byte("containerd=v2.4.2 coredns=v1.14.0 src=0\n"), 0o644)
		}, "VERSIONS (want containerd=v2.4.2 coredns=v1.15.0)"},
		{"no VERSIONS", func(dir string) { os.Remove(filepath.Join(dir, "VERSIONS")) }, "VERSIONS (want containerd=v2.4.2 coredns=v1.15.0)"},
	})
}

// TestInstallNode builds the node's binaries with the fake go, then finds
// them up to date.
func TestInstallNode(t *testing.T) {
	goBin, log := fakeToolchain(t)
	dir := filepath.Join(t.TempDir(), "node", "bin")
	nodeInstall.fresh(t, dir, goBin,
		"tutor: installing the sandbox's node binaries into "+dir+"\n",
		"] building containerd v2.4.2 (containerd, ctr)",
		"go: downloading github.com/containerd/containerd/v2/cmd/ctr v2.4.2\n",
		"] building containerd-shim-runc-v2 v2.4.2\n",
		"] building coredns v1.15.0 (reload, bind, ready, health, prometheus, errors, log, loadbalance, cache, hosts, kubernetes, loop, forward, whoami)",
		"] installed in "+dir+" (",
	)
	const env = "GOFLAGS=-mod=readonly -buildvcs=false GOWORK=off "
	wantCalls := []string{
		env + "install -trimpath -tags urfave_cli_no_docs no_btrfs no_devmapper no_zfs -ldflags -s -w -X github.com/containerd/containerd/v2/version.Version=v2.4.2 " +
			"github.com/containerd/containerd/v2/cmd/containerd@v2.4.2 github.com/containerd/containerd/v2/cmd/ctr@v2.4.2",
		env + "install -trimpath -tags urfave_cli_no_docs no_btrfs no_devmapper no_zfs no_grpc -ldflags -s -w -X github.com/containerd/containerd/v2/version.Version=v2.4.2 " +
			"github.com/containerd/containerd/v2/cmd/containerd-shim-runc-v2@v2.4.2",
		env + "build -trimpath -ldflags -s -w -o " + filepath.Dir(dir),
	}
	got := calls(t, log)
	if len(got) != len(wantCalls) {
		t.Fatalf("go calls %q, want %d", got, len(wantCalls))
	}
	for i, want := range wantCalls {
		if !strings.HasPrefix(got[i], want) {
			t.Errorf("go call %d:\n got %q\nwant %q...", i, got[i], want)
		}
	}
	nodeInstall.again(t, dir, goBin, log, len(wantCalls))
}

// TestInstallNodeReplaces: an install of other sources is replaced, and
// the control plane's binaries are not taken for the node's.
func TestInstallNodeReplaces(t *testing.T) {
	goBin, _ := fakeToolchain(t)
	dir := filepath.Join(t.TempDir(), "bin")
	makeNodeBinDir(t, dir, "containerd=v2.4.2 coredns=v1.15.0 src=0")
	if _, err := cluster.InstallNode(t.Context(), cluster.InstallOptions{Dir: dir, Go: goBin}); err != nil {
		t.Fatal(err)
	}
	checkStamp(t, dir, cluster.NodeStamp())
	cp := filepath.Join(t.TempDir(), "bin")
	makeBinDir(t, cp)
	_, err := cluster.InstallNode(t.Context(), cluster.InstallOptions{Dir: cp, Go: goBin})
	if err == nil || !strings.Contains(err.Error(), "which tutor sandbox install did not make") {
		t.Errorf("InstallNode into the control plane's binaries: %v", err)
	}
}

// BenchmarkInstallNodeUpToDate is the cost of `tutor sandbox install
// node` (and `make node-bin`) when the binaries are there: the check that
// makes it a no-op.
func BenchmarkInstallNodeUpToDate(b *testing.B) {
	dir := filepath.Join(b.TempDir(), "bin")
	makeNodeBinDir(b, dir, cluster.NodeStamp())
	for b.Loop() {
		res, err := cluster.InstallNode(b.Context(), cluster.InstallOptions{Dir: dir, Go: "/nonexistent/go"})
		if err != nil || !res.UpToDate {
			b.Fatalf("InstallNode: %+v, %v; want up to date", res, err)
		}
	}
}
