package cluster

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/tutor-run/tutor/engine/internal/proc"
)

// cgroupFS is where the cgroup hierarchies are mounted.
const cgroupFS = "/sys/fs/cgroup"

// teardownNode removes what the real node left once its components have
// stopped: the shims and containers, the mounts under its directories, its
// network namespace (with it the veths, the bridge and every iptables rule
// kube-proxy and the CNI plugins made), the host's end of the veth, the
// pods' cgroups and its run directory, and it puts back the sysctls kubelet
// changed. It is safe to call twice, and with nothing set up.
func (c *Cluster) teardownNode() error {
	n := c.state.Node
	if n == nil || n.Slot == 0 {
		return nil
	}
	var errs []error
	if err := n.killLeftovers(); err != nil {
		errs = append(errs, err)
	}
	if err := unmountUnder(c.nodePath(), n.runDir(), n.libDir()); err != nil {
		errs = append(errs, err)
	}
	if err := c.teardownCilium(); err != nil {
		errs = append(errs, err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if _, err := os.Stat(filepath.Join("/run/netns", n.netns())); err == nil {
		if err := run(ctx, "ip", "netns", "del", n.netns()); err != nil {
			errs = append(errs, err)
		}
	}
	// Deleting the namespace takes the veth pair with it, the host's end
	// a moment later.
	if _, err := os.Stat(filepath.Join("/sys/class/net", n.hostLink())); err == nil {
		if err := run(ctx, "ip", "link", "del", n.hostLink()); err != nil && !strings.Contains(err.Error(), "Cannot find device") {
			errs = append(errs, err)
		}
	}
	if err := removeCgroups(n.cgroupRoot()); err != nil {
		errs = append(errs, err)
	}
	if err := c.removeHostFiles(); err != nil {
		errs = append(errs, err)
	}
	if err := restoreSysctls(n.Sysctls); err != nil {
		errs = append(errs, err)
	}
	for _, d := range []string{n.runDir(), n.libDir()} {
		if err := os.RemoveAll(d); err != nil {
			errs = append(errs, err)
		}
	}
	_ = os.Remove(nodeRunRoot) // when they are empty
	_ = os.Remove(nodeLibRoot)
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("tear down node %s: %w", n.Name, err)
	}
	return nil
}

// Where kubelet and the CNI library keep files whatever they are told:
// kubelet links every container's log into containerLogLinks, and libcni
// caches each attachment's result in cniResults.
const (
	containerLogLinks = "/var/log/containers"
	cniResults        = "/var/lib/cni/results"
)

// cniResultUnder reports whether the cached CNI result at path is of a
// pod network namespace under dir. It catches the results of pods whose
// runc state is gone but whose detach failed (a CNI plugin's agent
// stopped first).
func cniResultUnder(path, dir string) bool {
	data, err := os.ReadFile(path)
	if err != nil {
		return false
	}
	var r struct {
		Netns string `json:"netns"`
	}
	return json.Unmarshal(data, &r) == nil && strings.HasPrefix(r.Netns, dir+"/")
}

// removeHostFiles removes what the node left in those places: the links to
// its pods' logs and the cached results of its pods' attachments (its
// network's, and the loopback's or a network add-on's of its pods, named
// by their sandboxes, whose runc state is under the run directory). It removes the directories
// when nothing else is left in them.
func (c *Cluster) removeHostFiles() error {
	n := c.state.Node
	var errs []error
	logs := c.nodePath(podLogsDir) + "/"
	links, _ := os.ReadDir(containerLogLinks)
	for _, l := range links {
		p := filepath.Join(containerLogLinks, l.Name())
		if target, err := os.Readlink(p); err == nil && strings.HasPrefix(target, logs) {
			if err := os.Remove(p); err != nil {
				errs = append(errs, err)
			}
		}
	}
	ids := map[string]bool{}
	states, _ := os.ReadDir(filepath.Join(n.runDir(), "runc", "k8s.io"))
	for _, s := range states {
		ids[s.Name()] = true
	}
	results, _ := os.ReadDir(cniResults)
	for _, r := range results {
		// <network>-<container id>-<interface>, the network's name being
		// the bridge's (the node's namespace), the loopback's, or an
		// add-on's (cilium) with dashes or not.
		name := r.Name()
		ours := strings.HasPrefix(name, n.netns()+"-") || cniResultUnder(filepath.Join(cniResults, name), n.runDir())
		if ours || slices.ContainsFunc(strings.Split(name, "-"), func(part string) bool { return ids[part] }) {
			if err := os.Remove(filepath.Join(cniResults, name)); err != nil {
				errs = append(errs, err)
			}
		}
	}
	for _, d := range []string{containerLogLinks, cniResults, filepath.Dir(cniResults)} {
		_ = os.Remove(d) // only when empty
	}
	return errors.Join(errs...)
}

// killLeftovers kills the containerd shims of the node and every process
// in its pods' cgroups, and waits for them to go.
func (n *realNode) killLeftovers() error {
	var pids []int
	for t := time.Now(); ; {
		pids = n.leftoverPIDs()
		if len(pids) == 0 {
			return nil
		}
		if time.Since(t) > 5*time.Second {
			break
		}
		for _, pid := range pids {
			_ = syscall.Kill(pid, syscall.SIGKILL)
		}
		time.Sleep(50 * time.Millisecond)
	}
	return fmt.Errorf("processes of the node survived SIGKILL: %s", describe(pids))
}

// leftoverPIDs are the live processes of the node that are not among its
// components: shims (their command line names the node's run directory)
// and whatever runs in its pods' cgroups.
func (n *realNode) leftoverPIDs() []int {
	seen := map[int]bool{}
	entries, _ := os.ReadDir("/proc")
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil || pid == os.Getpid() {
			continue
		}
		for _, a := range proc.Cmdline(pid) {
			if strings.Contains(a, n.runDir()+"/") {
				seen[pid] = true
				break
			}
		}
	}
	for _, dir := range cgroupDirs(n.cgroupRoot()) {
		_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || d.Name() != "cgroup.procs" {
				return nil
			}
			data, _ := os.ReadFile(p)
			for _, f := range strings.Fields(string(data)) {
				if pid, err := strconv.Atoi(f); err == nil {
					seen[pid] = true
				}
			}
			return nil
		})
	}
	var pids []int
	for pid := range seen {
		if proc.Alive(pid) {
			pids = append(pids, pid)
		}
	}
	slices.Sort(pids)
	return pids
}

