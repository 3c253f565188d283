package cluster

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
)

// CiliumVersion is the Cilium release InstallCilium builds: the one whose
// chart the Cilium tour installs.
const CiliumVersion = "v1.14.0"

// ciliumBinEnv overrides where Cilium's binaries are looked for and
// installed.
const ciliumBinEnv = "TUTOR_CILIUM_BIN"

// ciliumCommand is a command InstallCilium builds: its name in the
// install's directory, its package in Cilium's module, and the build tags
// it needs besides ciliumTags.
type ciliumCommand struct{ name, pkg, tags string }

// ciliumCommands are the commands of the images Cilium's chart runs: the
// agent's (cilium-agent, the cilium CLI, which 1.15 renamed cilium-dbg,
// cilium-health and the responder the agent starts in its health
// endpoint, the CNI plugin), the generic operator (the IPAM provider of
// clusters not in a cloud, as upstream's Makefile builds it) and Hubble
// Relay.
var ciliumCommands = []ciliumCommand{
	{"cilium-agent", "daemon", ""},
	{"cilium-dbg", "cilium", ""},
	{"cilium-health", "cilium-health", ""},
	{"cilium-health-responder", "cilium-health/responder", ""},
	{"cilium-cni", "plugins/cilium-cni", ""},
	{"hubble-relay", "hubble-relay", ""},
	{"cilium-operator-generic", "operator", "ipam_provider_operator"},
}

// ciliumScripts are the scripts of Cilium's source the agent's image runs
// (the chart's init containers), copied into the install's directory
// under their base names.
var ciliumScripts = []string{
	"images/cilium/init-container.sh",
	"plugins/cilium-cni/install-plugin.sh",
	"plugins/cilium-cni/cni-uninstall.sh",
}

// CiliumBPFDir is the directory of CiliumBinDir that holds the BPF
// sources (Cilium's bpf/), which the agent compiles at run time.
const CiliumBPFDir = "bpf"

// ciliumBPFProbes are files of the BPF sources whose presence says they
// were copied.
var ciliumBPFProbes = []string{"bpf/bpf_lxc.c", "bpf/bpf_host.c", "bpf/bpf_overlay.c", "bpf/include/bpf/ctx/skb.h"}

// ciliumExecutables are the executables InstallCilium puts in its
// directory: the commands and the scripts.
func ciliumExecutables() []string {
	var names []string
	for _, c := range ciliumCommands {
		names = append(names, c.name)
	}
	for _, s := range ciliumScripts {
		names = append(names, s[strings.LastIndexByte(s, '/')+1:])
	}
	return names
}

// ciliumBins are Cilium's binaries (InstallCilium).
var ciliumBins = binSet{
	env:      ciliumBinEnv,
	checkout: ".cache/cilium/bin",
	userDir:  UserCiliumBinDir,
	stamp:    CiliumStamp,
	missing: func(dir string) []string {
		return missingFiles(dir, ciliumExecutables(), ciliumBPFProbes, fmt.Sprintf("cilium=%s ", CiliumVersion))
	},
	errorFor: func(dir string, missing []string) error {
		return &MissingCiliumBinariesError{BinDir: dir, Missing: missing}
	},
}

// MissingCiliumBinariesError reports that a directory lacks Cilium's
// binaries, or holds another version's, or that no place
// DefaultCiliumBinDir looks in holds them.
type MissingCiliumBinariesError struct {
	BinDir  string   // where they were looked for; several are joined by " or "
	Missing []string // what is missing or stale
}

func (e *MissingCiliumBinariesError) Error() string {
	return fmt.Sprintf("Cilium %s's binaries are missing in %s (%s): run `tutor sandbox install cilium` to build them "+
		"(needs the go toolchain; 8-10 minutes on 2 cores the first time), or `make cilium-bin` in a tutor checkout",
		CiliumVersion, e.BinDir, strings.Join(e.Missing, ", "))
}

// DefaultCiliumBinDir is where Cilium's binaries are looked for, the first
// of:
//   - $TUTOR_CILIUM_BIN when it is set, whatever it holds;
//   - .cache/cilium/bin in the root of the tutor module (`make
//     cilium-bin`), found by walking up from the working directory, when
//     it holds them;
//   - UserCiliumBinDir (`tutor sandbox install cilium`), when it holds
//     them.
//
// When none holds them the error is a *MissingCiliumBinariesError naming
// the places it looked in.
func DefaultCiliumBinDir() (string, error) { return ciliumBins.find() }

// DefaultCiliumInstallDir is where InstallCilium puts the binaries by
// default: $TUTOR_CILIUM_BIN when set, else UserCiliumBinDir.
func DefaultCiliumInstallDir() (string, error) { return ciliumBins.installDir() }

// CheckCiliumBinaries reports whether binDir ("" for DefaultCiliumBinDir)
// holds Cilium's binaries, scripts and BPF sources, with a VERSIONS stamp
// of CiliumVersion (of any sources). The error is a
// *MissingCiliumBinariesError when it does not.
func CheckCiliumBinaries(binDir string) error {
	_, err := ciliumBins.checkedDir(binDir)
	return err
}

// UserCiliumBinDir is where `tutor sandbox install cilium` puts the
// binaries of this tutor's version by default: <user cache>/tutor/cilium/
// <CiliumVersion>-<CiliumSourceHash>/bin.
func UserCiliumBinDir() (string, error) {
	return userCache("cilium", CiliumVersion+"-"+CiliumSourceHash(), "bin")
}

// CiliumStamp is what InstallCilium writes to its directory's VERSIONS.
func CiliumStamp() string {
	return fmt.Sprintf("cilium=%s src=%s", CiliumVersion, CiliumSourceHash())
}

// CiliumSourceHash is a short hash of the Cilium wrapper's sources, of the
// patch InstallCilium applies to Cilium's source and of how it builds.
func CiliumSourceHash() string { return ciliumSourceHash() }

var ciliumSourceHash = sync.OnceValue(func() string {
	return hashSources(ciliumFiles, fmt.Sprintf("env %q %q\ncommands %q\ntags %q\nldflags %q\nscripts %q\npatches %q\n",
		goEnv, ciliumEnv, ciliumCommands, ciliumTags, ciliumLDFlags("V"), ciliumScripts, ciliumPatches))
})

// InstallCilium builds Cilium's commands (ciliumCommands) at
// CiliumVersion with the local go toolchain, from the Go module proxy,
// into o.Dir (default DefaultCiliumInstallDir), against a copy of Cilium's
// source with ciliumPatches applied, and copies the BPF sources (into
// CiliumBPFDir) and the scripts the agent's image runs beside them. Like
// Install it does nothing when they are there, locks, and renames a
// finished temporary directory into place.
func InstallCilium(ctx context.Context, o InstallOptions) (InstallResult, error) {
	mine := func(name string) bool {
		return slices.Contains(ciliumExecutables(), name) || name == CiliumBPFDir || name == "VERSIONS"
	}
	return install(ctx, o, DefaultCiliumInstallDir, "Cilium binaries", ciliumBins.installed, mine, func(b *builder, tmp string) error {
		return b.buildCilium(ctx, tmp)
	})
}
