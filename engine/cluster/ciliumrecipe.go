package cluster

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/tutor-run/tutor/engine/internal/installdir"
)

// ciliumFiles are the Cilium wrapper module's files, as wrapperFiles:
// tools.go names the commands, go.mod has Cilium's own replaces and
// builds Cilium from ./cilium, the patched copy buildCilium makes.
// tools/cluster/build.sh gen regenerates go.mod and go.sum.
var ciliumFiles = wrapperModule("ciliumlocal", "tools.go")

// ciliumModule is Cilium's Go module.
const ciliumModule = "github.com/cilium/cilium"

// ciliumSourceDir is where the wrapper's go.mod finds Cilium's source.
const ciliumSourceDir = "cilium"

// ciliumEnv is added to goEnv: Cilium's Makefile.defs builds every command
// without cgo.
var ciliumEnv = []string{"CGO_ENABLED=0"}

// ciliumTags are the build tags Cilium's Makefile.defs gives every
// command.
const ciliumTags = "osusergo"

// ciliumLDFlags are the linker flags of Cilium's Makefile.defs: stripped,
// and the version `cilium version` and the agent's log print, "1.14.0
// <commit> <time>", which its Makefile takes from git.
func ciliumLDFlags(version string) string {
	return fmt.Sprintf("-s -w -X '%s/pkg/version.ciliumVersion=%s'", ciliumModule, version)
}

// sourcePatch replaces Old, which must occur exactly once in File, with
// New.
type sourcePatch struct {
	File, Old, New, Why string
}

// ciliumPatches are the changes InstallCilium makes to Cilium's source.
// This machine kind's kernel has no loadable modules (no CONFIG_MODULES,
// so no /proc/modules), and the agent's iptables setup, which asks which
// modules are loaded, dies of that: "Unable to get information about
// kernel modules ... open /proc/modules: no such file or directory". With
// the patch none are loaded, the agent tries modprobe, warns that it
// failed, and goes on with the modules built into the kernel.
var ciliumPatches = []sourcePatch{{
	File: "pkg/modules/modules_linux.go",
	Old:  "\tfModules, err := os.Open(loadedModulesFilepath)\n\tif err != nil {\n",
	New: "\tfModules, err := os.Open(loadedModulesFilepath)\n" +
		"\tif errors.Is(err, os.ErrNotExist) {\n" +
		"\t\treturn nil, nil // tutor: a kernel without loadable modules has none loaded\n" +
		"\t}\n" +
		"\tif err != nil {\n",
	Why: "a kernel without CONFIG_MODULES has no /proc/modules",
}}

// apply makes the patch to the source tree in dir. It fails unless Old
// occurs exactly once and New nowhere, so that a source that changed, or a
// tree patched already, is never patched blindly.
func (p sourcePatch) apply(dir string) error {
	path := filepath.Join(dir, filepath.FromSlash(p.File))
	data, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("patch %s: %w", p.File, err)
	}
	src := string(data)
	if strings.Contains(src, p.New) {
		return fmt.Errorf("patch %s: already applied", p.File)
	}
	if n := strings.Count(src, p.Old); n != 1 {
		return fmt.Errorf("patch %s: the code to change occurs %d times, want once (%s)", p.File, n, p.Why)
	}
	return os.WriteFile(path, []byte(strings.Replace(src, p.Old, p.New, 1)), 0o644)
}

