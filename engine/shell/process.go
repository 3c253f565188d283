package shell

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"time"

	"golang.org/x/sys/unix"

	procfs "github.com/tutor-run/tutor/engine/internal/proc"
)

// drainWait is how long a finished step's output pipe is read after bash
// exits, for output still in flight. A pipe still open after that is held by
// a background child; it keeps being drained, but Run returns.
const drainWait = 100 * time.Millisecond

// pollEvery is how often a signalled process group is checked for exit.
const pollEvery = 10 * time.Millisecond

// proc is one bash process, the leader of its own process group, with its
// output pipe.
type proc struct {
	cmd        *exec.Cmd
	pgid       int
	out        *capture
	pipe       *os.File // read end; closed by the reader at EOF
	exited     chan struct{}
	readerDone chan struct{}
	waitErr    error
	started    time.Time
	ended      time.Time
	tracker    *procfs.Tracker // the session's: every process that may hold pipe
}

// spawn starts bash -c script with stdout and stderr on one pipe that is
// read into out. $0 is "bash", so that errors read as in a terminal. The
// process starts in the session's tracker (its cgroup, and its marker in
// the environment).
func (s *Session) spawn(dir string, env []string, script string, out *capture) (*proc, error) {
	p, err := startProc(s.bash, dir, env, script, out, s.tracker)
	if err != nil && s.tracker.Mode() == "cgroup" {
		// The kernel would not start it in the cgroup: track by marker.
		s.tracker.Detach()
		p, err = startProc(s.bash, dir, env, script, out, s.tracker)
	}
	return p, err
}

// startProc is spawn's one attempt.
func startProc(bash, dir string, env []string, script string, out *capture, tr *procfs.Tracker) (*proc, error) {
	if strings.IndexByte(script, 0) >= 0 {
		return nil, errors.New("command contains a NUL byte")
	}
	r, w, err := os.Pipe()
	if err != nil {
		return nil, fmt.Errorf("creating output pipe: %w", err)
	}
	cmd := exec.Command(bash, "--noprofile", "--norc", "-c", script, "bash")
	cmd.Dir = dir
	cmd.Env = append(env[:len(env):len(env)], tr.Env())
	cmd.Stdout, cmd.Stderr = w, w
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	attached := tr.Attach(cmd.SysProcAttr)
	p := &proc{cmd: cmd, out: out, pipe: r, exited: make(chan struct{}), readerDone: make(chan struct{}), tracker: tr}
	p.started = time.Now()
	err = cmd.Start()
	attached()
	w.Close()
	if err != nil {
		r.Close()
		return nil, fmt.Errorf("starting bash: %w", err)
	}
	p.pgid = cmd.Process.Pid
	go p.read()
	go func() {
		p.waitErr = cmd.Wait()
		p.ended = time.Now()
		close(p.exited)
	}()
	return p, nil
}

func (p *proc) read() {
	defer close(p.readerDone)
	defer p.pipe.Close()
	buf := make([]byte, 32<<10)
	for {
		n, err := p.pipe.Read(buf)
		if n > 0 {
			p.out.Write(buf[:n])
		}
		if err != nil {
			p.out.finish()
			return
		}
	}
}

// exitCode returns bash's exit status, or 128+signal when a signal killed
// it, as a shell reports it. It is valid once exited is closed.
func (p *proc) exitCode() (int, error) {
	st := p.cmd.ProcessState
	if st == nil {
		return -1, fmt.Errorf("waiting for bash: %w", p.waitErr)
	}
	if ws, ok := st.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
		return 128 + int(ws.Signal()), nil
	}
	return st.ExitCode(), nil
}

// drain waits up to d for the reader to reach end of output and reports
// whether it did.
func (p *proc) drain(d time.Duration) bool {
	if waitFor(p.readerDone, d) {
		return true
	}
	// Output not at its end yet: a child may hold the pipe, or the reader
	// is only behind (many sessions on a loaded machine). While bytes wait
	// in the pipe, the reader is behind: give it time. When none of the
	// session's processes holds the pipe, its end is near: wait for it.
	deadline := time.Now().Add(behindWait)
	for pendingBytes(p.pipe) > 0 && time.Now().Before(deadline) {
		if waitFor(p.readerDone, 5*time.Millisecond) {
			return true
		}
	}
	if ino, ok := pipeInode(p.pipe); !ok || !p.tracker.HoldsPipe(ino) {
		return waitFor(p.readerDone, time.Until(deadline))
	}
	return false
}

// pendingBytes is how many bytes wait unread in the pipe f reads, or 0
// (TIOCINQ is FIONREAD on Linux).
func pendingBytes(f *os.File) int {
	rc, err := f.SyscallConn()
	if err != nil {
		return 0
	}
	n := 0
	_ = rc.Control(func(fd uintptr) {
		n, _ = unix.IoctlGetInt(int(fd), unix.TIOCINQ)
	})
	return n
}

// behindWait bounds the wait for the end of output that no process holds
// any more.
const behindWait = 10 * time.Second

// waitFor reports whether done closes within d.
func waitFor(done <-chan struct{}, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-done:
		return true
	case <-t.C:
		return false
	}
}

// pipeInode is the inode of the pipe f reads; ok is false once f is
// closed (its output reached its end).
func pipeInode(f *os.File) (uint64, bool) {
	fi, err := f.Stat()
	if err != nil {
		return 0, false
	}
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return 0, false
	}
	return st.Ino, true
}

// gone reports whether p's output has reached its end and its process
// group has no live member left.
func (p *proc) gone() bool {
	select {
	case <-p.readerDone:
		return !groupAlive(p.pgid)
	default:
		return false
	}
}

// stopGroup sends SIGTERM to process group pgid and SIGKILL after grace if
// any member is still running. It returns once the group is gone or killed.
func stopGroup(pgid int, grace time.Duration) error {
	if err := syscall.Kill(-pgid, syscall.SIGTERM); err != nil {
		if errors.Is(err, syscall.ESRCH) {
			return nil
		}
		return fmt.Errorf("signalling process group %d: %w", pgid, err)
	}
	deadline := time.Now().Add(grace)
	for time.Now().Before(deadline) {
		if !groupAlive(pgid) {
			return nil
		}
		time.Sleep(min(pollEvery, time.Until(deadline)))
	}
	if err := syscall.Kill(-pgid, syscall.SIGKILL); err != nil && !errors.Is(err, syscall.ESRCH) {
		return fmt.Errorf("killing process group %d: %w", pgid, err)
	}
	return nil
}

// groupAlive reports whether process group pgid has a member that is not a
// zombie. Zombies count as gone: where init does not reap orphans they
// would otherwise keep a finished group alive forever.
func groupAlive(pgid int) bool {
	if err := syscall.Kill(-pgid, 0); errors.Is(err, syscall.ESRCH) {
		return false
	}
	alive, err := procfs.GroupsAlive(map[int]bool{pgid: true})
	if err != nil {
		return true // no /proc: trust kill
	}
	return len(alive) > 0
}
