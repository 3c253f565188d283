package cluster

import (
	"context"
	"os"
	"path/filepath"
	"strings"
)

// corednsFiles are the CoreDNS wrapper module's files, as wrapperFiles:
// main.go imports only the plugins of a cluster's DNS. tools/cluster/build.sh
// gen regenerates go.mod and go.sum.
var corednsFiles = wrapperModule("corednslocal", "main.go")

// nodeEnv is added to goEnv for the node's builds: containerd and CoreDNS
// are pure Go, as their releases build them (containerd's btrfs, devmapper
// and zfs snapshotters, the only parts that need cgo, are left out by
// containerdTags), so they need no C toolchain and link statically.
var nodeEnv = []string{"CGO_ENABLED=0"}

// The build tags of containerd and ctr, and of the shim, as containerd's
// Makefile sets them, without the snapshotters that need cgo (the node
// uses overlayfs or native).
const (
	containerdTags     = "urfave_cli_no_docs no_btrfs no_devmapper no_zfs"
	containerdShimTags = containerdTags + " no_grpc"
)

// containerdModule is the module of containerd's commands.
const containerdModule = "github.com/containerd/containerd/v2"

// containerdLDFlags stamps the version `containerd --version` and `ctr
// --version` print (else "2.4.2+unknown").
func containerdLDFlags() string {
	return "-s -w -X " + containerdModule + "/version.Version=" + ContainerdVersion
}

// corednsLDFlags are the linker flags of coredns; its version is in its
// sources (coremain.CoreVersion).
const corednsLDFlags = "-s -w"

// buildNode builds the node's binaries into bin, which exists and is
// empty, then writes VERSIONS last, so that a directory without it is
// known to be unfinished.
func (b *builder) buildNode(ctx context.Context, bin string) error {
	src, err := writeWrapper(corednsFiles)
	if err != nil {
		return err
	}
	defer os.RemoveAll(src)
	env := append([]string{"GOBIN=" + bin}, nodeEnv...)
	pkg := func(cmd string) string { return containerdModule + "/cmd/" + cmd + "@" + ContainerdVersion }
	b.log.Step("building containerd %s (containerd, ctr); the first build takes 5-7 min on 2 cores, later ones seconds", ContainerdVersion)
	if _, err := b.goCmd(ctx, src, env, "install", "-trimpath", "-tags", containerdTags, "-ldflags", containerdLDFlags(),
		pkg("containerd"), pkg("ctr")); err != nil {
		return err
	}
	b.log.Step("building containerd-shim-runc-v2 %s", ContainerdVersion)
	if _, err := b.goCmd(ctx, src, env, "install", "-trimpath", "-tags", containerdShimTags, "-ldflags", containerdLDFlags(),
		pkg("containerd-shim-runc-v2")); err != nil {
		return err
	}
	b.log.Step("building coredns %s (%s); the first build takes 5-8 min on 2 cores, later ones seconds", CoreDNSVersion, strings.Join(CoreDNSPlugins, ", "))
	if _, err := b.goCmd(ctx, src, nodeEnv, "build", "-trimpath", "-ldflags", corednsLDFlags, "-o", filepath.Join(bin, "coredns"), "."); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(bin, "VERSIONS"), []byte(NodeStamp()+"\n"), 0o644)
}

// CoreDNSPlugins are the directives a Corefile of the node's coredns may
// use: the plugins list of the wrapper (corednslocal/main.go.txt, which a
// test keeps in step with this one). Their order in a Corefile does not
// matter: a query passes through them in CoreDNS's order.
var CoreDNSPlugins = []string{
	"reload", "bind", "ready", "health", "prometheus", "errors", "log", "loadbalance",
	"cache", "hosts", "kubernetes", "loop", "forward", "whoami",
}
