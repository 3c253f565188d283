package cluster

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"strings"
)

// modulePath is the module whose root holds .cache/cluster/bin.
const modulePath = "github.com/tutor-run/tutor"

// binEnv overrides where the binaries are looked for and installed.
const binEnv = "TUTOR_CLUSTER_BIN"

// components are the processes of a cluster, in start order; each runs the
// binary of its name in BinDir.
var components = []string{"etcd", "kube-apiserver", "kube-controller-manager", "kube-scheduler", "kwok"}

// kwokStageSources are the upstream kwok stages (files under kwok's
// kustomize/stage/) that Install copies to BinDir/kwok-stages, in the order
// they go into kwok's configuration.
var kwokStageSources = []string{
	"node/fast/node-initialize.yaml",
	"node/heartbeat-with-lease/node-heartbeat-with-lease.yaml",
	"pod/fast/pod-ready.yaml",
	"pod/fast/pod-complete.yaml",
	"pod/fast/pod-delete.yaml",
}

// kwokStages are the names of kwokStageSources in BinDir/kwok-stages.
var kwokStages = func() []string {
	names := make([]string, len(kwokStageSources))
	for i, src := range kwokStageSources {
		names[i] = path.Base(src)
	}
	return names
}()

// MissingBinariesError reports that BinDir lacks binaries Start needs, or
// holds binaries of other versions, or that no place DefaultBinDir looks
// in holds them.
type MissingBinariesError struct {
	BinDir  string   // where they were looked for; several are joined by " or "
	Missing []string // what is missing or stale
}

func (e *MissingBinariesError) Error() string {
	return fmt.Sprintf("local cluster binaries missing in %s (%s): run `tutor sandbox install` to build them "+
		"(needs the go toolchain; about 10 minutes the first time), or `make cluster-bin` in a tutor checkout",
		e.BinDir, strings.Join(e.Missing, ", "))
}

// resolveBinDir returns dir made absolute or, when dir is "", the default.
func resolveBinDir(dir string) (string, error) {
	if dir != "" {
		return filepath.Abs(dir)
	}
	return DefaultBinDir()
}

// DefaultBinDir is where Start looks for the binaries when Options.BinDir
// is "", the first of:
//   - $TUTOR_CLUSTER_BIN when it is set, whatever it holds;
//   - .cache/cluster/bin in the root of the tutor module (`make
//     cluster-bin`), found by walking up from the working directory, when
//     it holds the binaries;
//   - UserBinDir (`tutor sandbox install`), when it holds them.
//
// When none holds them the error is a *MissingBinariesError naming the
// places it looked in.
func DefaultBinDir() (string, error) {
	if dir := os.Getenv(binEnv); dir != "" {
		return filepath.Abs(dir)
	}
	var looked, missing []string
	wd, err := os.Getwd()
	if err != nil {
		return "", fmt.Errorf("find binaries: %w", err)
	}
	if root, ok := findModuleRoot(wd); ok {
		dir := filepath.Join(root, ".cache", "cluster", "bin")
		err := checkBinaries(dir)
		if err == nil {
			return dir, nil
		}
		looked = append(looked, dir)
		if m, ok := err.(*MissingBinariesError); ok {
			missing = append(missing, "checkout: "+strings.Join(m.Missing, ", "))
		}
	}
	user, err := UserBinDir()
	if err != nil {
		return "", &MissingBinariesError{BinDir: strings.Join(append(looked, "the user cache"), " or "), Missing: append(missing, err.Error())}
	}
	if checkBinaries(user) == nil {
		return user, nil
	}
	return "", &MissingBinariesError{BinDir: strings.Join(append(looked, user), " or "), Missing: append(missing, "user cache: not installed")}
}

// findModuleRoot walks up from dir to the directory whose go.mod declares
// modulePath.
func findModuleRoot(dir string) (string, bool) {
	for {
		if data, err := os.ReadFile(filepath.Join(dir, "go.mod")); err == nil && moduleOf(data) == modulePath {
			return dir, true
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", false
		}
		dir = parent
	}
}

// moduleOf returns the module path a go.mod declares.
func moduleOf(gomod []byte) string {
	sc := bufio.NewScanner(bytes.NewReader(gomod))
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(strings.TrimSpace(sc.Text()), "module "); ok {
			return strings.Trim(strings.TrimSpace(rest), `"`)
		}
	}
	return ""
}

// checkBinaries returns *MissingBinariesError unless bin holds every
// component, kubectl, the kwok stages and a VERSIONS stamp of our versions.
func checkBinaries(bin string) error {
	if _, err := os.Stat(bin); err != nil {
		return &MissingBinariesError{BinDir: bin, Missing: []string{"no such directory"}}
	}
	var missing []string
	for _, name := range append([]string{"kubectl"}, components...) {
		if fi, err := os.Stat(filepath.Join(bin, name)); err != nil || fi.Mode()&0o111 == 0 {
			missing = append(missing, name)
		}
	}
	for _, name := range kwokStages {
		if _, err := os.Stat(filepath.Join(bin, "kwok-stages", name)); err != nil {
			missing = append(missing, "kwok-stages/"+name)
		}
	}
	stamp, err := os.ReadFile(filepath.Join(bin, "VERSIONS"))
	want := fmt.Sprintf("k8s=%s kwok=%s ", KubernetesVersion, KwokVersion)
	if err != nil || !strings.HasPrefix(string(stamp), want) {
		missing = append(missing, fmt.Sprintf("VERSIONS (want %s)", strings.TrimSpace(want)))
	}
	if len(missing) > 0 {
		return &MissingBinariesError{BinDir: bin, Missing: missing}
	}
	return nil
}

// CheckBinaries reports whether the binaries Start needs are in binDir
// ("" for the default); the error is a *MissingBinariesError when they are
// not. Tests call it to fail early with the hint to build them.
func CheckBinaries(binDir string) error {
	bin, err := resolveBinDir(binDir)
	if err != nil {
		return err
	}
	return checkBinaries(bin)
}
