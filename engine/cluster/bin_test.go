package cluster_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/tutor-run/tutor/engine/cluster"
)

// fillBinDir writes into dir stand-ins of a set of binaries: each of
// executables, as a script, each of files (slash paths), empty, and a
// VERSIONS that says stamp.
func fillBinDir(t testing.TB, dir, stamp string, executables, files []string) {
	t.Helper()
	write := func(name, content string, perm os.FileMode) {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), perm); err != nil {
			t.Fatal(err)
		}
	}
	for _, name := range executables {
		write(name, "#!/bin/sh\n", 0o755)
	}
	for _, name := range files {
		write(name, "", 0o644)
	}
	write("VERSIONS", stamp+"\n", 0o644)
}

// makeBinDir fills dir with stand-ins of the binaries, as CheckBinaries
// wants them.
func makeBinDir(t *testing.T, dir string) {
	t.Helper()
	fillBinDir(t, dir, cluster.Stamp(),
		[]string{"kubectl", "etcd", "kube-apiserver", "kube-controller-manager", "kube-scheduler", "kubelet", "kube-proxy", "kwok"},
		[]string{"kwok-stages/node-initialize.yaml", "kwok-stages/node-heartbeat-with-lease.yaml",
			"kwok-stages/pod-ready.yaml", "kwok-stages/pod-complete.yaml", "kwok-stages/pod-delete.yaml"})
}

