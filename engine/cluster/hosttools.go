package cluster

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// HostTools are the programs of the host's distribution that the real node
// runs, beside the binaries of Install and InstallNode. runc is not built
// like containerd: it needs cgo and libseccomp, which Debian's package
// brings already built.
type HostTools struct {
	Runc      string // the OCI runtime containerd's runc shim starts
	CNIBinDir string // holds the CNI plugins the node's network uses (CNIPlugins)
	Iptables  string // iptables and ip6tables: kube-proxy's and kubelet's rules (iptables-nft on Debian)
	Ip6tables string
	Conntrack string // kube-proxy clears stale UDP flows with it
}

// CNIPlugins are the CNI reference plugins the node's network uses.
var CNIPlugins = []string{"bridge", "host-local", "loopback", "portmap"}

// HostToolsInstall is the command that installs HostTools on Debian and
// Ubuntu, as root.
const HostToolsInstall = "apt-get install -y runc containernetworking-plugins iptables conntrack"

// hostToolDirs are looked in after PATH: the tools live in sbin, which a
// user's PATH often lacks.
var hostToolDirs = []string{"/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"}

// cniDirs are where CNI plugins are installed: by Debian's
// containernetworking-plugins, and by upstream's releases.
var cniDirs = []string{"/usr/lib/cni", "/opt/cni/bin"}

// MissingHostToolsError lists the programs of HostTools the host lacks.
type MissingHostToolsError struct {
	Missing []string // as "runc", or "CNI plugins bridge, portmap in /usr/lib/cni or /opt/cni/bin"
}

func (e *MissingHostToolsError) Error() string {
	return fmt.Sprintf("the sandbox's node needs programs this host lacks (%s): install them with `%s` (Debian, Ubuntu; as root)",
		strings.Join(e.Missing, "; "), HostToolsInstall)
}

// NodeHostTools finds HostTools in PATH, the sbin and bin directories, and
// /usr/lib/cni or /opt/cni/bin for the CNI plugins. The error is a
// *MissingHostToolsError naming every one it did not find.
func NodeHostTools() (HostTools, error) {
	return findHostTools(os.Getenv("PATH"), hostToolDirs, cniDirs)
}

// findHostTools is NodeHostTools looking in path (a PATH value), then dirs,
// then cni.
func findHostTools(path string, dirs, cni []string) (HostTools, error) {
	search := append(filepath.SplitList(path), dirs...)
	var missing []string
	find := func(name string) string {
		for _, dir := range search {
			if dir != "" && isExecutable(filepath.Join(dir, name)) {
				return filepath.Join(dir, name)
			}
		}
		missing = append(missing, name)
		return ""
	}
	t := HostTools{Runc: find("runc"), Iptables: find("iptables"), Ip6tables: find("ip6tables"), Conntrack: find("conntrack")}
	var lacks []string // of the first CNI directory that has any plugin
	for _, dir := range cni {
		var l []string
		for _, p := range CNIPlugins {
			if !isExecutable(filepath.Join(dir, p)) {
				l = append(l, p)
			}
		}
		if len(l) == 0 {
			t.CNIBinDir = dir
			break
		}
		if lacks == nil && len(l) < len(CNIPlugins) {
			lacks = l
		}
	}
	if t.CNIBinDir == "" {
		if lacks == nil {
			lacks = CNIPlugins
		}
		missing = append(missing, fmt.Sprintf("CNI plugins %s in %s", strings.Join(lacks, ", "), strings.Join(cni, " or ")))
	}
	if len(missing) > 0 {
		return t, &MissingHostToolsError{Missing: missing}
	}
	return t, nil
}

// isExecutable reports whether path is a file (or a link to one) that
// someone may execute.
func isExecutable(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && fi.Mode().IsRegular() && fi.Mode()&0o111 != 0
}
