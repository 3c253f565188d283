package shell

import (
	"bytes"
	"context"
	"errors"
	"path/filepath"
	"regexp"
	"testing"
	"time"
)

func TestStartWaitsForReadiness(t *testing.T) {
	s := newTestSession(t, Options{KillGrace: 500 * time.Millisecond})
	mustRun(t, s, "export PORT=8080")
	var stream bytes.Buffer
	command := `for i in 1 2 3; do echo "warming $i"; sleep 0.05; done; echo "listening on :$PORT"; exec sleep 100`
	start := time.Now()
	b, err := s.Start(context.Background(), command, regexp.MustCompile(`^listening on :\d+$`), 10*time.Second, &stream)
	if err != nil {
		t.Fatal(err)
	}
	if elapsed := time.Since(start); elapsed < 150*time.Millisecond {
		t.Errorf("Start returned after %s, before the readiness line", elapsed)
	}
	want := "warming 1\nwarming 2\nwarming 3\nlistening on :8080\n"
	if got := b.Output(); got != want {
		t.Errorf("Output() = %q, want %q", got, want)
	}
	if got := stream.String(); got != want {
		t.Errorf("stream = %q, want %q", got, want)
	}
	if !alive(b.Pid()) || b.ExitCode() != -1 {
		t.Fatalf("background command not running: ExitCode %d", b.ExitCode())
	}
	if err := b.Stop(); err != nil {
		t.Fatal(err)
	}
	waitGone(t, b.Pid(), slack)
	if err := b.Stop(); err != nil {
		t.Errorf("second Stop: %v", err)
	}
}

func TestStartDoesNotSaveState(t *testing.T) {
	s := newTestSession(t, Options{})
	mustRun(t, s, "V=before; mkdir -p elsewhere")
	b, err := s.Start(context.Background(), "V=after; cd elsewhere; echo $V done", regexp.MustCompile("done"), 10*time.Second, nil)
	if err != nil {
		t.Fatal(err)
	}
	<-b.Done()
	if got := b.ExitCode(); got != 0 {
		t.Errorf("ExitCode() = %d, want 0", got)
	}
	if got, want := mustRun(t, s, "echo $V; basename $PWD").Output, "before\n"+filepath.Base(s.Dir())+"\n"; got != want {
		t.Errorf("after a background command, output = %q, want %q", got, want)
	}
}

func TestStartNotReady(t *testing.T) {
	tests := []struct {
		name       string
		command    string
		within     time.Duration
		wantExited bool
		wantCode   int
		wantOutput string
	}{
		{"exits first", "echo starting; echo oops >&2; exit 3", 10 * time.Second, true, 3, "starting\noops\n"},
		{"too slow", "echo starting; sleep 100", 200 * time.Millisecond, false, 0, "starting\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newTestSession(t, Options{KillGrace: 500 * time.Millisecond})
			b, err := s.Start(context.Background(), tt.command, regexp.MustCompile("^ready$"), tt.within, nil)
			var notReady *NotReadyError
			if !errors.As(err, &notReady) {
				t.Fatalf("Start error = %v, want a *NotReadyError", err)
			}
			if b != nil {
				t.Error("Start returned a Background along with the error")
			}
			if notReady.Exited != tt.wantExited || notReady.ExitCode != tt.wantCode || notReady.Output != tt.wantOutput {
				t.Errorf("NotReadyError = %+v, want exited %v, code %d, output %q", notReady, tt.wantExited, tt.wantCode, tt.wantOutput)
			}
		})
	}
}

func TestStartWithoutReadiness(t *testing.T) {
	s := newTestSession(t, Options{KillGrace: 500 * time.Millisecond})
	b, err := s.Start(context.Background(), "sleep 100", nil, 0, nil)
	if err != nil {
		t.Fatal(err)
	}
	pid := b.Pid()
	if !alive(pid) {
		t.Fatal("background command is not running")
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	waitGone(t, pid, slack)
}

func TestStartCancelled(t *testing.T) {
	s := newTestSession(t, Options{KillGrace: 500 * time.Millisecond})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := s.Start(ctx, "sleep 100", regexp.MustCompile("never"), 0, nil)
	if !errors.Is(err, context.Canceled) {
		t.Errorf("Start error = %v, want context.Canceled", err)
	}
}
