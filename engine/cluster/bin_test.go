package cluster_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/tutor-run/tutor/engine/cluster"
)

// makeBinDir fills dir with stand-ins of the binaries, as CheckBinaries
// wants them.
func makeBinDir(t *testing.T, dir string) {
	t.Helper()
	fillBinDir(t, dir, cluster.Stamp(),
		[]string{"kubectl", "etcd", "kube-apiserver", "kube-controller-manager", "kube-scheduler", "kubelet", "kube-proxy", "kwok"},
		[]string{"kwok-stages/node-initialize.yaml", "kwok-stages/node-heartbeat-with-lease.yaml",
			"kwok-stages/pod-ready.yaml", "kwok-stages/pod-complete.yaml", "kwok-stages/pod-delete.yaml"})
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
