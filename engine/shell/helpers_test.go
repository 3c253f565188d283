package shell

import (
	"context"
	"testing"
	"time"
)

// testTimeout bounds each step of the tests.
const testTimeout = 20 * time.Second

// slack is how much longer than its ideal time a timed operation may take
// on a loaded machine before a test fails.
const slack = 3 * time.Second

// newTestSession starts a session in a temporary directory and closes it
// when the test ends.
func newTestSession(tb testing.TB, opts Options) *Session {
	tb.Helper()
	if opts.Dir == "" {
		opts.Dir = tb.TempDir()
	}
	s, err := NewSession(opts)
	if err != nil {
		tb.Fatalf("NewSession: %v", err)
	}
	tb.Cleanup(func() {
		if err := s.Close(); err != nil {
			tb.Errorf("Close: %v", err)
		}
	})
	return s
}

// mustRun runs command and fails the test unless it exits 0.
func mustRun(tb testing.TB, s *Session, command string) Result {
	tb.Helper()
	res, err := s.Run(context.Background(), command, testTimeout, nil)
	if err != nil {
		tb.Fatalf("Run(%q): %v", command, err)
	}
	if res.ExitCode != 0 {
		tb.Fatalf("Run(%q): exit %d, output:\n%s", command, res.ExitCode, res.Output)
	}
	return res
}
