package main

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/creack/pty"
	"github.com/rogpeppe/go-internal/testscript"
	"golang.org/x/term"
)

// TestLearnScripts runs testdata/learn/*.txtar: `tutor learn` with keys
// on a stdin that is not a terminal, one per line.
func TestLearnScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir: "testdata/learn",
		Setup: func(env *testscript.Env) error {
			env.Setenv("NO_COLOR", "1")
			return nil
		},
		RequireExplicitExec: true,
	})
}

// learnPost has two sections, the second with a failing step, and a
// cleanup section that leaves a file behind.
const learnPost = "---\ntitle: Learning by doing\n---\n" +
	"# Say hello\n\nThe `echo` command prints its arguments &#x1F606;.\n\n" +
	"```console\n$ echo hello\nhello\n$ echo skipped-or-not\nskipped-or-not\n```\n\n" +
	"# A stale claim\n\n```console\n$ printf 'a\\nactual\\n'\na\nexpected\n$ echo after\nafter\n```\n\n" +
	"# Cleanup\n\n<!-- tutor: cleanup -->\n```console\n$ touch cleaned\n```\n"

// The prompts, as they read once colours are removed.
const (
	beforeStep = "[r]un  [s]kip  [c]hecks  [q]uit"
	afterFail  = "[r]etry  [n]ext  [q]uit"
)

// exchange waits for screen text, then types keys ("" types nothing).
type exchange struct{ wait, keys string }

// TestLearnTerminal drives the real tutor binary through a pseudo-terminal:
// single keys in raw mode (no Enter), the screen as a learner sees it, the
// summary, the exit status, the cleanup and the terminal's mode afterwards.
func TestLearnTerminal(t *testing.T) {
	bin := buildTutor(t)
	tests := []struct {
		name    string
		script  []exchange
		summary []string
		exit    int
	}{
		{
			name: "run, skip, checks, retry, next",
			script: []exchange{
				{"Learning by doing", ""}, {"The echo command prints its arguments 😆.", ""},
				{beforeStep, "\r"}, {"│ hello", ""}, {"✓ passed", ""},
				{beforeStep, "s"}, {"› skip", ""},
				{"A stale claim", ""}, {beforeStep, "c"}, {"exit status 0", ""}, {"the post shows", ""}, {"│ expected", ""},
				{beforeStep, "r"}, {"✗ failed", ""}, {"-expected", ""}, {"+actual", ""},
				{afterFail, "r"}, {"↻ again", ""}, {afterFail, "n"},
				{"$ echo after", ""}, {beforeStep, "\r"}, {"│ after", ""},
				{"$ touch cleaned", ""}, {beforeStep, "\r"},
			},
			summary: []string{"Summary", "✗ A stale claim", "1 passed, 1 failed",
				"Steps: 3 passed, 1 failed, 1 skipped.", "tutor learn --from-section a-stale-claim post.md"},
			exit: 1,
		},
		{
			name:    "quit runs the cleanup unasked",
			script:  []exchange{{beforeStep, "\r"}, {beforeStep, "q"}, {"› quit", ""}, {"$ touch cleaned", ""}},
			summary: []string{"Steps: 2 passed, 3 skipped.", `You quit in "Say hello"`, "tutor learn --from-section say-hello post.md"},
			exit:    0,
		},
		{
			name:    "ctrl-c at a prompt quits",
			script:  []exchange{{beforeStep, "\x03"}, {"› quit", ""}},
			summary: []string{"Steps: 1 passed, 4 skipped."},
			exit:    0,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			if err := os.WriteFile(filepath.Join(dir, "post.md"), []byte(learnPost), 0o644); err != nil {
				t.Fatal(err)
			}
			s := startInTerminal(t, bin, dir, "learn", "post.md")
			for _, x := range tt.script {
				s.waitFor(x.wait)
				if x.keys != "" {
					s.send(x.keys)
				}
			}
			for _, want := range tt.summary {
				s.waitFor(want)
			}
			if got := s.wait(); got != tt.exit {
				t.Errorf("exit status %d, want %d\nscreen:\n%s", got, tt.exit, s.text())
			}
			if _, err := os.Stat(filepath.Join(dir, "cleaned")); err != nil {
				t.Errorf("the cleanup section did not run: %v", err)
			}
		})
	}
}

