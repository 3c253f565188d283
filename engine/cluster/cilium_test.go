package cluster_test

import (
	"encoding/json"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/tutor-run/tutor/engine/cluster"
	"github.com/tutor-run/tutor/engine/internal/installdir"
)

// ciliumInstalled are the names InstallCilium puts in its directory.
var ciliumInstalled = []string{
	"VERSIONS", "bpf", "cilium-agent", "cilium-cni", "cilium-dbg", "cilium-health", "cilium-health-responder",
	"cilium-operator-generic", "cni-uninstall.sh", "hubble-relay", "init-container.sh", "install-plugin.sh",
}

// makeCiliumBinDir fills dir with stand-ins of Cilium's binaries, scripts
// and BPF sources, as CheckCiliumBinaries wants them, stamped stamp.
func makeCiliumBinDir(t testing.TB, dir, stamp string) {
	t.Helper()
	executables := slices.DeleteFunc(slices.Clone(ciliumInstalled), func(name string) bool { return name == "VERSIONS" || name == "bpf" })
	fillBinDir(t, dir, stamp, executables, []string{"bpf/bpf_lxc.c", "bpf/bpf_host.c", "bpf/bpf_overlay.c", "bpf/include/bpf/ctx/skb.h"})
}

// TestDefaultCiliumBinDir checks the lookup order of Cilium's binaries:
// $TUTOR_CILIUM_BIN, the checkout's .cache/cilium/bin when it holds them,
// then the user cache; and that finding none says how to install them.
func TestDefaultCiliumBinDir(t *testing.T) {
	p := fakeLookup(t, "TUTOR_CILIUM_BIN", "cilium", "v1.14.0-"+cluster.CiliumSourceHash(), cluster.UserCiliumBinDir, cluster.DefaultCiliumInstallDir)
	checkLookups[*cluster.MissingCiliumBinariesError](t, cluster.DefaultCiliumBinDir, []lookupCase{
		{name: "nothing installed, outside", wd: p.outside,
			wantErr: []string{"run `tutor sandbox install cilium`", "`make cilium-bin`", p.user, "user cache: not installed"}},
		{name: "nothing installed, in the checkout", wd: p.inside,
			wantErr: []string{p.checkoutBin + " or " + p.user, "checkout: no such directory"}},
		{name: "the user cache", setup: func() { makeCiliumBinDir(t, p.user, cluster.CiliumStamp()) }, wd: p.outside, want: p.user},
		{name: "a checkout of another version", setup: func() { makeCiliumBinDir(t, p.checkoutBin, "cilium=v1.15.0 src=0") },
			wd: p.inside, want: p.user},
		{name: "the checkout's, of other sources", setup: func() { makeCiliumBinDir(t, p.checkoutBin, "cilium=v1.14.0 src=0") },
			wd: p.inside, want: p.checkoutBin},
		{name: "TUTOR_CILIUM_BIN", setup: func() { t.Setenv("TUTOR_CILIUM_BIN", p.outside) }, wd: p.inside, want: p.outside},
	})
}

// TestCheckCiliumBinaries: what a Cilium bin dir lacks, by name.
func TestCheckCiliumBinaries(t *testing.T) {
	fill := func(t testing.TB, dir string) { makeCiliumBinDir(t, dir, cluster.CiliumStamp()) }
	missingIn := func(e *cluster.MissingCiliumBinariesError) (string, []string) { return e.BinDir, e.Missing }
	checkBinDirs(t, fill, cluster.CheckCiliumBinaries, missingIn, []checkCase{
		{"complete", func(string) {}, ""},
		{"no agent, relay not executable", func(dir string) {
			os.Remove(filepath.Join(dir, "cilium-agent"))
			os.Chmod(filepath.Join(dir, "hubble-relay"), 0o644)
		}, "cilium-agent, hubble-relay"},
		{"no BPF sources", func(dir string) { os.RemoveAll(filepath.Join(dir, "bpf")) },
			"bpf/bpf_lxc.c, bpf/bpf_host.c, bpf/bpf_overlay.c, bpf/include/bpf/ctx/skb.h"},
		{"another version", func(dir string) {
			os.WriteFile(filepath.Join(dir, "VERSIONS"), []byte("cilium=v1.15.0 src=0\n"), 0o644)
		}, "VERSIONS (want cilium=v1.14.0)"},
	})
}

