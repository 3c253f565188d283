package cluster

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
)

// modulePath is the module whose root holds .cache/cluster/bin.
const modulePath = "github.com/tutor-run/tutor"

// binEnv overrides where the binaries are looked for and installed.
const binEnv = "TUTOR_CLUSTER_BIN"

// components are the processes of a cluster, in start order; each runs the
// binary of its name in BinDir.
var components = []string{"etcd", "kube-apiserver", "kube-controller-manager", "kube-scheduler", "kwok"}

// k8sLocalCommands are the commands of the multicall binary k8s-local, each
// a symlink to it in BinDir: the control plane's, kubectl, and the real
// node's kubelet and kube-proxy.
var k8sLocalCommands = []string{"etcd", "kube-apiserver", "kube-controller-manager", "kube-scheduler", "kubectl", "kubelet", "kube-proxy"}

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

// controlPlaneBins are the control plane's binaries (Install).
var controlPlaneBins = binSet{
	env:      binEnv,
	checkout: ".cache/cluster/bin",
	userDir:  UserBinDir,
	stamp:    Stamp,
	missing:  missingBinaries,
	errorFor: func(dir string, missing []string) error { return &MissingBinariesError{BinDir: dir, Missing: missing} },
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
func DefaultBinDir() (string, error) { return controlPlaneBins.find() }

// binSet is a set of binaries that an install builds once, and the places
// tutor looks for them in.
type binSet struct {
	env      string                 // names a directory that overrides the lookup and the install's default
	checkout string                 // slash path under the tutor checkout's root (make)
	userDir  func() (string, error) // where an install puts them in the user cache
	stamp    func() string          // the VERSIONS an install of these sources writes
	// missing lists what dir lacks (nil when it holds them all); it
	// accepts a VERSIONS of any sources, so that a checkout's binaries
	// keep working while its wrappers change.
	missing  func(dir string) []string
	errorFor func(dir string, missing []string) error // the typed error
}

// check returns the set's typed error unless dir holds the binaries.
func (s binSet) check(dir string) error {
	if m := s.missing(dir); len(m) > 0 {
		return s.errorFor(dir, m)
	}
	return nil
}

// installed reports whether dir holds the binaries an install would
// build: all of them, and a VERSIONS stamp of this tutor's sources.
func (s binSet) installed(dir string) bool {
	stamp, err := os.ReadFile(filepath.Join(dir, "VERSIONS"))
	return err == nil && strings.TrimSpace(string(stamp)) == s.stamp() && s.missing(dir) == nil
}

// checkedDir returns dir made absolute or, when dir is "", what find
// finds; the set's typed error unless that directory holds the binaries.
func (s binSet) checkedDir(dir string) (string, error) {
	var err error
	if dir != "" {
		dir, err = filepath.Abs(dir)
	} else {
		dir, err = s.find()
	}
	if err != nil {
		return "", err
	}
	return dir, s.check(dir)
}

// installDir is where an install puts the binaries by default: $env when
// set (find looks there first), else the user cache.
func (s binSet) installDir() (string, error) {
	if dir := os.Getenv(s.env); dir != "" {
		return filepath.Abs(dir)
	}
	return s.userDir()
}

// find returns the first of $env when it is set, the checkout's directory
// when it holds the binaries, and the user cache's when it holds them;
// else the typed error naming the places it looked in.
func (s binSet) find() (string, error) {
	if dir := os.Getenv(s.env); dir != "" {
		return filepath.Abs(dir)
	}
	var looked, missing []string
	wd, err := os.Getwd()
	if err != nil {
		return "", fmt.Errorf("find binaries: %w", err)
	}
	if root, ok := findModuleRoot(wd); ok {
		dir := filepath.Join(root, filepath.FromSlash(s.checkout))
		m := s.missing(dir)
		if m == nil {
			return dir, nil
		}
		looked = append(looked, dir)
		missing = append(missing, "checkout: "+strings.Join(m, ", "))
	}
	user, err := s.userDir()
	if err != nil {
		return "", s.errorFor(strings.Join(append(looked, "the user cache"), " or "), append(missing, err.Error()))
	}
	if s.missing(user) == nil {
		return user, nil
	}
	return "", s.errorFor(strings.Join(append(looked, user), " or "), append(missing, "user cache: not installed"))
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

// missingBinaries lists what bin lacks of the control plane's binaries:
// every command of k8s-local, kwok, the kwok stages and a VERSIONS stamp
// of our versions.
func missingBinaries(bin string) []string {
	want := fmt.Sprintf("k8s=%s kwok=%s ", KubernetesVersion, KwokVersion)
	return missingFiles(bin, slices.Concat(k8sLocalCommands, []string{"kwok"}), kwokStagePaths(), want)
}

// kwokStagePaths are kwokStages under BinDir.
func kwokStagePaths() []string {
	paths := make([]string, len(kwokStages))
	for i, name := range kwokStages {
		paths[i] = "kwok-stages/" + name
	}
	return paths
}

// missingFiles lists what bin lacks of the executables, the other files
// and a VERSIONS that starts with stampPrefix; "no such directory" when
// there is no bin, nil when nothing is missing.
func missingFiles(bin string, executables, files []string, stampPrefix string) []string {
	if _, err := os.Stat(bin); err != nil {
		return []string{"no such directory"}
	}
	var missing []string
	for _, name := range executables {
		if fi, err := os.Stat(filepath.Join(bin, name)); err != nil || fi.Mode()&0o111 == 0 {
			missing = append(missing, name)
		}
	}
	for _, name := range files {
		if _, err := os.Stat(filepath.Join(bin, filepath.FromSlash(name))); err != nil {
			missing = append(missing, name)
		}
	}
	stamp, err := os.ReadFile(filepath.Join(bin, "VERSIONS"))
	if err != nil || !strings.HasPrefix(string(stamp), stampPrefix) {
		missing = append(missing, fmt.Sprintf("VERSIONS (want %s)", strings.TrimSpace(stampPrefix)))
	}
	return missing
}

// CheckBinaries reports whether the binaries Start needs are in binDir
// ("" for the default); the error is a *MissingBinariesError when they are
// not. Tests call it to fail early with the hint to build them.
func CheckBinaries(binDir string) error {
	_, err := controlPlaneBins.checkedDir(binDir)
	return err
}
