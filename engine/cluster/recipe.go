package cluster

import (
	"context"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
)

// The wrapper modules that build k8s-local (Install), the node's coredns
// (InstallNode) and Cilium's commands (InstallCilium), embedded so that a tutor installed with `go
// install` can build its sandbox anywhere. This is the only copy of their
// sources: go:embed cannot reach a directory holding a go.mod, so they are
// stored as .txt files and the installs write them out under their real
// names. tools/cluster/build.sh gen regenerates go.mod and go.sum.
//
//go:embed k8slocal/main.go.txt k8slocal/go.mod.txt k8slocal/go.sum.txt
//go:embed corednslocal/main.go.txt corednslocal/go.mod.txt corednslocal/go.sum.txt
//go:embed ciliumlocal/tools.go.txt ciliumlocal/go.mod.txt ciliumlocal/go.sum.txt
var wrapperFS embed.FS

// wrapperFiles are k8s-local's wrapper module's files: the name Install
// writes, then the embedded file.
var wrapperFiles = wrapperModule("k8slocal", "main.go")

// wrapperModule lists the files of the embedded wrapper module in dir, its
// Go file goFile and go.mod and go.sum, as wrapperFiles.
func wrapperModule(dir, goFile string) [][2]string {
	var files [][2]string
	for _, name := range []string{goFile, "go.mod", "go.sum"} {
		files = append(files, [2]string{name, dir + "/" + name + ".txt"})
	}
	return files
}

// hashSources is a short hash of the embedded files and of how they are
// built (recipe).
func hashSources(files [][2]string, recipe string) string {
	h := sha256.New()
	for _, f := range files {
		data, err := wrapperFS.ReadFile(f[1])
		if err != nil {
			panic(err) // embedded at build time: cannot be missing
		}
		fmt.Fprintf(h, "%s %d\n", f[0], len(data))
		h.Write(data)
	}
	h.Write([]byte(recipe))
	return hex.EncodeToString(h.Sum(nil))[:16]
}

// writeWrapper writes the embedded files into a new temporary directory,
// under their real names, and returns it.
func writeWrapper(files [][2]string) (string, error) {
	src, err := os.MkdirTemp("", "tutor-wrapper-")
	if err != nil {
		return "", err
	}
	for _, f := range files {
		data, _ := wrapperFS.ReadFile(f[1])
		if err := os.WriteFile(filepath.Join(src, f[0]), data, 0o644); err != nil {
			os.RemoveAll(src)
			return "", err
		}
	}
	return src, nil
}

// goEnv is the go command's environment for every build of the recipe,
// whatever the user's: the binaries do not depend on the state of a work
// tree (no VCS stamp), nor on a go.work or GOFLAGS that happen to be
// around. `make cluster-bin` runs the same code, so both share the Go
// build cache.
var goEnv = []string{"GOWORK=off", "GOFLAGS=-mod=readonly -buildvcs=false"}

// kwokLDFlags are the linker flags of kwok.
const kwokLDFlags = "-s -w"

// k8sLDFlags are the linker flags of k8s-local. kubectl reports
// client-go's version and the servers component-base's: both are stamped,
// or they say v0.0.0 and helm's kubeVersion checks fail.
func k8sLDFlags() string {
	minor, _, _ := strings.Cut(strings.TrimPrefix(KubernetesVersion, "v1."), ".")
	flags := []string{"-s", "-w"}
	for _, pkg := range []string{"k8s.io/component-base/version", "k8s.io/client-go/pkg/version"} {
		flags = append(flags,
			"-X", pkg+".gitVersion="+KubernetesVersion, "-X", pkg+".gitMajor=1", "-X", pkg+".gitMinor="+minor,
			"-X", pkg+".gitTreeState=clean", "-X", pkg+".buildDate=1970-01-01T00:00:00Z")
	}
	return strings.Join(flags, " ")
}

// SourceHash is a short hash of the wrapper module's sources and of how
// Install builds them: binaries with another hash were built from
// something else.
func SourceHash() string { return sourceHash() }

// sourceHash works SourceHash out once: the sources are embedded.
var sourceHash = sync.OnceValue(func() string {
	return hashSources(wrapperFiles, fmt.Sprintf("env %q\nk8s %q\nkwok %q\nstages %q\n", goEnv, k8sLDFlags(), kwokLDFlags, kwokStageSources))
})