// cgroupDirs are the directories of cgroup root (e.g. /tutor-n1) in every
// hierarchy mounted under cgroupFS that has one.
func cgroupDirs(root string) []string {
	var dirs []string
	hierarchies, _ := os.ReadDir(cgroupFS)
	for _, h := range hierarchies {
		d := filepath.Join(cgroupFS, h.Name(), root)
		if fi, err := os.Stat(d); err == nil && fi.IsDir() {
			dirs = append(dirs, d)
		}
	}
	if fi, err := os.Stat(filepath.Join(cgroupFS, root)); err == nil && fi.IsDir() && !slices.Contains(dirs, filepath.Join(cgroupFS, root)) {
		dirs = append(dirs, filepath.Join(cgroupFS, root)) // a pure cgroup v2 host
	}
	return dirs
}

// removeCgroups removes cgroup root and all below it, deepest first, in
// every hierarchy.
func removeCgroups(root string) error {
	var errs []error
	for _, dir := range cgroupDirs(root) {
		var sub []string
		_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if err == nil && d.IsDir() {
				sub = append(sub, p)
			}
			return nil
		})
		slices.Reverse(sub)
		for _, d := range sub {
			if err := os.Remove(d); err != nil && !errors.Is(err, fs.ErrNotExist) {
				errs = append(errs, err)
			}
		}
	}
	return errors.Join(errs...)
}

// mountsUnder returns the mount points at or below any of dirs, deepest
// first.
func mountsUnder(dirs ...string) []string {
	f, err := os.Open("/proc/self/mountinfo")
	if err != nil {
		return nil
	}
	defer f.Close()
	var mounts []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) < 5 {
			continue
		}
		mp := unescapeMount(fields[4])
		for _, d := range dirs {
			if d != "" && (mp == d || strings.HasPrefix(mp, d+"/")) {
				mounts = append(mounts, mp)
				break
			}
		}
	}
	slices.SortFunc(mounts, func(a, b string) int { return len(b) - len(a) })
	return slices.Compact(mounts)
}

