package images

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
)

// CommandError is a command of a build that failed.
type CommandError struct {
	Args   []string
	Output string // the last lines of its standard error
	Err    error
}

func (e *CommandError) Error() string {
	return fmt.Sprintf("%s: %v\n%s", strings.Join(e.Args, " "), e.Err, e.Output)
}

func (e *CommandError) Unwrap() error { return e.Err }

// run runs args[0] with args[1:] in dir (empty: the current one) and
// returns its standard output.
func run(ctx context.Context, dir string, env []string, args ...string) ([]byte, error) {
	cmd := exec.CommandContext(ctx, args[0], args[1:]...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	if err := cmd.Run(); err != nil {
		tail := errOut.String()
		if len(tail) > 4096 {
			tail = "..." + tail[len(tail)-4096:]
		}
		return out.Bytes(), &CommandError{Args: args, Output: strings.TrimSpace(tail), Err: err}
	}
	return out.Bytes(), nil
}

// apt runs apt-get on the machine's apt sources with a state of its own
// under dir: package lists, a package cache, downloaded packages and an
// empty dpkg status, so that the host's apt state is neither read nor
// changed and apt resolves dependencies as for an empty system.
type apt struct {
	dir     string
	fetchMu sync.Mutex // images built side by side download a shared package once
}

// debPackage is a package of a dependency closure.
type debPackage struct {
	Name, Version, Arch string
}

// file is the name apt gives the package's .deb (an epoch's colon
// escaped).
func (p debPackage) file() string {
	return fmt.Sprintf("%s_%s_%s.deb", p.Name, strings.ReplaceAll(p.Version, ":", "%3a"), p.Arch)
}

// options are the apt-get options that point apt at the private state.
func (a *apt) options() []string {
	o := func(k, v string) []string { return []string{"-o", k + "=" + v} }
	var args []string
	for _, kv := range [][2]string{
		{"Dir::State", filepath.Join(a.dir, "state")},
		{"Dir::State::Lists", filepath.Join(a.dir, "lists")},
		{"Dir::State::status", filepath.Join(a.dir, "status")},
		{"Dir::Cache", filepath.Join(a.dir, "cache")},
		{"Dir::Cache::archives", a.archives()},
		{"Dir::Cache::pkgcache", filepath.Join(a.dir, "cache", "pkgcache.bin")},
		{"Dir::Cache::srcpkgcache", filepath.Join(a.dir, "cache", "srcpkgcache.bin")},
		// apt's locks are on the host's dpkg database otherwise; the
		// build's own lock keeps two builds apart.
		{"Debug::NoLocking", "true"},
		{"APT::Install-Recommends", "false"},
		{"APT::Install-Suggests", "false"},
		// AppStream metadata is for software centres.
		{"Acquire::IndexTargets::deb::DEP-11::DefaultEnabled", "false"},
		{"Acquire::IndexTargets::deb::DEP-11-icons::DefaultEnabled", "false"},
		{"Acquire::IndexTargets::deb::DEP-11-icons-hidpi::DefaultEnabled", "false"},
	} {
		args = append(args, o(kv[0], kv[1])...)
	}
	if os.Geteuid() == 0 {
		// The private directories are root's; apt's download sandbox
		// user (_apt) could not write them.
		args = append(args, o("APT::Sandbox::User", "root")...)
	}
	return args
}

// archives is where downloaded packages are kept between builds.
func (a *apt) archives() string { return filepath.Join(a.dir, "cache", "archives") }

// aptEnv keeps apt's output plain and its prompts away.
var aptEnv = []string{"LC_ALL=C", "DEBIAN_FRONTEND=noninteractive"}

// update makes the private state and refreshes its package lists.
func (a *apt) update(ctx context.Context) error {
	for _, d := range []string{"state", "lists/partial", "cache/archives/partial"} {
		if err := os.MkdirAll(filepath.Join(a.dir, d), 0o755); err != nil {
			return err
		}
	}
	status := filepath.Join(a.dir, "status")
	if _, err := os.Stat(status); err != nil {
		if err := os.WriteFile(status, nil, 0o644); err != nil {
			return err
		}
	}
	// apt-get update exits 0 when a source is unreachable, unless told.
	args := append(append([]string{"apt-get"}, a.options()...), "-q", "update", "--error-on=any")
	if _, err := run(ctx, "", aptEnv, args...); err != nil {
		return fmt.Errorf("%w: %w", ErrNoPackageLists, err)
	}
	return nil
}

// ErrNoPackageLists is a build's failure to refresh the package lists:
// apt cannot reach this machine's apt sources.
var ErrNoPackageLists = errors.New("apt cannot read the package lists of this machine's apt sources")

// haveLists reports whether an update has left package lists.
func (a *apt) haveLists() bool {
	lists, _ := filepath.Glob(filepath.Join(a.dir, "lists", "*_Packages*"))
	return len(lists) > 0
}

// instLine is a package apt-get's simulation would unpack.
var instLine = regexp.MustCompile(`^Inst (\S+) (?:\[\S+\] )?\((\S+) .*\[(\S+)\]\)`)

// resolve is the dependency closure of pkgs on an empty system: apt's own
// solver picks among alternatives and virtual packages, which a recursive
// apt-cache depends would list all of. Essential packages come only when
// something depends on them.
func (a *apt) resolve(ctx context.Context, pkgs []string) ([]debPackage, error) {
	args := append(append([]string{"apt-get"}, a.options()...), append([]string{"-s", "install"}, pkgs...)...)
	out, err := run(ctx, "", aptEnv, args...)
	if err != nil {
		return nil, err
	}
	var closure []debPackage
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		if m := instLine.FindStringSubmatch(sc.Text()); m != nil {
			closure = append(closure, debPackage{Name: m[1], Version: m[2], Arch: m[3]})
		}
	}
	if len(closure) == 0 {
		return nil, fmt.Errorf("apt-get -s install %s: no package to unpack in its output:\n%s", strings.Join(pkgs, " "), out)
	}
	return closure, nil
}

