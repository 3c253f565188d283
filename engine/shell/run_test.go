package shell

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/tutor-run/tutor/engine/goldentest"
)

func TestExitCodes(t *testing.T) {
	tests := []struct {
		command    string
		want       int
		wantOutput string
	}{
		{"true", 0, ""},
		{"false", 1, ""},
		{"exit 3", 3, ""},
		{"set -x; exit 3", 3, "+ exit 3\n"},
		{"(exit 7)", 7, ""},
		{"nope-no-such-command", 127, "bash: line 1: nope-no-such-command: command not found\n"},
		{"echo 'unterminated", 2, "bash: -c: line 1: unexpected EOF while looking for matching `''\n"},
		{"kill -9 $$", 128 + 9, ""},
		{"false | true", 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.command, func(t *testing.T) {
			s := newTestSession(t, Options{})
			res, err := s.Run(context.Background(), tt.command, testTimeout, nil)
			if err != nil {
				t.Fatal(err)
			}
			if res.ExitCode != tt.want || res.Output != tt.wantOutput {
				t.Errorf("Run = exit %d, output %q; want exit %d, output %q", res.ExitCode, res.Output, tt.want, tt.wantOutput)
			}
			if res.TimedOut {
				t.Error("TimedOut = true")
			}
		})
	}
}

func TestInterleaving(t *testing.T) {
	s := newTestSession(t, Options{})
	var stream bytes.Buffer
	res, err := s.Run(context.Background(),
		"echo out1; echo err1 >&2; printf 'out2\\n'; ls /no/such/path 2>&1 >/dev/null | sed 's/.*/err2/' >&2; echo out3",
		testTimeout, &stream)
	if err != nil {
		t.Fatal(err)
	}
	want := "out1\nerr1\nout2\nerr2\nout3\n"
	if res.Output != want {
		t.Errorf("Output = %q, want %q", res.Output, want)
	}
	if stream.String() != want {
		t.Errorf("stream got %q, want %q", stream.String(), want)
	}
}

func TestXtraceHidesMachinery(t *testing.T) {
	s := newTestSession(t, Options{})
	steps := []struct{ command, want string }{
		{"set -x", ""},
		{"echo hi", "+ echo hi\nhi\n"},
		{"X=$'multi\\nline'", "+ X='multi\nline'\n"},
		{"set -u; set -e; false", "+ set -u\n+ set -e\n+ false\n"},
		{"echo still", "+ echo still\nstill\n"},
	}
	for _, step := range steps {
		if res, err := s.Run(context.Background(), step.command, testTimeout, nil); err != nil {
			t.Fatal(err)
		} else if res.Output != step.want {
			t.Errorf("Run(%q) output = %q, want %q", step.command, res.Output, step.want)
		}
	}
}

func TestOutputCap(t *testing.T) {
	s := newTestSession(t, Options{OutputCap: 1000})
	res := mustRun(t, s, "seq 1 3000")
	if !res.Truncated {
		t.Error("Truncated = false")
	}
	if !strings.HasPrefix(res.Output, "1\n2\n3\n") || !strings.HasSuffix(res.Output, "2999\n3000\n") {
		t.Errorf("Output does not keep head and tail:\n%s", res.Output)
	}
	if !strings.Contains(res.Output, "bytes of output truncated") {
		t.Errorf("Output has no truncation marker:\n%s", res.Output)
	}
	if len(res.Output) > 1100 {
		t.Errorf("len(Output) = %d, want about 1000", len(res.Output))
	}
	if res := mustRun(t, s, "seq 1 10"); res.Truncated || res.Output != "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n" {
		t.Errorf("short output = %q, truncated %v", res.Output, res.Truncated)
	}
}

func TestTimeoutKillsTheGroup(t *testing.T) {
	const grace, timeout = 300 * time.Millisecond, 500 * time.Millisecond
	s := newTestSession(t, Options{KillGrace: grace})
	mustRun(t, s, "KEEP=before")
	// A child and a grandchild, the grandchild deaf to SIGTERM.
	command := `KEEP=after
sleep 100 & echo $! > child.pid
bash -c 'trap "" TERM; sleep 100 & echo $! > grandchild.pid; wait' &
wait`
	start := time.Now()
	res, err := s.Run(context.Background(), command, timeout, nil)
	if err != nil {
		t.Fatal(err)
	}
	if elapsed := time.Since(start); elapsed > timeout+grace+slack {
		t.Errorf("Run took %s", elapsed)
	}
	if !res.TimedOut || res.ExitCode != TimeoutExitCode {
		t.Errorf("TimedOut = %v, ExitCode = %d; want true, %d", res.TimedOut, res.ExitCode, TimeoutExitCode)
	}
	for _, name := range []string{"child.pid", "grandchild.pid"} {
		pid := readPid(t, filepath.Join(s.Dir(), name))
		waitGone(t, pid, slack)
	}
	if got := mustRun(t, s, "echo $KEEP").Output; got != "before\n" {
		t.Errorf("after a timeout, KEEP = %q, want the state from before the step", got)
	}
}

