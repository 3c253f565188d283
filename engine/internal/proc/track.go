package proc

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

// MarkerVar is the environment variable a Tracker puts in the environment
// of every process it starts; its value names the tracker.
const MarkerVar = "TUTOR_PROCESS_GROUP"

// Tracker follows every process one shell session starts, wherever it
// goes: a process that leaves its process group (setsid, a daemon's
// double fork) is still found and stopped at the end. Where the kernel
// offers it (a writable cgroup v2 hierarchy, as root), each tracker is a
// cgroup of its own that every process is started in (clone3's
// CLONE_INTO_CGROUP), so nothing can leave it; elsewhere it finds the
// processes by the environment marker they inherit (MarkerVar), which a
// process can only shed by clearing its environment.
type Tracker struct {
	id     string
	mu     sync.Mutex
	cgroup string // the tracker's cgroup directory; "" tracks by marker
}

var trackerSeq atomic.Int64

// NewTracker makes a tracker; it never fails: without a usable cgroup it
// tracks by marker.
func NewTracker() *Tracker {
	t := &Tracker{id: fmt.Sprintf("%d-%d-%d", os.Getpid(), time.Now().UnixNano()%1e9, trackerSeq.Add(1))}
	if parent := cgroupParent(); parent != "" {
		dir := filepath.Join(parent, "tutor-"+t.id)
		if err := os.Mkdir(dir, 0o755); err == nil {
			t.cgroup = dir
		}
	}
	return t
}

// Mode says how the tracker finds its processes: "cgroup" or "marker".
func (t *Tracker) Mode() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.cgroup != "" {
		return "cgroup"
	}
	return "marker"
}

// Env is the marker to add to a started process's environment.
func (t *Tracker) Env() string { return MarkerVar + "=" + t.id }

// Attach makes attr start its process in the tracker's cgroup, when it
// has one. Call done after the process started (or failed to); if the
// start fails because of the cgroup, call Detach and start it again.
func (t *Tracker) Attach(attr *syscall.SysProcAttr) (done func()) {
	t.mu.Lock()
	dir := t.cgroup
	t.mu.Unlock()
	if dir == "" {
		return func() {}
	}
	f, err := os.Open(dir)
	if err != nil {
		t.Detach()
		return func() {}
	}
	attr.UseCgroupFD, attr.CgroupFD = true, int(f.Fd())
	return func() { f.Close() }
}

// Detach gives up the cgroup (the kernel refused to start a process in
// it): the tracker goes on by marker.
func (t *Tracker) Detach() {
	t.mu.Lock()
	dir := t.cgroup
	t.cgroup = ""
	t.mu.Unlock()
	if dir != "" {
		os.Remove(dir)
	}
}

// Stray is a process a tracker found still running at the end.
type Stray struct {
	PID     int
	Command string // its command line, spaces between arguments
}

// Stop stops every process the tracker's processes left behind: SIGTERM,
// then SIGKILL after grace. It returns them (so the caller can say what
// it stopped) and removes the cgroup. tutor's own process is never among
// them.
func (t *Tracker) Stop(grace time.Duration) ([]Stray, error) {
	var strays []Stray
	seen := map[int]bool{}
	// A process caught between fork and exec may not show its marker
	// yet, and one may fork while the others are stopped: by marker, look
	// until a second look finds nothing new. A cgroup holds a process from
	// its fork on, and cgroup.kill below stops any latecomer.
	looks := 2
	if t.Mode() == "cgroup" {
		looks = 1
	}
	for quiet := 0; quiet < looks; {
		pids, err := t.members()
		if err != nil {
			return strays, err
		}
		fresh := false
		for _, pid := range pids {
			if !seen[pid] {
				seen[pid], fresh = true, true
				strays = append(strays, Stray{PID: pid, Command: commandLine(pid)})
				_ = syscall.Kill(pid, syscall.SIGTERM)
			}
		}
		if fresh {
			quiet = 0
			t.wait(grace)
		} else {
			quiet++
			if quiet < looks {
				time.Sleep(5 * time.Millisecond)
			}
		}
	}
	t.mu.Lock()
	dir := t.cgroup
	t.mu.Unlock()
	if dir != "" {
		_ = os.WriteFile(filepath.Join(dir, "cgroup.kill"), []byte("1"), 0)
		for i := 0; i < 100; i++ { // rmdir fails while a killed process exits
			if err := os.Remove(dir); err == nil || errors.Is(err, os.ErrNotExist) {
				break
			}
			time.Sleep(10 * time.Millisecond)
		}
	}
	return strays, nil
}

