package cluster_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/tutor-run/tutor/engine/cluster"
)

// fakeGo is a go command that does what Install, InstallNode and
// InstallCilium ask of the real one in no time: `build -o OUT` and
// `install PKG@V...` (into $GOBIN, named after each PKG) write executables,
// as does `build -o DIR/ PKG...` (into DIR, named after each PKG), and
// `mod download -json` prints $FAKE_MODULE as the module's directory, with
// its info.json and a commit.
// Each call is appended to $FAKE_LOG with GOFLAGS; $FAKE_FAIL makes
// `build` fail, $FAKE_SLEEP makes it slow.
const fakeGo = `#!/bin/sh
echo "GOFLAGS=$GOFLAGS GOWORK=$GOWORK $*" >> "$FAKE_LOG"
case $1 in
build)
	sleep "${FAKE_SLEEP:-0}"
	if [ -n "$FAKE_FAIL" ]; then echo "main.go:1: $FAKE_FAIL" >&2; exit 1; fi
	while [ "$1" != -o ]; do shift; done
	out=$2; shift 2
	case $out in
	*/) for pkg; do printf '#!/bin/sh\necho fake\n' > "$out${pkg##*/}"; chmod +x "$out${pkg##*/}"; done ;;
	*) printf '#!/bin/sh\necho fake\n' > "$out"; chmod +x "$out" ;;
	esac ;;
install)
	for arg; do
		case $arg in
		*@*)
			pkg=${arg%@*}
			echo "go: downloading $pkg ${arg#*@}" >&2
			printf '#!/bin/sh\n' > "$GOBIN/${pkg##*/}"; chmod +x "$GOBIN/${pkg##*/}" ;;
		esac
	done ;;
mod)
	printf '{\n\t"Path": "m",\n\t"Dir": "%s",\n\t"Info": "%s/info.json",\n\t"Origin": {"Hash": "b5013e1562dbfe442dd2011a5af46de9095315ff"}\n}\n' "$FAKE_MODULE" "$FAKE_MODULE" ;;
*) echo "fake go: unexpected $*" >&2; exit 2 ;;
esac
`

// fakeToolchain writes fakeGo and a module directory holding kwok's
// stages, a chart repository and what InstallCilium takes from Cilium's
// source, points the environment at them and returns the go command and
// its log.
func fakeToolchain(t *testing.T) (goBin, log string) {
	t.Helper()
	dir := t.TempDir()
	goBin, log = filepath.Join(dir, "go"), filepath.Join(dir, "calls.log")
	if err := os.WriteFile(goBin, []byte(fakeGo), 0o755); err != nil {
		t.Fatal(err)
	}
	module := filepath.Join(dir, "module")
	for _, f := range []string{
		"kustomize/stage/node/fast/node-initialize.yaml",
		"kustomize/stage/node/heartbeat-with-lease/node-heartbeat-with-lease.yaml",
		"kustomize/stage/pod/fast/pod-ready.yaml",
		"kustomize/stage/pod/fast/pod-complete.yaml",
		"kustomize/stage/pod/fast/pod-delete.yaml",
		"index.yaml", "cilium-1.14.0.tgz", "cilium-1.17.6.tgz", "README.md",
		"bpf/bpf_lxc.c", "bpf/bpf_host.c", "bpf/bpf_overlay.c", "bpf/include/bpf/ctx/skb.h", "vendor/modules.txt",
		"images/cilium/init-container.sh", "plugins/cilium-cni/install-plugin.sh", "plugins/cilium-cni/cni-uninstall.sh",
	} {
		writeModuleFile(t, module, f, "# "+f+"\n")
	}
	writeModuleFile(t, module, "info.json", `{"Version":"v1.14.0","Time":"2023-07-27T12:55:59Z"}`)
	writeModuleFile(t, module, "pkg/modules/modules_linux.go", modulesLinux)
	t.Setenv("FAKE_LOG", log)
	t.Setenv("FAKE_MODULE", module)
	t.Setenv("FAKE_FAIL", "")
	t.Setenv("FAKE_SLEEP", "0")
	return goBin, log
}

// modulesLinux is the part of Cilium's pkg/modules/modules_linux.go that
// InstallCilium patches.
const modulesLinux = `// listLoadedModules returns the parsed list of loaded kernel modules names.
func listLoadedModules() ([]string, error) {
	fModules, err := os.Open(loadedModulesFilepath)
	if err != nil {
		return nil, fmt.Errorf(
			"failed to open loaded modules information at %s: %w",
			loadedModulesFilepath, err)
	}
	defer fModules.Close()
	return parseLoadedModulesFile(fModules)
}
`