// unescapeMount undoes mountinfo's octal escapes (\040 for a space).
func unescapeMount(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+3 < len(s) {
			if v, err := strconv.ParseUint(s[i+1:i+4], 8, 8); err == nil {
				b.WriteByte(byte(v))
				i += 3
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// unmountUnder detaches every mount at or below dirs, deepest first, and
// fails if any is left: a directory with mounts in it must never be
// removed, since a bind mount may show the host's own files.
func unmountUnder(dirs ...string) error {
	for range 3 {
		mounts := mountsUnder(dirs...)
		if len(mounts) == 0 {
			return nil
		}
		for _, mp := range mounts {
			_ = syscall.Unmount(mp, syscall.MNT_DETACH)
		}
	}
	if left := mountsUnder(dirs...); len(left) > 0 {
		return fmt.Errorf("mounts left under %v: %v", dirs, left)
	}
	return nil
}

// NodeLeftovers lists what any real node left on this machine: a network
// namespace tutor-n*, a host link tutorh*, a cgroup /tutor-n* in any
// hierarchy, a mount or a process under nodeRunRoot, a mount under
// nodeLibRoot, those directories themselves, a KUBE- or CNI- chain in
// the host's iptables, and what a Cilium agent leaves (ciliumLeftovers).
// Stop leaves none; the tests check that it did not.
func NodeLeftovers() []string {
	left := ciliumLeftovers()
	netns, _ := filepath.Glob("/run/netns/tutor-n*")
	for _, p := range netns {
		left = append(left, "network namespace "+filepath.Base(p))
	}
	links, _ := filepath.Glob("/sys/class/net/tutorh*")
	for _, p := range links {
		left = append(left, "link "+filepath.Base(p))
	}
	groups, _ := filepath.Glob(filepath.Join(cgroupFS, "*", "tutor-n*"))
	direct, _ := filepath.Glob(filepath.Join(cgroupFS, "tutor-n*"))
	for _, p := range append(groups, direct...) {
		left = append(left, "cgroup "+p)
	}
	for _, mp := range mountsUnder(nodeRunRoot, nodeLibRoot) {
		left = append(left, "mount "+mp)
	}
	entries, _ := os.ReadDir("/proc")
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil || !proc.Alive(pid) {
			continue
		}
		if args := proc.Cmdline(pid); slices.ContainsFunc(args, func(a string) bool { return strings.Contains(a, nodeRunRoot+"/") }) {
			left = append(left, fmt.Sprintf("process %d %s", pid, strings.Join(args, " ")))
		}
	}
	for _, d := range []string{nodeRunRoot, nodeLibRoot} {
		if _, err := os.Stat(d); err == nil {
			left = append(left, "directory "+d)
		}
	}
	logLinks, _ := os.ReadDir(containerLogLinks)
	for _, l := range logLinks {
		if target, err := os.Readlink(filepath.Join(containerLogLinks, l.Name())); err == nil && strings.Contains(target, "/"+nodeDir+"/"+podLogsDir+"/") {
			left = append(left, "log link "+filepath.Join(containerLogLinks, l.Name())+" -> "+target)
		}
	}
	results, _ := filepath.Glob(filepath.Join(cniResults, "tutor-n*"))
	for _, r := range results {
		netns, _, _ := strings.Cut(strings.TrimPrefix(filepath.Base(r), "tutor-n"), "-")
		left = append(left, "CNI result of network namespace tutor-n"+netns+": "+r)
	}
	// kube-proxy's and the CNI plugins' chains belong in the node's
	// namespace, never in the host's.
	for _, save := range []string{"iptables-save", "ip6tables-save"} {
		out, err := exec.Command(save).Output()
		if err != nil {
			continue // not installed
		}
		for _, line := range strings.Split(string(out), "\n") {
			if strings.HasPrefix(line, ":KUBE-") || strings.HasPrefix(line, ":CNI-") {
				left = append(left, save+" chain "+strings.Fields(line)[0][1:])
			}
		}
	}
	return left
}
