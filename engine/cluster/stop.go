package cluster

import (
	"context"
	"errors"
	"fmt"
	"os"
	"syscall"
	"time"
)

// How long Stop lets the components shut down before it kills them, and
// how long it then waits for the kernel to clear them away.
const (
	stopGrace = 3 * time.Second
	killWait  = 2 * time.Second
)

// Stop sends SIGTERM to every component's process group, in parallel,
// sends SIGKILL to what still runs after a grace period (at once when ctx
// ends), and removes StateDir. It signals only processes that still run our
// binary on our StateDir, and returns an error if any of them survives. It
// is safe to call twice.
func (c *Cluster) Stop(ctx context.Context) error {
	t0 := time.Now()
	groups := c.groups() // each component leads its own group: pgid == pid
	for pgid := range groups {
		signalGroup(pgid, syscall.SIGTERM)
	}
	grace := time.NewTimer(stopGrace)
	defer grace.Stop()
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
wait:
	for len(groupsAlive(groups)) > 0 {
		select {
		case <-ctx.Done():
			break wait
		case <-grace.C:
			break wait
		case <-tick.C:
		}
	}
	var err error
	if alive := groupsAlive(groups); len(alive) > 0 {
		c.log.printf("killing %d processes that did not stop in %s", len(alive), stopGrace)
		for pgid := range groups {
			signalGroup(pgid, syscall.SIGKILL)
		}
		deadline := time.Now().Add(killWait)
		for len(groupsAlive(groups)) > 0 && time.Now().Before(deadline) {
			time.Sleep(10 * time.Millisecond)
		}
		if alive := groupsAlive(groups); len(alive) > 0 {
			err = fmt.Errorf("stop local cluster: processes %v survived SIGKILL", alive)
		}
	}
	c.reap()
	if rerr := os.RemoveAll(c.dir); rerr != nil {
		err = errors.Join(err, fmt.Errorf("stop local cluster: %w", rerr))
	}
	c.log.printf("stopped in %.1fs", time.Since(t0).Seconds())
	return err
}

// groups returns the process groups of the components that still run.
func (c *Cluster) groups() map[int]bool {
	groups := map[int]bool{}
	for _, name := range components {
		if pid, ok := c.recordedPID(name); ok {
			groups[pid] = true
		}
	}
	// Processes we started and have not reaped cannot have had their pid
	// reused, even when the pid file is missing or their cmdline is gone.
	for _, p := range c.procs {
		select {
		case <-p.done:
		default:
			groups[p.pid] = true
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
