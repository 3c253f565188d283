package cluster

import (
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"

	"github.com/tutor-run/tutor/engine/internal/proc"
)

// process is a component this process started.
type process struct {
	name string
	pid  int
	done chan struct{} // closed once the process has exited and been reaped
	err  error         // how it exited; read after done
}

// ExitError reports a component that exited while the cluster was starting.
type ExitError struct {
	Component string
	Err       error  // from waiting for the process
	LogTail   string // the last lines of its log
}

func (e *ExitError) Error() string {
	return fmt.Sprintf("%s exited: %v; last lines of its log:\n%s", e.Component, e.Err, e.LogTail)
}

func (e *ExitError) Unwrap() error { return e.Err }

// spawn starts component name (its binary, see binary) detached: in its
// own session and process group, so that it outlives this process, a
// terminal's signals do not reach it, and Stop can signal it with whatever
// it spawned (kwok's exec commands). The real node's components in its
// network namespace start through nsenter, which execs them in place.
// Output goes to StateDir/logs/name.log, the pid to StateDir/pids/name.pid.
func (c *Cluster) spawn(name string, args ...string) error {
	logf, err := os.OpenFile(c.logPath(name), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return fmt.Errorf("start %s: %w", name, err)
	}
	defer logf.Close() // the child has its own copy
	argv := append(c.binary(name), args...)
	env := os.Environ()
	if n := c.state.Node; n != nil && inNodeNetns(name) {
		argv = append([]string{"nsenter", "--net=" + filepath.Join("/run/netns", n.netns()), "--"}, argv...)
		// containerd finds its shim on PATH; kube-proxy finds iptables.
		env = append(env, "PATH="+n.NodeBinDir+":"+c.state.BinDir+":/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin")
	}
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Env = env
	cmd.Dir = c.dir
	cmd.Stdout, cmd.Stderr = logf, logf
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("start %s: %w", name, err)
	}
	p := &process{name: name, pid: cmd.Process.Pid, done: make(chan struct{})}
	c.procs[name] = p
	go func() {
		p.err = cmd.Wait()
		close(p.done)
	}()
	if err := os.WriteFile(c.pidPath(name), []byte(strconv.Itoa(p.pid)+"\n"), 0o600); err != nil {
		return fmt.Errorf("start %s: %w", name, err)
	}
	return nil
}

// exited returns an *ExitError for the first started component that has
// exited, or nil.
func (c *Cluster) exited() error {
	for _, name := range c.components() {
		p := c.procs[name]
		if p == nil {
			continue
		}
		select {
		case <-p.done:
			err := p.err
			if err == nil {
				err = errors.New("exit status 0")
			}
			return &ExitError{Component: name, Err: err, LogTail: c.logTail(name, 20)}
		default:
		}
	}
	return nil
}

func (c *Cluster) logPath(name string) string { return c.path(logDir, name+".log") }
func (c *Cluster) pidPath(name string) string { return c.path(pidDir, name+".pid") }

// recordedPID returns the pid recorded for component name if that process
// still runs our binary on our state directory, which guards against pid
// reuse and against another cluster sharing BinDir.
func (c *Cluster) recordedPID(name string) (int, bool) {
	data, err := os.ReadFile(c.pidPath(name))
	if err != nil {
		return 0, false
	}
	pid, err := strconv.Atoi(strings.TrimSpace(string(data)))
	if err != nil || pid <= 1 {
		return 0, false
	}
	args := proc.Cmdline(pid)
	if len(args) == 0 || args[0] != c.binary(name)[0] {
		return 0, false
	}
	for _, a := range args[1:] {
		if strings.Contains(a, c.dir+string(filepath.Separator)) || strings.HasSuffix(a, c.dir) {
			return pid, true
		}
	}
	// The registry's arguments name no path of ours; its working
	// directory is StateDir, as every component's.
	cwd, err := os.Readlink(fmt.Sprintf("/proc/%d/cwd", pid))
	return pid, err == nil && cwd == c.dir
}

// groupsAlive returns the live processes in the given process groups.
func groupsAlive(groups map[int]bool) []int {
	alive, _ := proc.GroupsAlive(groups)
	return alive
}

// logTail returns the last n lines of component name's log.
func (c *Cluster) logTail(name string, n int) string {
	f, err := os.Open(c.logPath(name))
	if err != nil {
		return "(no log: " + err.Error() + ")"
	}
	defer f.Close()
	const window = 64 << 10
	buf := make([]byte, window)
	size, _ := f.Seek(0, io.SeekEnd)
	off := max(0, size-window)
	k, _ := f.ReadAt(buf, off)
	lines := strings.Split(strings.TrimRight(string(buf[:k]), "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

// logTails returns the last n lines of every component's log that exists.
func (c *Cluster) logTails(n int) string {
	var b strings.Builder
	for _, name := range c.components() {
		if _, err := os.Stat(c.logPath(name)); err == nil {
			fmt.Fprintf(&b, "== %s (%s)\n%s\n", name, c.logPath(name), c.logTail(name, n))
		}
	}
	return b.String()
}