// fetch downloads the packages not already in the archives and returns
// the path of each one's .deb. A download goes into a temporary directory
// first, so an interrupted one leaves no partial .deb behind.
func (a *apt) fetch(ctx context.Context, pkgs []debPackage) (paths []string, downloaded int, err error) {
	a.fetchMu.Lock()
	defer a.fetchMu.Unlock()
	var missing []string
	for _, p := range pkgs {
		path := filepath.Join(a.archives(), p.file())
		paths = append(paths, path)
		if _, err := os.Stat(path); err != nil {
			missing = append(missing, p.Name+"="+p.Version)
		}
	}
	if len(missing) == 0 {
		return paths, 0, nil
	}
	tmp, err := os.MkdirTemp(filepath.Join(a.archives(), "partial"), "download-")
	if err != nil {
		return nil, 0, err
	}
	defer os.RemoveAll(tmp)
	args := append(append([]string{"apt-get"}, a.options()...), append([]string{"-q", "download"}, missing...)...)
	if _, err := run(ctx, tmp, aptEnv, args...); err != nil {
		return nil, 0, err
	}
	debs, err := os.ReadDir(tmp)
	if err != nil {
		return nil, 0, err
	}
	for _, d := range debs {
		if err := os.Rename(filepath.Join(tmp, d.Name()), filepath.Join(a.archives(), d.Name())); err != nil {
			return nil, 0, err
		}
	}
	for _, p := range paths {
		if _, err := os.Stat(p); err != nil {
			return nil, 0, fmt.Errorf("apt-get download left no %s", filepath.Base(p))
		}
	}
	return paths, len(missing), nil
}

// unpack extracts the files of each .deb into root, as dpkg would before
// running maintainer scripts (which it does not run).
func unpack(ctx context.Context, debs []string, root string) error {
	for _, deb := range debs {
		if _, err := run(ctx, "", nil, "dpkg-deb", "-x", deb, root); err != nil {
			return err
		}
	}
	return nil
}
