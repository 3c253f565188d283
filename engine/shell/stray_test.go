package shell

import (
	"os"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// A process that leaves its process group (setsid) escapes the group
// signals Close sends; the session's tracker still finds and stops it,
// by cgroup where the kernel allows one and by environment marker
// everywhere.
func TestCloseStopsProcessesThatLeftTheirGroup(t *testing.T) {
	for _, tc := range []struct {
		name   string
		marker bool // give up the cgroup, as where none is writable
	}{
		{name: "tracker default"},
		{name: "marker only", marker: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, err := NewSession(Options{Dir: t.TempDir()})
			if err != nil {
				t.Fatal(err)
			}
			if tc.marker {
				s.tracker.Detach()
			}
			res := mustRun(t, s, `setsid sleep 7777 >/dev/null 2>&1 & echo $!`)
			pid, err := strconv.Atoi(strings.TrimSpace(res.Output))
			if err != nil {
				t.Fatalf("pid of the stray: %q", res.Output)
			}
			// Until setsid has made it a session of its own, the step's
			// process group signal would stop it with the group.
			for i := 0; i < 200; i++ {
				if cmd, _ := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/cmdline"); strings.HasPrefix(string(cmd), "sleep") {
					break
				}
				time.Sleep(10 * time.Millisecond)
			}
			if err := s.Close(); err != nil {
				t.Fatalf("Close: %v", err)
			}
			if err := syscall.Kill(pid, 0); err == nil {
				if st, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat"); err == nil && !strings.Contains(string(st), ") Z") {
					syscall.Kill(pid, syscall.SIGKILL)
					t.Fatalf("pid %d (tracking %s) still runs after Close", pid, s.Tracking())
				}
			}
			t.Logf("tracking by %s", s.Tracking())
			strays := s.Strays()
			if len(strays) != 1 || strays[0].PID != pid || strays[0].Command != "sleep 7777" {
				t.Errorf("Strays() = %+v, want pid %d sleep 7777", strays, pid)
			}
		})
	}
}