// Stamp is what Install writes to BinDir/VERSIONS: the versions of the
// components and SourceHash. CheckBinaries accepts any hash, so a
// checkout's binaries keep working while its wrapper changes.
func Stamp() string {
	return fmt.Sprintf("k8s=%s kwok=%s src=%s", KubernetesVersion, KwokVersion, SourceHash())
}

// UserBinDir is where `tutor sandbox install` puts the binaries of this
// tutor's versions by default:
// <user cache>/tutor/cluster/<k8s>-<kwok>-<SourceHash>/bin, the user cache
// being os.UserCacheDir ($XDG_CACHE_HOME, else ~/.cache on Linux).
func UserBinDir() (string, error) {
	return userCache("cluster", fmt.Sprintf("%s-%s-%s", KubernetesVersion, KwokVersion, SourceHash()), "bin")
}

// userCache is the path elem under <user cache>/tutor.
func userCache(elem ...string) (string, error) {
	cache, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("user cache directory: %w", err)
	}
	return filepath.Join(append([]string{cache, "tutor"}, elem...)...), nil
}

// buildBinaries builds the binaries into bin, which exists and is empty:
// k8s-local and its component symlinks, kwok, kwok's stages, then VERSIONS
// last, so that a directory without it is known to be unfinished.
func (b *builder) buildBinaries(ctx context.Context, bin string) error {
	src, err := writeWrapper(wrapperFiles)
	if err != nil {
		return err
	}
	defer os.RemoveAll(src)
	b.log.Step("building k8s-local (Kubernetes %s: %s); the first build takes 10-15 min on 2 cores, later ones about a minute",
		KubernetesVersion, strings.Join(k8sLocalCommands, ", "))
	if _, err := b.goCmd(ctx, src, nil, "build", "-trimpath", "-ldflags", k8sLDFlags(), "-o", filepath.Join(bin, "k8s-local"), "."); err != nil {
		return err
	}
	for _, name := range k8sLocalCommands {
		if err := os.Symlink("k8s-local", filepath.Join(bin, name)); err != nil {
			return err
		}
	}
	b.log.Step("building kwok %s", KwokVersion)
	if _, err := b.goCmd(ctx, src, []string{"GOBIN=" + bin}, "install", "-trimpath", "-ldflags", kwokLDFlags, "sigs.k8s.io/kwok/cmd/kwok@"+KwokVersion); err != nil {
		return err
	}
	b.log.Step("copying kwok's stages")
	kwokDir, err := b.moduleDir(ctx, src, nil, "sigs.k8s.io/kwok@"+KwokVersion)
	if err != nil {
		return err
	}
	if err := os.Mkdir(filepath.Join(bin, "kwok-stages"), 0o755); err != nil {
		return err
	}
	for _, stage := range kwokStageSources {
		data, err := os.ReadFile(filepath.Join(kwokDir, "kustomize", "stage", filepath.FromSlash(stage)))
		if err != nil {
			return fmt.Errorf("kwok stage: %w", err)
		}
		if err := os.WriteFile(filepath.Join(bin, "kwok-stages", filepath.Base(stage)), data, 0o644); err != nil {
			return err
		}
	}
	return os.WriteFile(filepath.Join(bin, "VERSIONS"), []byte(Stamp()+"\n"), 0o644)
}

// moduleDir downloads module@version into the module cache with `go mod
// download -json` and returns its directory there.
func (b *builder) moduleDir(ctx context.Context, dir string, env []string, module string) (string, error) {
	m, err := b.downloadModule(ctx, dir, env, module)
	return m.Dir, err
}

// downloadedModule is what `go mod download -json` says of a module.
type downloadedModule struct {
	Dir    string // its directory in the module cache
	Info   string // its .info file: {"Version", "Time"}
	Error  string
	Origin struct{ Hash string } // the commit a VCS version names
}

// downloadModule downloads module@version into the module cache with `go
// mod download -json` in dir and says where it is.
func (b *builder) downloadModule(ctx context.Context, dir string, env []string, module string) (downloadedModule, error) {
	var m downloadedModule
	out, err := b.goCmd(ctx, dir, env, "mod", "download", "-json", module)
	if err != nil {
		return m, err
	}
	if err := json.Unmarshal(out, &m); err != nil {
		return m, fmt.Errorf("go mod download -json %s: %w", module, err)
	}
	if m.Error != "" || m.Dir == "" {
		return m, fmt.Errorf("go mod download %s: no directory: %s", module, m.Error)
	}
	return m, nil
}