// wait gives the tracker's processes grace to exit, then kills those left.
func (t *Tracker) wait(grace time.Duration) {
	deadline := time.Now().Add(grace)
	for time.Now().Before(deadline) {
		pids, err := t.members()
		if err != nil || len(pids) == 0 {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	pids, _ := t.members()
	for _, pid := range pids {
		_ = syscall.Kill(pid, syscall.SIGKILL)
	}
}

// HoldsPipe reports whether one of the tracker's processes has the pipe
// of inode ino open (its write end: tutor holds the read end). It reports
// true when they cannot be listed.
func (t *Tracker) HoldsPipe(ino uint64) bool {
	pids, err := t.members()
	if err != nil {
		return true
	}
	want := fmt.Sprintf("pipe:[%d]", ino)
	for _, pid := range pids {
		dir := fmt.Sprintf("/proc/%d/fd/", pid)
		fds, err := os.ReadDir(dir)
		if err != nil {
			continue
		}
		for _, fd := range fds {
			if target, err := os.Readlink(dir + fd.Name()); err == nil && target == want {
				return true
			}
		}
	}
	return false
}

// members are the tracker's live processes other than this one.
func (t *Tracker) members() ([]int, error) {
	t.mu.Lock()
	dir := t.cgroup
	t.mu.Unlock()
	self := os.Getpid()
	var pids []int
	if dir != "" {
		data, err := os.ReadFile(filepath.Join(dir, "cgroup.procs"))
		if err != nil {
			return nil, err
		}
		for _, f := range strings.Fields(string(data)) {
			if pid, err := strconv.Atoi(f); err == nil && pid != self && Alive(pid) {
				pids = append(pids, pid)
			}
		}
		return pids, nil
	}
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return nil, err
	}
	marker := []byte(t.Env())
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil || pid == self {
			continue
		}
		env, err := os.ReadFile(fmt.Sprintf("/proc/%d/environ", pid))
		if err != nil {
			continue
		}
		for _, kv := range bytes.Split(env, []byte{0}) {
			if bytes.Equal(kv, marker) {
				if Alive(pid) {
					pids = append(pids, pid)
				}
				break
			}
		}
	}
	return pids, nil
}

// commandLine is pid's command line, arguments joined by spaces.
func commandLine(pid int) string {
	if args := Cmdline(pid); len(args) > 0 {
		return strings.Join(args, " ")
	}
	return fmt.Sprintf("process %d", pid)
}

// cgroupParent is the cgroup v2 directory this process is in, when that
// is on a writable cgroup v2 hierarchy; else "".
var cgroupParent = sync.OnceValue(func() string {
	mount := cgroup2Mount()
	if mount == "" {
		return ""
	}
	data, err := os.ReadFile("/proc/self/cgroup")
	if err != nil {
		return ""
	}
	var own string
	for _, line := range strings.Split(string(data), "\n") {
		if p, ok := strings.CutPrefix(line, "0::"); ok {
			own = p
		}
	}
	if own == "" {
		return ""
	}
	dir := filepath.Join(mount, own)
	if syscall.Access(dir, 2 /* W_OK */) != nil {
		return ""
	}
	if _, err := os.Stat(filepath.Join(dir, "cgroup.procs")); err != nil {
		return ""
	}
	return dir
})

// cgroup2Mount is where the cgroup v2 hierarchy is mounted, or "".
func cgroup2Mount() string {
	f, err := os.Open("/proc/self/mountinfo")
	if err != nil {
		return ""
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		// "36 35 0:30 / /sys/fs/cgroup/unified rw,... - cgroup2 cgroup2 rw"
		pre, post, ok := strings.Cut(sc.Text(), " - ")
		if !ok {
			continue
		}
		if fs := strings.Fields(post); len(fs) > 0 && fs[0] == "cgroup2" {
			if f := strings.Fields(pre); len(f) >= 5 {
				return f[4]
			}
		}
	}
	return ""
}
