package cluster

import (
	"path/filepath"

	v1 "github.com/google/go-containerregistry/pkg/v1"

	"github.com/tutor-run/tutor/engine/images"
)

// ciliumAgentPackages are the Debian packages of the agent's image: what
// the agent runs (clang and llc to compile its datapath, bpftool for its
// kernel probes, ip, iptables and ipset, modprobe) and what the chart's
// init containers and a learner's kubectl exec use (bash, coreutils,
// grep, mount, nsenter, ps).
var ciliumAgentPackages = []string{
	"clang", "llvm", "bpftool", "iproute2", "iptables", "ipset", "kmod", "ca-certificates",
	"bash", "coreutils", "util-linux", "mount", "grep", "sed", "findutils", "procps",
}

// ciliumAgentLinks are links packages outside the image's closure, or
// their maintainer scripts, would have made: base-files' /var/run (the
// agent makes its health endpoint's namespace with ip netns add, in
// /run/netns, and looks for it in /var/run/netns), dash's /bin/sh (here
// bash), which the init containers' scripts run with, and
// update-alternatives' for iptables, the nf_tables variant, the one the
// node's kube-proxy (the host's iptables) writes its rules with.
var ciliumAgentLinks = func() map[string]string {
	links := map[string]string{"var/run": "/run", "bin/sh": "bash"}
	for _, fam := range []string{"iptables", "ip6tables"} {
		for _, suffix := range []string{"", "-save", "-restore"} {
			links["usr/sbin/"+fam+suffix] = fam + "-nft" + suffix
		}
	}
	return links
}()

// CiliumImages are the images Cilium's chart (CiliumVersion) runs, made
// from the binaries, scripts and BPF sources InstallCilium put in binDir,
// laid out as upstream's Dockerfiles lay them out:
//   - quay.io/cilium/cilium: the agent, the cilium CLI, cilium-health and
//     its responder in /usr/bin, the CNI plugin in /opt/cni/bin, the BPF
//     sources in /var/lib/cilium/bpf, the init containers' scripts in /,
//     and ciliumAgentPackages;
//   - quay.io/cilium/operator-generic: the generic operator;
//   - quay.io/cilium/hubble-relay: Hubble Relay, run as 65532 as upstream
//     runs it.
//
// The chart names them with a tag and, unless useDigest is false, a
// digest of upstream's images, which these do not have.
func CiliumImages(binDir string) []images.Local {
	bin := func(name string) string { return filepath.Join(binDir, name) }
	return []images.Local{
		{
			Name:     "quay.io/cilium/cilium",
			Packages: ciliumAgentPackages,
			Copies: []images.Copy{
				{Src: bin("cilium-agent"), Path: "usr/bin/cilium-agent"},
				{Src: bin("cilium-dbg"), Path: "usr/bin/cilium"},
				{Src: bin("cilium-health"), Path: "usr/bin/cilium-health"},
				{Src: bin("cilium-health-responder"), Path: "usr/bin/cilium-health-responder"},
				{Src: bin("cilium-cni"), Path: "opt/cni/bin/cilium-cni"},
				{Src: bin(CiliumBPFDir), Path: "var/lib/cilium/bpf"},
				{Src: bin("init-container.sh"), Path: "init-container.sh"},
				{Src: bin("install-plugin.sh"), Path: "install-plugin.sh"},
				{Src: bin("cni-uninstall.sh"), Path: "cni-uninstall.sh"},
			},
			Links: ciliumAgentLinks,
			Config: v1.Config{
				Cmd:        []string{"/usr/bin/cilium"},
				WorkingDir: "/home/cilium",
				// The hubble CLI in the agent's pod reads the local socket.
				Env: []string{"HUBBLE_SERVER=unix:///var/run/cilium/hubble.sock", "INITSYSTEM=SYSTEMD"},
			},
		},
		{
			Name:   "quay.io/cilium/operator-generic",
			Copies: []images.Copy{{Src: bin("cilium-operator-generic"), Path: "usr/bin/cilium-operator-generic"}},
			Config: v1.Config{Cmd: []string{"/usr/bin/cilium-operator-generic"}, WorkingDir: "/"},
		},
		{
			Name:   "quay.io/cilium/hubble-relay",
			Copies: []images.Copy{{Src: bin("hubble-relay"), Path: "usr/bin/hubble-relay"}},
			// gops keeps its state in the user's configuration directory:
			// upstream's base image gives 65532 a home, this one has none.
			Config: v1.Config{Entrypoint: []string{"/usr/bin/hubble-relay"}, Cmd: []string{"serve"}, User: "65532:65532",
				Env: []string{"GOPS_CONFIG_DIR=/tmp"}},
		},
	}
}