// TestInstallCilium builds Cilium's commands with the fake go, in one go
// build for the default tags and one for the operator's, against a patched
// copy of the source, copies the BPF sources and scripts, then finds them
// up to date.
func TestInstallCilium(t *testing.T) {
	goBin, log := fakeToolchain(t)
	dir := filepath.Join(t.TempDir(), "cilium", "bin")
	ciliumInstall.fresh(t, dir, goBin,
		"] building Cilium v1.14.0: cilium-agent, cilium-dbg, cilium-health, cilium-health-responder, cilium-cni, hubble-relay;",
		"] building Cilium v1.14.0: cilium-operator-generic;",
		"] installed in "+dir+" (",
	)
	if names := dirNames(t, dir); !slices.Equal(names, ciliumInstalled) {
		t.Errorf("installed %q, want %q", names, ciliumInstalled)
	}
	if fi, err := os.Stat(filepath.Join(dir, "bpf", "bpf_lxc.c")); err != nil || fi.Mode().Perm() != 0o644 {
		t.Errorf("bpf/bpf_lxc.c: %v, %v; want a writable copy", fi, err)
	}
	const env = "GOFLAGS=-mod=readonly -buildvcs=false GOWORK=off "
	ldflags := "-ldflags -s -w -X 'github.com/cilium/cilium/pkg/version.ciliumVersion=1.14.0 b5013e1 2023-07-27T12:55:59Z' -o "
	const m = "github.com/cilium/cilium/"
	wantCalls := []string{
		env + "mod download -json github.com/cilium/cilium@v1.14.0",
		env + "build -trimpath -tags osusergo " + ldflags,
		" " + m + "daemon " + m + "cilium " + m + "cilium-health " + m + "cilium-health/responder " + m + "plugins/cilium-cni " + m + "hubble-relay",
		env + "build -trimpath -tags osusergo,ipam_provider_operator " + ldflags,
		" " + m + "operator",
	}
	got := calls(t, log)
	if len(got) != 3 {
		t.Fatalf("go calls %q, want 3", got)
	}
	if !strings.HasPrefix(got[0], wantCalls[0]) || !strings.HasPrefix(got[1], wantCalls[1]) || !strings.HasSuffix(got[1], wantCalls[2]) ||
		!strings.HasPrefix(got[2], wantCalls[3]) || !strings.HasSuffix(got[2], wantCalls[4]) {
		t.Errorf("go calls:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(wantCalls, "\n"))
	}
	ciliumInstall.again(t, dir, goBin, log, 3)
}

// TestCiliumPatches: the patch applies to Cilium's real source exactly
// once, gives Go that parses, and refuses a tree it patched already or a
// source that changed.
func TestCiliumPatches(t *testing.T) {
	const file = "pkg/modules/modules_linux.go"
	cmd := exec.Command("go", "mod", "download", "-json", "github.com/cilium/cilium@"+cluster.CiliumVersion)
	cmd.Dir = t.TempDir()
	cmd.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS=-mod=mod")
	raw, err := cmd.Output()
	if err != nil {
		t.Fatalf("go mod download: %v", err)
	}
	var mod struct{ Dir string }
	if err := json.Unmarshal(raw, &mod); err != nil {
		t.Fatal(err)
	}
	tree := t.TempDir()
	if err := os.MkdirAll(filepath.Join(tree, "pkg", "modules"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := installdir.CopyFile(filepath.Join(mod.Dir, file), filepath.Join(tree, file), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := cluster.ApplyCiliumPatches(tree); err != nil {
		t.Fatalf("patching Cilium %s: %v", cluster.CiliumVersion, err)
	}
	patched, _ := os.ReadFile(filepath.Join(tree, file))
	if _, err := parser.ParseFile(token.NewFileSet(), file, patched, 0); err != nil {
		t.Errorf("the patched file does not parse: %v", err)
	}
	if !strings.Contains(string(patched), "if errors.Is(err, os.ErrNotExist) {\n\t\treturn nil, nil") {
		t.Errorf("the patched listLoadedModules does not accept a missing /proc/modules:\n%s", patched)
	}
	if err := cluster.ApplyCiliumPatches(tree); err == nil || !strings.Contains(err.Error(), "already applied") {
		t.Errorf("patching twice: %v", err)
	}
	if err := os.WriteFile(filepath.Join(tree, file), []byte("package modules\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := cluster.ApplyCiliumPatches(tree); err == nil || !strings.Contains(err.Error(), "occurs 0 times, want once") {
		t.Errorf("patching a changed source: %v", err)
	}
}

// TestCiliumWrapperImports: the wrapper's tools.go names the packages
// InstallCilium builds, so that go.sum has what they need.
func TestCiliumWrapperImports(t *testing.T) {
	f, err := parser.ParseFile(token.NewFileSet(), "ciliumlocal/tools.go.txt", nil, parser.ImportsOnly)
	if err != nil {
		t.Fatal(err)
	}
	var imports []string
	for _, imp := range f.Imports {
		p, _ := strconv.Unquote(imp.Path.Value)
		imports = append(imports, p)
	}
	want := cluster.CiliumPackages()
	slices.Sort(want)
	if slices.Sort(imports); !slices.Equal(imports, want) {
		t.Errorf("tools.go.txt imports %q, InstallCilium builds %q", imports, want)
	}
}

// TestCiliumImages: the images of Cilium's chart copy what InstallCilium
// installs, to the paths of upstream's images, and answer to the
// repositories the chart names.
func TestCiliumImages(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "bin")
	makeCiliumBinDir(t, dir, cluster.CiliumStamp())
	paths := map[string][]string{}
	for _, img := range cluster.CiliumImages(dir) {
		for _, c := range img.Copies {
			if _, err := os.Stat(c.Src); err != nil {
				t.Errorf("%s copies %s, which InstallCilium does not install: %v", img.Name, c.Src, err)
			}
			paths[img.Name] = append(paths[img.Name], c.Path)
		}
	}
	for name, want := range map[string][]string{
		"quay.io/cilium/cilium": {"usr/bin/cilium-agent", "usr/bin/cilium", "usr/bin/cilium-health", "usr/bin/cilium-health-responder",
			"opt/cni/bin/cilium-cni", "var/lib/cilium/bpf", "init-container.sh", "install-plugin.sh", "cni-uninstall.sh"},
		"quay.io/cilium/operator-generic": {"usr/bin/cilium-operator-generic"},
		"quay.io/cilium/hubble-relay":     {"usr/bin/hubble-relay"},
	} {
		if !slices.Equal(paths[name], want) {
			t.Errorf("%s holds %q, want %q", name, paths[name], want)
		}
	}
}