// fakeCheckout makes, in a temporary directory, a tutor checkout with a
// docs directory in it, a directory outside it, and a user cache that
// $XDG_CACHE_HOME points at.
func fakeCheckout(t *testing.T) (checkout, outside, cache string) {
	t.Helper()
	tmp := t.TempDir()
	checkout, outside, cache = filepath.Join(tmp, "tutor"), filepath.Join(tmp, "docs"), filepath.Join(tmp, "cache")
	for _, d := range []string{filepath.Join(checkout, "docs"), outside} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(checkout, "go.mod"), []byte("module github.com/tutor-run/tutor\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Setenv("XDG_CACHE_HOME", cache)
	t.Setenv("HOME", tmp)
	return checkout, outside, cache
}

// TestDefaultBinDir checks the lookup order: $TUTOR_CLUSTER_BIN, the
// checkout's .cache/cluster/bin when it holds the binaries, then the user
// cache; and that finding none says how to install them.
func TestDefaultBinDir(t *testing.T) {
	checkout, outside, cache := fakeCheckout(t)
	t.Setenv("TUTOR_CLUSTER_BIN", "")
	user, err := cluster.UserBinDir()
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(cache, "tutor", "cluster", "v1.37.2-v0.8.0-"+cluster.SourceHash(), "bin"); user != want {
		t.Errorf("UserBinDir %s, want %s", user, want)
	}
	checkoutBin := filepath.Join(checkout, ".cache", "cluster", "bin")

	lookup := func(wd string) (string, error) {
		t.Chdir(wd)
		return cluster.DefaultBinDir()
	}
	for _, wd := range []string{outside, filepath.Join(checkout, "docs")} {
		_, err := lookup(wd)
		if err == nil || !strings.Contains(err.Error(), "run `tutor sandbox install`") || !strings.Contains(err.Error(), user) {
			t.Errorf("in %s with nothing installed: %v, want the hint and %s", wd, err, user)
		}
	}
	makeBinDir(t, user)
	for _, wd := range []string{outside, filepath.Join(checkout, "docs")} {
		if got, err := lookup(wd); err != nil || got != user {
			t.Errorf("in %s with the user cache: %s, %v; want %s", wd, got, err, user)
		}
	}
	makeBinDir(t, checkoutBin)
	if got, err := lookup(filepath.Join(checkout, "docs")); err != nil || got != checkoutBin {
		t.Errorf("in the checkout: %s, %v; want %s", got, err, checkoutBin)
	}
	if got, err := lookup(outside); err != nil || got != user {
		t.Errorf("outside the checkout: %s, %v; want %s", got, err, user)
	}
	t.Setenv("TUTOR_CLUSTER_BIN", outside)
	if got, err := lookup(filepath.Join(checkout, "docs")); err != nil || got != outside {
		t.Errorf("with TUTOR_CLUSTER_BIN: %s, %v; want %s", got, err, outside)
	}
}

// TestWrapperSources: the embedded wrapper modules are whole, the pins
// kept outside Go (hack/cilium-charts.sh, the build.sh scripts) agree with
// the package's, and so do the CoreDNS wrapper's plugins.
func TestWrapperSources(t *testing.T) {
	for _, w := range []struct{ dir, goFile, pkg, require string }{
		{"k8slocal", "main.go", "main", "\n\tk8s.io/kubernetes " + cluster.KubernetesVersion + "\n"},
		{"corednslocal", "main.go", "main", "\nrequire github.com/coredns/coredns " + cluster.CoreDNSVersion + "\n"},
		{"ciliumlocal", "tools.go", "tools", "\nrequire github.com/cilium/cilium " + cluster.CiliumVersion + "\n"},
	} {
		if _, err := os.Stat(w.dir + "/go.mod"); err == nil {
			t.Errorf("%s/go.mod exists: it would make %[1]s a module of its own, out of go:embed's reach", w.dir)
		}
		goFile, err := os.ReadFile(w.dir + "/" + w.goFile + ".txt")
		if err != nil {
			t.Fatal(err)
		}
		f, err := parser.ParseFile(token.NewFileSet(), w.goFile, goFile, parser.ImportsOnly)
		if err != nil || f.Name.Name != w.pkg {
			t.Errorf("%s/%s.txt is not package %s: %v", w.dir, w.goFile, w.pkg, err)
		}
		gomod, err := os.ReadFile(w.dir + "/go.mod.txt")
		if err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{"\nmodule github.com/tutor-run/tutor/engine/cluster/" + w.dir + "\n", w.require} {
			if !strings.Contains(string(gomod), want) {
				t.Errorf("%s/go.mod.txt lacks %q", w.dir, want)
			}
		}
	}
	for _, pin := range []struct{ file, re, want string }{
		{"../../hack/cilium-charts.sh", `(?m)^version=(\S+)$`, cluster.CiliumChartsVersion},
		{"../../tools/cluster/build.sh", `(?m)^K8S_VERSION=(\S+)`, cluster.KubernetesVersion},
		{"../../tools/cluster/build.sh", `(?m)^COREDNS_VERSION=(\S+)`, cluster.CoreDNSVersion},
		{"../../tools/cluster/build.sh", `(?m)^CILIUM_VERSION=(\S+)`, cluster.CiliumVersion},
	} {
		data, err := os.ReadFile(pin.file)
		if err != nil {
			t.Fatal(err)
		}
		m := regexp.MustCompile(pin.re).FindSubmatch(data)
		if m == nil || string(m[1]) != pin.want {
			t.Errorf("%s pins %q, want %q (engine/cluster)", pin.file, m, pin.want)
		}
	}
	if got := corednsWrapperPlugins(t); !slices.Equal(got, cluster.CoreDNSPlugins) {
		t.Errorf("corednslocal/main.go.txt's plugins %q, CoreDNSPlugins %q", got, cluster.CoreDNSPlugins)
	}
}

// corednsWrapperPlugins returns the strings of `var plugins` in the CoreDNS
// wrapper's main.go.txt.
func corednsWrapperPlugins(t *testing.T) []string {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), "corednslocal/main.go.txt", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	var plugins []string
	ast.Inspect(f, func(n ast.Node) bool {
		spec, ok := n.(*ast.ValueSpec)
		if !ok || len(spec.Names) != 1 || spec.Names[0].Name != "plugins" || len(spec.Values) != 1 {
			return true
		}
		for _, e := range spec.Values[0].(*ast.CompositeLit).Elts {
			s, err := strconv.Unquote(e.(*ast.BasicLit).Value)
			if err != nil {
				t.Fatal(err)
			}
			plugins = append(plugins, s)
		}
		return false
	})
	return plugins
}