// buildCilium builds Cilium's commands into bin, which exists and is
// empty, copies the BPF sources and the scripts there, then writes
// VERSIONS last, so that a directory without it is known to be
// unfinished.
func (b *builder) buildCilium(ctx context.Context, bin string) error {
	empty, err := os.MkdirTemp("", "tutor-cilium-download-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(empty)
	b.log.Step("downloading %s@%s", ciliumModule, CiliumVersion)
	mod, err := b.downloadModule(ctx, empty, nil, ciliumModule+"@"+CiliumVersion)
	if err != nil {
		return err
	}
	version, err := ciliumBuildVersion(mod)
	if err != nil {
		return err
	}
	src, err := writeWrapper(ciliumFiles)
	if err != nil {
		return err
	}
	defer os.RemoveAll(src)
	// Cilium's module ships its vendor directory, which builds in module
	// mode ignore; copying it would only cost time.
	if err := installdir.CopyTree(mod.Dir, filepath.Join(src, ciliumSourceDir), func(rel string) bool { return rel == "vendor" }); err != nil {
		return fmt.Errorf("copy Cilium's source: %w", err)
	}
	for _, p := range ciliumPatches {
		if err := p.apply(filepath.Join(src, ciliumSourceDir)); err != nil {
			return err
		}
	}
	// One go build for the commands that share the default tags, so that
	// their packages compile in parallel; the operator's tags differ.
	byTags := map[string][]ciliumCommand{}
	var tagSets []string
	for _, c := range ciliumCommands {
		if byTags[c.tags] == nil {
			tagSets = append(tagSets, c.tags)
		}
		byTags[c.tags] = append(byTags[c.tags], c)
	}
	out := filepath.Join(src, "out")
	if err := os.Mkdir(out, 0o755); err != nil {
		return err
	}
	for _, tags := range tagSets {
		cmds := byTags[tags]
		var names, pkgs []string
		for _, c := range cmds {
			names = append(names, c.name)
			pkgs = append(pkgs, ciliumModule+"/"+c.pkg)
		}
		b.log.Step("building Cilium %s: %s; the first build takes 8-10 min on 2 cores, later ones under a minute", CiliumVersion, strings.Join(names, ", "))
		allTags := strings.Trim(ciliumTags+","+tags, ",")
		args := append([]string{"build", "-trimpath", "-tags", allTags, "-ldflags", ciliumLDFlags(version), "-o", out + "/"}, pkgs...)
		if _, err := b.goCmd(ctx, src, ciliumEnv, args...); err != nil {
			return err
		}
		for _, c := range cmds {
			if err := os.Rename(filepath.Join(out, filepath.Base(c.pkg)), filepath.Join(bin, c.name)); err != nil {
				return err
			}
		}
	}
	b.log.Step("copying Cilium's BPF sources and scripts")
	if err := installdir.CopyTree(filepath.Join(mod.Dir, "bpf"), filepath.Join(bin, CiliumBPFDir), nil); err != nil {
		return fmt.Errorf("copy the BPF sources: %w", err)
	}
	for _, s := range ciliumScripts {
		if err := installdir.CopyFile(filepath.Join(mod.Dir, filepath.FromSlash(s)), filepath.Join(bin, filepath.Base(s)), 0o755); err != nil {
			return fmt.Errorf("copy %s: %w", s, err)
		}
	}
	return os.WriteFile(filepath.Join(bin, "VERSIONS"), []byte(CiliumStamp()+"\n"), 0o644)
}

// ciliumBuildVersion is the version Cilium's Makefile stamps, "1.14.0
// <commit> <time>", from what the module proxy says of the release: the
// commit its tag names and the commit's time.
func ciliumBuildVersion(m downloadedModule) (string, error) {
	data, err := os.ReadFile(m.Info)
	if err != nil {
		return "", fmt.Errorf("cilium's module info: %w", err)
	}
	var info struct{ Time string }
	if err := json.Unmarshal(data, &info); err != nil {
		return "", fmt.Errorf("cilium's module info %s: %w", m.Info, err)
	}
	commit := m.Origin.Hash
	if len(commit) > 7 {
		commit = commit[:7] // git's short form, as `git show --format=%h`
	}
	if commit == "" || info.Time == "" {
		return "", fmt.Errorf("cilium's module info %s: no commit or time", m.Info)
	}
	return fmt.Sprintf("%s %s %s", strings.TrimPrefix(CiliumVersion, "v"), commit, info.Time), nil
}
