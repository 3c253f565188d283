package report

import (
	"bytes"
	"fmt"
	"io"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tutor-run/tutor/engine/internal/termtext"
	"github.com/tutor-run/tutor/engine/model"
	"github.com/tutor-run/tutor/engine/result"
)

// sgr matches a colour code.
var sgr = regexp.MustCompile(`\x1b\[[0-9;]*m`)

func TestTerminalColor(t *testing.T) {
	tests := []struct {
		name      string
		opts      TerminalOptions
		wantColor bool
	}{
		{"plain", TerminalOptions{}, false},
		{"quiet", TerminalOptions{Quiet: true}, false},
		{"live without colour", TerminalOptions{Live: true, Tick: time.Millisecond}, false},
		{"colour", TerminalOptions{Color: true}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			tt.opts.Now = fixedClock
			term := NewTerminal(&buf, tt.opts)
			replay(term, fixtureRun())
			term.Summary(fixtureRun())
			term.Close()
			if got := sgr.MatchString(buf.String()); got != tt.wantColor {
				t.Errorf("colour codes present = %v, want %v", got, tt.wantColor)
			}
			if !tt.opts.Live && strings.Contains(buf.String(), "\x1b") != tt.wantColor {
				t.Errorf("escape sequences present = %v, want %v", !tt.wantColor, tt.wantColor)
			}
		})
	}
}

func TestTerminalQuiet(t *testing.T) {
	var buf bytes.Buffer
	term := NewTerminal(&buf, TerminalOptions{Quiet: true})
	replay(term, fixtureRun())
	term.Close()
	if strings.Contains(buf.String(), termtext.OutputPrefix) {
		t.Errorf("quiet terminal streamed output:\n%s", buf.String())
	}
	if !strings.Contains(buf.String(), "$ kind create cluster --name tutor") {
		t.Errorf("quiet terminal did not print the command:\n%s", buf.String())
	}
}

func TestTerminalPartialLines(t *testing.T) {
	var buf bytes.Buffer
	term := NewTerminal(&buf, TerminalOptions{})
	sec := section("s", "S", 1)
	st := shellStep(2, "echo")
	w := term.StepStarted(sec, st, 1)
	for _, chunk := range []string{"hel", "lo\nwor", "ld\r\nno newline"} {
		io.WriteString(w, chunk)
	}
	term.StepFinished(sec, &result.Step{Step: st, Status: result.Passed})
	io.WriteString(w, "after the end\n")
	term.Close()
	want := "  $ echo\n  │ hello\n  │ world\n  │ no newline\n  ✓ 0ms\n"
	if got := buf.String(); got != want {
		t.Errorf("got\n%q\nwant\n%q", got, want)
	}
}

// TestTerminalLive writes output from several goroutines while the live
// line is redrawn; run it with -race. Every output line must come out
// whole, never cut by the live line.
func TestTerminalLive(t *testing.T) {
	var buf bytes.Buffer
	var mu sync.Mutex
	now := start
	clock := func() time.Time {
		mu.Lock()
		defer mu.Unlock()
		now = now.Add(10 * time.Millisecond)
		return now
	}
	term := NewTerminal(&buf, TerminalOptions{Live: true, Tick: time.Millisecond, Now: clock})
	sec := section("s", "Install Cilium", 1)
	st := shellStep(2, "cilium install")
	term.SectionStarted(sec)
	w := term.StepStarted(sec, st, 1)

	const writers, perWriter = 4, 50
	var wg sync.WaitGroup
	for i := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range perWriter {
				fmt.Fprintf(w, "writer %d line %d\n", i, j)
				if j%10 == 0 {
					time.Sleep(2 * time.Millisecond)
				}
			}
		}()
	}
	wg.Wait()
	time.Sleep(5 * time.Millisecond)
	term.StepFinished(sec, &result.Step{Step: st, Status: result.Passed})
	term.SectionFinished(&result.Section{Section: sec, Status: result.Passed})
	term.Close()
	term.Close()

	out := buf.String()
	if !strings.Contains(out, "Install Cilium › cilium install (") {
		t.Errorf("no live line in output:\n%q", out)
	}
	seen := map[string]bool{}
	for _, piece := range strings.Split(out, "\n") {
		if i := strings.LastIndex(piece, "\x1b[K"); i >= 0 {
			piece = piece[i+len("\x1b[K"):]
		}
		seen[piece] = true
	}
	for i := range writers {
		for j := range perWriter {
			if line := fmt.Sprintf("%swriter %d line %d", termtext.OutputPrefix, i, j); !seen[line] {
				t.Errorf("line %q not printed whole", line)
			}
		}
	}
	if !strings.HasSuffix(out, "✓ 0ms\n") {
		t.Errorf("output does not end with the step's mark: %q", out[max(0, len(out)-80):])
	}
}

func TestLiveText(t *testing.T) {
	term := NewTerminal(io.Discard, TerminalOptions{Now: fixedClock})
	term.section = &model.Section{Title: "Install Cilium"}
	term.step = shellStep(3, "cilium install \\\n  --version 1.15.4")
	term.stepStart = start.Add(-1200 * time.Millisecond)
	tests := []struct {
		width   int
		attempt int
		want    string
	}{
		{80, 1, "⠋ Install Cilium › cilium install \\ … (1.2s)"},
		{80, 2, "⠋ Install Cilium › cilium install \\ … (attempt 2, 1.2s)"},
		{30, 1, "⠋ Install Cilium › cil… (1.2s)"},
	}
	for _, tt := range tests {
		term.attempt = tt.attempt
		if got := term.liveText(tt.width); got != tt.want {
			t.Errorf("liveText(%d) attempt %d = %q, want %q", tt.width, tt.attempt, got, tt.want)
		}
	}
}
