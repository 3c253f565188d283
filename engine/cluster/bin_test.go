package cluster_test

import (
	"errors"
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

// lookupPlaces are the places of a lookup test of one set of binaries:
// the working directories it looks from, in a fake tutor checkout and
// outside it, and the directories it may find, the checkout's and the
// user cache's.
type lookupPlaces struct{ inside, outside, checkoutBin, user string }

// fakeLookup makes, in a temporary directory, a tutor checkout with a
// docs directory in it, a directory outside it, and a user cache that
// $XDG_CACHE_HOME points at, with $env unset. It checks that userDir is
// <cache>/tutor/<kind>/<version>/bin and that installDir, the default of
// an install, is the same; the checkout's directory is .cache/<kind>/bin.
func fakeLookup(t *testing.T, env, kind, version string, userDir, installDir func() (string, error)) lookupPlaces {
	t.Helper()
	tmp := t.TempDir()
	checkout, outside, cache := filepath.Join(tmp, "tutor"), filepath.Join(tmp, "docs"), filepath.Join(tmp, "cache")
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
	t.Setenv(env, "")
	user, err := userDir()
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(cache, "tutor", kind, version, "bin"); user != want {
		t.Errorf("user cache's dir %s, want %s", user, want)
	}
	if dir, err := installDir(); err != nil || dir != user {
		t.Errorf("default install dir %s, %v; want %s", dir, err, user)
	}
	return lookupPlaces{
		inside:      filepath.Join(checkout, "docs"),
		outside:     outside,
		checkoutBin: filepath.Join(checkout, ".cache", kind, "bin"),
		user:        user,
	}
}

// lookupCase is a step of a lookup test, in order: what it sets up, the
// directory it looks from, and the directory found ("" for an error) or
// what the error says.
type lookupCase struct {
	name    string
	setup   func()
	wd      string
	want    string
	wantErr []string
}

// checkLookups runs the steps of a lookup test with find, whose error
// when it finds nothing is an E.
func checkLookups[E error](t *testing.T, find func() (string, error), cases []lookupCase) {
	t.Helper()
	for _, tc := range cases {
		if tc.setup != nil {
			tc.setup()
		}
		t.Chdir(tc.wd)
		got, err := find()
		if tc.want != "" {
			if err != nil || got != tc.want {
				t.Errorf("%s: %s, %v; want %s", tc.name, got, err, tc.want)
			}
			continue
		}
		var missing E
		if !errors.As(err, &missing) {
			t.Errorf("%s: %s, %v; want a %T", tc.name, got, err, missing)
			continue
		}
		for _, want := range tc.wantErr {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("%s: %v\nlacks %q", tc.name, err, want)
			}
		}
	}
}

// checkCase is a case of a check of a bin dir: what it does to a complete
// one, and the error's list of what is missing ("" for none).
type checkCase struct {
	name  string
	setup func(dir string)
	want  string
}

// checkBinDirs runs each case on a complete bin dir that fill makes, then
// check, whose error when something is missing is an E; missingIn reads
// the directory it names and its list.
func checkBinDirs[E error](t *testing.T, fill func(t testing.TB, dir string), check func(dir string) error,
	missingIn func(E) (dir string, missing []string), cases []checkCase) {
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "bin")
			fill(t, dir)
			tc.setup(dir)
			err := check(dir)
			if tc.want == "" {
				if err != nil {
					t.Errorf("check: %v", err)
				}
				return
			}
			var missing E
			if !errors.As(err, &missing) {
				t.Fatalf("check: %v, want a %T", err, missing)
			}
			if got, names := missingIn(missing); strings.Join(names, ", ") != tc.want || got != dir {
				t.Errorf("check: %v; want %s missing in %s", err, tc.want, dir)
			}
		})
	}
}

// TestDefaultBinDir checks the lookup order: $TUTOR_CLUSTER_BIN, the
// checkout's .cache/cluster/bin when it holds the binaries, then the user
// cache; and that finding none says how to install them.
func TestDefaultBinDir(t *testing.T) {
	p := fakeLookup(t, "TUTOR_CLUSTER_BIN", "cluster", "v1.37.2-v0.8.0-"+cluster.SourceHash(), cluster.UserBinDir, cluster.DefaultInstallDir)
	checkLookups[*cluster.MissingBinariesError](t, cluster.DefaultBinDir, []lookupCase{
		{name: "nothing installed, outside", wd: p.outside, wantErr: []string{"run `tutor sandbox install`", p.user}},
		{name: "nothing installed, in the checkout", wd: p.inside, wantErr: []string{"run `tutor sandbox install`", p.user}},
		{name: "the user cache", setup: func() { makeBinDir(t, p.user) }, wd: p.outside, want: p.user},
		{name: "the user cache, in the checkout", wd: p.inside, want: p.user},
		{name: "the checkout's", setup: func() { makeBinDir(t, p.checkoutBin) }, wd: p.inside, want: p.checkoutBin},
		{name: "the checkout's, outside", wd: p.outside, want: p.user},
		{name: "TUTOR_CLUSTER_BIN", setup: func() { t.Setenv("TUTOR_CLUSTER_BIN", p.outside) }, wd: p.inside, want: p.outside},
	})
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