// buildTutor builds the tutor binary into a temporary directory.
func buildTutor(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "tutor")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	if out, err := exec.Command(bin, "learn", "--help").CombinedOutput(); err != nil {
		t.Fatalf("tutor has no learn command (is NewCmdLearn added to NewCmdRoot?): %v\n%s", err, out)
	}
	return bin
}

// terminalSession is a process whose standard streams are a pseudo-terminal.
type terminalSession struct {
	t      *testing.T
	cmd    *exec.Cmd
	ptmx   *os.File
	tty    *os.File
	before *term.State // the terminal's mode before the process started

	mu     sync.Mutex
	screen bytes.Buffer
	pos    int // how far waitFor has matched in the plain text
	done   chan struct{}
}

// startInTerminal starts bin with args in dir on a new 100x40 terminal.
func startInTerminal(t *testing.T, bin, dir string, args ...string) *terminalSession {
	t.Helper()
	ptmx, tty, err := pty.Open()
	if err != nil {
		t.Fatal(err)
	}
	if err := pty.Setsize(ptmx, &pty.Winsize{Rows: 40, Cols: 100}); err != nil {
		t.Fatal(err)
	}
	before, err := term.GetState(int(tty.Fd()))
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, args...)
	cmd.Dir = dir
	cmd.Env = append(withoutEnv(os.Environ(), "NO_COLOR"), "TERM=xterm-256color")
	cmd.Stdin, cmd.Stdout, cmd.Stderr = tty, tty, tty
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true, Setctty: true}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	s := &terminalSession{t: t, cmd: cmd, ptmx: ptmx, tty: tty, before: before, done: make(chan struct{})}
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		ptmx.Close()
		tty.Close()
	})
	go s.read()
	return s
}

func (s *terminalSession) read() {
	defer close(s.done)
	buf := make([]byte, 4096)
	for {
		n, err := s.ptmx.Read(buf)
		s.mu.Lock()
		s.screen.Write(buf[:n])
		s.mu.Unlock()
		if err != nil { // EIO once every process has closed the terminal
			return
		}
	}
}

// ansi matches the escape sequences of the screen.
var ansi = regexp.MustCompile(`\x1b\[[0-?]*[ -/]*[@-~]`)

// text is the screen so far, colours and carriage returns removed.
func (s *terminalSession) text() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return strings.ReplaceAll(ansi.ReplaceAllString(s.screen.String(), ""), "\r", "")
}

// waitFor waits until want appears after the text matched last.
func (s *terminalSession) waitFor(want string) {
	s.t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		text := s.text()
		if i := strings.Index(text[s.pos:], want); i >= 0 {
			s.pos += i + len(want)
			return
		}
		if time.Now().After(deadline) {
			s.t.Fatalf("the screen does not show %q after:\n%s\n--- all of it:\n%s", want, text[s.pos:], text)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// send types keys.
func (s *terminalSession) send(keys string) {
	s.t.Helper()
	if _, err := s.ptmx.Write([]byte(keys)); err != nil {
		s.t.Fatal(err)
	}
}

// wait waits for the process to exit, checks that it left the terminal
// in the mode it found it, and returns its exit status.
func (s *terminalSession) wait() int {
	s.t.Helper()
	exited := make(chan error, 1)
	go func() { exited <- s.cmd.Wait() }()
	var err error
	select {
	case err = <-exited:
	case <-time.After(30 * time.Second):
		s.t.Fatalf("tutor did not exit; screen:\n%s", s.text())
	}
	if after, gerr := term.GetState(int(s.tty.Fd())); gerr != nil || !reflect.DeepEqual(after, s.before) {
		s.t.Errorf("tutor left the terminal in another mode (raw mode not restored?): %v", gerr)
	}
	var exit *exec.ExitError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &exit):
		return exit.ExitCode()
	}
	s.t.Fatal(err)
	return -1
}

// withoutEnv returns env without the variable name.
func withoutEnv(env []string, name string) []string {
	var out []string
	for _, kv := range env {
		if !strings.HasPrefix(kv, name+"=") {
			out = append(out, kv)
		}
	}
	return out
}