// writeModuleFile writes a read-only file of the fake module, as the
// module cache holds them.
func writeModuleFile(t *testing.T, module, name, content string) {
	t.Helper()
	p := filepath.Join(module, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o444); err != nil {
		t.Fatal(err)
	}
}

// calls returns the fake go's calls so far.
func calls(t *testing.T, log string) []string {
	t.Helper()
	data, err := os.ReadFile(log)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		t.Fatal(err)
	}
	return strings.Split(strings.TrimSpace(string(data)), "\n")
}

// dirNames lists the names in dir, sorted.
func dirNames(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

// siblings lists what is beside dir, but the lock file.
func siblings(t *testing.T, dir string) []string {
	t.Helper()
	return slices.DeleteFunc(dirNames(t, filepath.Dir(dir)), func(name string) bool { return strings.HasSuffix(name, ".lock") })
}

// TestInstall builds into an empty place, then finds it up to date.
func TestInstall(t *testing.T) {
	goBin, log := fakeToolchain(t)
	dir := filepath.Join(t.TempDir(), "cache", "bin")
	controlPlaneInstall.fresh(t, dir, goBin,
		"tutor: installing the sandbox's binaries into "+dir+"\n",
		"] building k8s-local (Kubernetes v1.37.2: etcd, kube-apiserver, kube-controller-manager, kube-scheduler, kubectl, kubelet, kube-proxy)",
		"go: downloading sigs.k8s.io/kwok/cmd/kwok v0.8.0\n",
		"] building kwok v0.8.0\n",
		"] copying kwok's stages\n",
		"] installed in "+dir+" (",
	)
	for _, name := range []string{"kube-apiserver", "kubectl", "kubelet", "kube-proxy"} {
		if got, err := os.Readlink(filepath.Join(dir, name)); err != nil || got != "k8s-local" {
			t.Errorf("%s -> %q (%v), want k8s-local", name, got, err)
		}
	}
	got := calls(t, log)
	if len(got) != 3 {
		t.Fatalf("go calls %q, want build, install, mod download", got)
	}
	for _, want := range []string{"GOFLAGS=-mod=readonly -buildvcs=false GOWORK=off build -trimpath -ldflags -s -w ", "-X k8s.io/client-go/pkg/version.gitVersion=v1.37.2 ", "-X k8s.io/component-base/version.gitMinor=37 "} {
		if !strings.Contains(got[0], want) {
			t.Errorf("go build call %q lacks %q", got[0], want)
		}
	}
	if want := "install -trimpath -ldflags -s -w sigs.k8s.io/kwok/cmd/kwok@v0.8.0"; !strings.HasSuffix(got[1], want) {
		t.Errorf("go install call %q, want %q", got[1], want)
	}
	controlPlaneInstall.again(t, dir, goBin, log, 3)
}

// TestInstallFails: a failed build says why, leaves no directory that
// looks installed, and cleans what a killed install left.
func TestInstallFails(t *testing.T) {
	goBin, _ := fakeToolchain(t)
	t.Setenv("FAKE_FAIL", "undefined: cli.Run")
	dir := filepath.Join(t.TempDir(), "bin")
	if err := os.MkdirAll(dir+".tmp-123/bin", 0o755); err != nil { // a killed install's
		t.Fatal(err)
	}
	_, err := cluster.Install(t.Context(), cluster.InstallOptions{Dir: dir, Go: goBin})
	var goErr *cluster.GoCommandError
	if !errors.As(err, &goErr) || !strings.Contains(goErr.Output, "main.go:1: undefined: cli.Run") || goErr.Args[0] != "build" {
		t.Fatalf("Install: %v, want a *GoCommandError of go build with its output", err)
	}
	if s := siblings(t, dir); len(s) != 0 {
		t.Errorf("a failed install left %q", s)
	}
}

// TestInstallReplaces: an install of another stamp is replaced; a
// directory that an install did not make is refused.
func TestInstallReplaces(t *testing.T) {
	goBin, _ := fakeToolchain(t)
	for _, tc := range []struct {
		name  string
		files map[string]string // name -> content
		want  string            // in the error; "" when the install replaces it
	}{
		{"older stamp", map[string]string{"VERSIONS": "k8s=v1.37.2 kwok=v0.8.0 src=0000000000000000\n", "k8s-local": "old"}, ""},
		{"build.sh stopped half way", map[string]string{".lock": "", "k8s-local.tmp": "half"}, ""},
		{"not ours", map[string]string{"VERSIONS": "k8s=v1.37.2 kwok=v0.8.0 src=0000000000000000\n", "notes.txt": "mine"},
			"holds notes.txt, which tutor sandbox install did not make"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "bin")
			if err := os.MkdirAll(dir, 0o755); err != nil {
				t.Fatal(err)
			}
			for name, content := range tc.files {
				if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			_, err := cluster.Install(t.Context(), cluster.InstallOptions{Dir: dir, Go: goBin})
			if tc.want != "" {
				if err == nil || !strings.Contains(err.Error(), tc.want) {
					t.Fatalf("Install: %v, want %q", err, tc.want)
				}
				if _, err := os.Stat(filepath.Join(dir, "notes.txt")); err != nil {
					t.Errorf("the refused directory was touched: %v", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			for name, content := range tc.files {
				if data, err := os.ReadFile(filepath.Join(dir, name)); err == nil && name != "VERSIONS" && string(data) == content {
					t.Errorf("the old %s is still there", name)
				}
			}
			if err := cluster.CheckBinaries(dir); err != nil {
				t.Error(err)
			}
		})
	}
}

// TestInstallLocks: of two installs at once, one builds and the other
// waits and finds it done.
func TestInstallLocks(t *testing.T) {
	goBin, log := fakeToolchain(t)
	t.Setenv("FAKE_SLEEP", "1")
	dir := filepath.Join(t.TempDir(), "bin")
	var wg sync.WaitGroup
	results := make([]cluster.InstallResult, 2)
	errs := make([]error, 2)
	for i := range 2 {
		wg.Go(func() {
			results[i], errs[i] = cluster.Install(context.Background(), cluster.InstallOptions{Dir: dir, Go: goBin})
		})
	}
	wg.Wait()
	if errs[0] != nil || errs[1] != nil {
		t.Fatal(errs)
	}
	if results[0].UpToDate == results[1].UpToDate {
		t.Errorf("results %+v: want one build and one up to date", results)
	}
	builds := 0
	for _, c := range calls(t, log) {
		if strings.Contains(c, " build ") {
			builds++
		}
	}
	if builds != 1 {
		t.Errorf("go build ran %d times, want 1", builds)
	}
}

// TestInstallWithoutGo: without a go command the error says to install Go.
func TestInstallWithoutGo(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	_, err := cluster.Install(t.Context(), cluster.InstallOptions{Dir: filepath.Join(t.TempDir(), "bin")})
	if err == nil || !strings.Contains(err.Error(), "install Go from https://go.dev/dl/") {
		t.Errorf("Install without go: %v", err)
	}
}

// TestInstallCharts places the chart repository and only it, once.
func TestInstallCharts(t *testing.T) {
	goBin, log := fakeToolchain(t)
	dir := filepath.Join(t.TempDir(), "charts", "cilium")
	var out bytes.Buffer
	res, err := cluster.InstallCharts(t.Context(), cluster.InstallOptions{Dir: dir, Go: goBin, Log: &out})
	if err != nil || res.Dir != dir {
		t.Fatalf("InstallCharts: %+v, %v\n%s", res, err, out.String())
	}
	if got, want := strings.Join(dirNames(t, dir), " "), ".tutor-source cilium-1.14.0.tgz cilium-1.17.6.tgz index.yaml"; got != want {
		t.Errorf("charts dir holds %q, want %q", got, want)
	}
	if !strings.Contains(out.String(), "] copying index.yaml and 2 charts\n") {
		t.Errorf("progress:\n%s", out.String())
	}
	c := calls(t, log)
	if want := "GOFLAGS=-mod=mod GOWORK=off mod download -json github.com/cilium/charts@" + cluster.CiliumChartsVersion; len(c) != 1 || c[0] != want {
		t.Errorf("go calls %q, want %q", c, want)
	}
	res, err = cluster.InstallCharts(t.Context(), cluster.InstallOptions{Dir: dir, Go: goBin})
	if err != nil || !res.UpToDate {
		t.Errorf("second InstallCharts: %+v, %v; want up to date", res, err)
	}
}
