package cluster

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
)

// Versions of the real node's components that InstallNode builds, as it
// stamps them in NodeBinDir/VERSIONS. kubelet and kube-proxy are at
// KubernetesVersion, in the control plane's k8s-local.
const (
	ContainerdVersion = "v2.4.2"
	CoreDNSVersion    = "v1.15.0"
)

// nodeBinEnv overrides where the node's binaries are looked for and
// installed.
const nodeBinEnv = "TUTOR_NODE_BIN"

// nodeBinaries are the executables InstallNode puts in NodeBinDir.
var nodeBinaries = []string{"containerd", "containerd-shim-runc-v2", "ctr", "coredns"}

// nodeBins are the real node's binaries (InstallNode).
var nodeBins = binSet{
	env:      nodeBinEnv,
	checkout: ".cache/node/bin",
	userDir:  UserNodeBinDir,
	stamp:    NodeStamp,
	missing: func(dir string) []string {
		return missingFiles(dir, nodeBinaries, nil, fmt.Sprintf("containerd=%s coredns=%s ", ContainerdVersion, CoreDNSVersion))
	},
	errorFor: func(dir string, missing []string) error {
		return &MissingNodeBinariesError{BinDir: dir, Missing: missing}
	},
}

// MissingNodeBinariesError reports that NodeBinDir lacks binaries the real
// node needs, or holds binaries of other versions, or that no place
// DefaultNodeBinDir looks in holds them.
type MissingNodeBinariesError struct {
	BinDir  string   // where they were looked for; several are joined by " or "
	Missing []string // what is missing or stale
}

func (e *MissingNodeBinariesError) Error() string {
	return fmt.Sprintf("the sandbox's node binaries (containerd, coredns) are missing in %s (%s): run `tutor sandbox install node` to build them "+
		"(needs the go toolchain; 10-15 minutes on 2 cores the first time), or `make node-bin` in a tutor checkout",
		e.BinDir, strings.Join(e.Missing, ", "))
}

// DefaultNodeBinDir is where the real node's binaries are looked for, the
// first of:
//   - $TUTOR_NODE_BIN when it is set, whatever it holds;
//   - .cache/node/bin in the root of the tutor module (`make node-bin`),
//     found by walking up from the working directory, when it holds them;
//   - UserNodeBinDir (`tutor sandbox install node`), when it holds them.
//
// When none holds them the error is a *MissingNodeBinariesError naming the
// places it looked in.
func DefaultNodeBinDir() (string, error) { return nodeBins.find() }

// DefaultNodeInstallDir is where InstallNode puts the binaries by default:
// $TUTOR_NODE_BIN when set, else UserNodeBinDir.
func DefaultNodeInstallDir() (string, error) { return nodeBins.installDir() }

// CheckNodeBinaries reports whether binDir ("" for DefaultNodeBinDir)
// holds the real node's binaries: containerd, containerd-shim-runc-v2, ctr,
// coredns and a VERSIONS stamp of ContainerdVersion and CoreDNSVersion
// (of any sources). The error is a *MissingNodeBinariesError when it does
// not.
func CheckNodeBinaries(binDir string) error {
	_, err := nodeBins.checkedDir(binDir)
	return err
}

// UserNodeBinDir is where `tutor sandbox install node` puts the binaries
// of this tutor's versions by default: <user cache>/tutor/node/
// containerd-<v>-coredns-<v>-<NodeSourceHash>/bin, the user cache being
// os.UserCacheDir ($XDG_CACHE_HOME, else ~/.cache on Linux).
func UserNodeBinDir() (string, error) {
	return userCache("node", fmt.Sprintf("containerd-%s-coredns-%s-%s", ContainerdVersion, CoreDNSVersion, NodeSourceHash()), "bin")
}

// NodeStamp is what InstallNode writes to NodeBinDir/VERSIONS.
func NodeStamp() string {
	return fmt.Sprintf("containerd=%s coredns=%s src=%s", ContainerdVersion, CoreDNSVersion, NodeSourceHash())
}

// NodeSourceHash is a short hash of the CoreDNS wrapper's sources and of
// how InstallNode builds the binaries.
func NodeSourceHash() string { return nodeSourceHash() }

var nodeSourceHash = sync.OnceValue(func() string {
	return hashSources(corednsFiles, fmt.Sprintf("env %q %q\ncontainerd %q %q %q\ncoredns %q\n",
		goEnv, nodeEnv, containerdTags, containerdShimTags, containerdLDFlags(), corednsLDFlags))
})

// InstallNode builds the real node's binaries with the local go toolchain,
// from the Go module proxy, into o.Dir (default DefaultNodeInstallDir):
// containerd, containerd-shim-runc-v2 and ctr (ContainerdVersion), coredns
// (CoreDNSVersion, with the plugins of a cluster's DNS) and VERSIONS
// (NodeStamp). Like Install it does nothing when they are there, locks, and
// renames a finished temporary directory into place. The node's other
// parts are Install's kubelet and kube-proxy, and NodeHostTools.
func InstallNode(ctx context.Context, o InstallOptions) (InstallResult, error) {
	mine := func(name string) bool { return slices.Contains(nodeBinaries, name) || name == "VERSIONS" }
	return install(ctx, o, DefaultNodeInstallDir, "node binaries", nodeBins.installed, mine, func(b *builder, tmp string) error {
		return b.buildNode(ctx, tmp)
	})
}
