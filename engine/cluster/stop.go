package cluster

import (
	"context"
	"fmt"
	"os"
	"strings"
	"syscall"
	"time"

	"github.com/tutor-run/tutor/engine/internal/proc"
)

// How long Stop lets the components shut down before it kills them, and
// how long it then waits for the kernel to clear them away.
const (
	stopGrace = 3 * time.Second
	killWait  = 2 * time.Second
)

// Stop sends SIGTERM to every component's process group, in parallel, and
// to etcd once the API server has gone (etcd would otherwise wait for the
// API server's watches to end); it sends SIGKILL to what still runs after a
// grace period (at once when ctx ends), and removes StateDir. It signals
// only processes that still run our binary on our StateDir, and returns an
// error if any of them survives. It is safe to call twice.
func (c *Cluster) Stop(ctx context.Context) error {
	t0 := time.Now()
	groups := c.groups() // each component leads its own group: pgid == pid
	etcd, apiserver := groups["etcd"], groups["kube-apiserver"]
	all := map[int]bool{}
	for name, pgid := range groups {
		all[pgid] = true
		if name != "etcd" {
			signalGroup(pgid, syscall.SIGTERM)
		}
	}
	grace := time.NewTimer(stopGrace)
	defer grace.Stop()
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
wait:
	for len(groupsAlive(all)) > 0 {
		if etcd != 0 && (apiserver == 0 || !proc.Alive(apiserver)) {
			signalGroup(etcd, syscall.SIGTERM)
			etcd = 0
		}
		select {
		case <-ctx.Done():
			break wait
		case <-grace.C:
			break wait
		case <-tick.C:
		}
	}
	var err error
	if alive := groupsAlive(all); len(alive) > 0 {
		c.log.printf("killing what did not stop in %s: %s", stopGrace, describe(alive))
		for pgid := range all {
			signalGroup(pgid, syscall.SIGKILL)
		}
		deadline := time.Now().Add(killWait)
		for len(groupsAlive(all)) > 0 && time.Now().Before(deadline) {
			time.Sleep(10 * time.Millisecond)
		}
		if alive := groupsAlive(all); len(alive) > 0 {
			err = fmt.Errorf("stop local cluster: processes survived SIGKILL: %s", describe(alive))
		}
	}
	c.reap()
	if err != nil {
		return err // keep the pid files, for another try
	}
	if err := c.teardownNode(); err != nil {
		return fmt.Errorf("stop local cluster: %w", err) // keep the state, for another try
	}
	if err := os.RemoveAll(c.dir); err != nil {
		return fmt.Errorf("stop local cluster: %w", err)
	}
	c.log.printf("stopped in %.1fs", time.Since(t0).Seconds())
	return nil
}

// groups returns the process group of each component that still runs.
func (c *Cluster) groups() map[string]int {
	groups := map[string]int{}
	for _, name := range c.components() {
		if pid, ok := c.recordedPID(name); ok {
			groups[name] = pid
		}
	}
	// Processes we started and have not reaped cannot have had their pid
	// reused, even when the pid file is missing or their cmdline is gone.
	for name, p := range c.procs {
		select {
		case <-p.done:
		default:
			groups[name] = p.pid
		}
	}
	return groups
}

// signalGroup signals every process in group pgid. An empty group
// (ESRCH) has nothing left to signal.
func signalGroup(pgid int, sig syscall.Signal) {
	_ = syscall.Kill(-pgid, sig)
}

// reap waits briefly for the goroutines that wait for our own children, so
// that Stop leaves no zombie behind.
func (c *Cluster) reap() {
	timeout := time.After(time.Second)
	for _, p := range c.procs {
		select {
		case <-p.done:
		case <-timeout:
			return
		}
	}
}

// describe names processes by pid and command, for messages.
func describe(pids []int) string {
	var b strings.Builder
	for i, pid := range pids {
		comm, _ := os.ReadFile(fmt.Sprintf("/proc/%d/comm", pid))
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%d (%s)", pid, strings.TrimSpace(string(comm)))
	}
	return b.String()
}
