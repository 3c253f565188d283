// Package proc reads Linux /proc for what tutor's process handling needs:
// a process's state and process group, and which members of some groups
// are still alive.
package proc

import (
	"bytes"
	"fmt"
	"os"
	"strconv"
	"strings"
)

// Stat returns the state letter and process group of pid; ok is false
// when there is no such process.
func Stat(pid int) (state byte, pgrp int, ok bool) {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, 0, false
	}
	// "pid (comm) S ppid pgrp ...": comm may hold spaces and parentheses.
	i := bytes.LastIndexByte(data, ')')
	if i < 0 {
		return 0, 0, false
	}
	f := bytes.Fields(data[i+1:])
	if len(f) < 3 {
		return 0, 0, false
	}
	pgrp, err = strconv.Atoi(string(f[2]))
	return f[0][0], pgrp, err == nil
}

// Live reports whether a process in state is running or could run again:
// zombies (Z) and dead processes (X) count as gone, since where init does
// not reap orphans they would otherwise stay forever.
func Live(state byte) bool { return state != 'Z' && state != 'X' }

// GroupsAlive returns the live processes in the given process groups. The
// error is /proc's when it cannot be listed.
func GroupsAlive(groups map[int]bool) ([]int, error) {
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return nil, err
	}
	var alive []int
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		if st, pgrp, ok := Stat(pid); ok && groups[pgrp] && Live(st) {
			alive = append(alive, pid)
		}
	}
	return alive, nil
}

// Alive reports whether pid is a live process (not a zombie).
func Alive(pid int) bool {
	st, _, ok := Stat(pid)
	return ok && Live(st)
}

// Cmdline is pid's command line, one string an argument; nil when there
// is no such process (or it has none, as a kernel thread).
func Cmdline(pid int) []string {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/cmdline", pid))
	if err != nil || len(data) == 0 {
		return nil
	}
	return strings.Split(strings.TrimRight(string(data), "\x00"), "\x00")
}