func TestCancelStopsStep(t *testing.T) {
	// SIGTERM must end the step; SIGKILL would come only after KillGrace.
	s := newTestSession(t, Options{KillGrace: 10 * time.Second})
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(100*time.Millisecond, cancel)
	start := time.Now()
	res, err := s.Run(ctx, "echo started; sleep 100", 0, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !res.TimedOut || res.Output != "started\n" {
		t.Errorf("Run = %+v, want TimedOut with output", res)
	}
	if elapsed := time.Since(start); elapsed > slack {
		t.Errorf("Run took %s after SIGTERM should have ended it", elapsed)
	}
}

func TestCancelledBeforeStart(t *testing.T) {
	s := newTestSession(t, Options{})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	res, err := s.Run(ctx, "touch ran", 0, nil)
	if err != nil || !res.TimedOut || res.ExitCode != TimeoutExitCode {
		t.Errorf("Run = %+v, %v; want TimedOut, exit %d", res, err, TimeoutExitCode)
	}
	if _, err := os.Stat(filepath.Join(s.Dir(), "ran")); err == nil {
		t.Error("the step ran although its context was done")
	}
}

func TestBackgroundChildDoesNotHang(t *testing.T) {
	s := newTestSession(t, Options{KillGrace: 500 * time.Millisecond})
	start := time.Now()
	// One child holds the output pipe, the other does not.
	res := mustRun(t, s, "sleep 100 & echo $! > held.pid; sleep 100 >/dev/null 2>&1 & echo $! > free.pid; echo done")
	if elapsed := time.Since(start); elapsed > slack {
		t.Errorf("Run took %s", elapsed)
	}
	if res.Output != "done\n" {
		t.Errorf("Output = %q", res.Output)
	}
	// A child that writes after Run returned is drained, not killed by
	// SIGPIPE.
	mustRun(t, s, "(sleep 0.2; echo late; echo ok > late.txt) &")
	var late []byte
	for deadline := time.Now().Add(slack); time.Now().Before(deadline) && string(late) != "ok\n"; time.Sleep(20 * time.Millisecond) {
		late, _ = os.ReadFile(filepath.Join(s.Dir(), "late.txt"))
	}
	if string(late) != "ok\n" {
		t.Errorf("late writer: late.txt = %q, want ok", late)
	}
	pids := []int{readPid(t, filepath.Join(s.Dir(), "held.pid")), readPid(t, filepath.Join(s.Dir(), "free.pid"))}
	for _, pid := range pids {
		if !alive(pid) {
			t.Fatalf("background child %d died before Close", pid)
		}
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	for _, pid := range pids {
		waitGone(t, pid, slack)
	}
}

func readPid(t *testing.T, path string) int {
	t.Helper()
	b := goldentest.ReadFile(t, path)
	pid, err := strconv.Atoi(strings.TrimSpace(string(b)))
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return pid
}

// alive reports whether process pid runs: kill(pid, 0) does not fail with
// ESRCH and the process is not a zombie. Zombies count as gone because
// where init does not reap orphans (as in this test VM and some containers)
// a killed orphan stays a zombie and kill(pid, 0) succeeds forever.
func alive(pid int) bool {
	if err := syscall.Kill(pid, 0); errors.Is(err, syscall.ESRCH) {
		return false
	}
	stat, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return false
	}
	fields := bytes.Fields(stat[bytes.LastIndexByte(stat, ')')+1:])
	return len(fields) > 0 && fields[0][0] != 'Z' && fields[0][0] != 'X'
}

func waitGone(t *testing.T, pid int, within time.Duration) {
	t.Helper()
	for deadline := time.Now().Add(within); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if !alive(pid) {
			return
		}
	}
	t.Errorf("process %d still running after %s", pid, within)
}
