package report

import (
	"bytes"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tutor-run/tutor/engine/internal/syncio"
	"github.com/tutor-run/tutor/engine/model"
	"github.com/tutor-run/tutor/engine/result"
)

// playPost reports a one-section post whose step prints lines, with a
// pause between them so that posts run side by side overlap.
func playPost(p *BoardPost, file string, lines int, status result.Status) *result.Run {
	sec := &model.Section{ID: "s", Title: "Steps of " + file, Pos: model.Pos{File: file, Line: 1}}
	st := &model.Step{Kind: model.KindShell, Pos: model.Pos{File: file, Line: 3}, Command: "print " + file}
	p.SectionStarted(sec)
	w := p.StepStarted(sec, st, 1)
	for i := 0; i < lines; i++ {
		fmt.Fprintf(w, "%s line %d\n", file, i)
		time.Sleep(time.Millisecond)
	}
	fmt.Fprintf(p.Notes(), "tutor: a note of %s\n", file)
	rs := &result.Step{Step: st, Status: status}
	if status == result.Failed {
		rs.Failure = &result.Failure{Kind: result.ClaimBroken, Message: "output differs"}
	}
	p.StepFinished(sec, rs)
	rsec := &result.Section{Section: sec, Status: status, Steps: []*result.Step{rs}}
	p.SectionFinished(rsec)
	run := &result.Run{Tutorial: &model.Tutorial{File: file, Title: file}, Sections: []*result.Section{rsec}}
	p.Close()
	p.Summary(run)
	return run
}

// Posts run at once print their reports whole, one after the other, and
// -q leaves out those that passed.
func TestBoardPrintsEachPostWhole(t *testing.T) {
	for _, quiet := range []bool{false, true} {
		t.Run(fmt.Sprintf("quiet=%v", quiet), func(t *testing.T) {
			var out bytes.Buffer
			b := NewBoard(&out, BoardOptions{Quiet: quiet})
			files := []string{"a.md", "b.md", "c.md"}
			var wg sync.WaitGroup
			runs := make([]*result.Run, len(files))
			for i, f := range files {
				p := b.Post(f)
				wg.Go(func() {
					status := result.Passed
					if f == "b.md" {
						status = result.Failed
					}
					runs[i] = playPost(p, f, 20, status)
					p.Done(runs[i])
				})
			}
			wg.Wait()
			b.Summary(runs, time.Second)
			b.Close()
			text := out.String()
			blocks := strings.Split(text, "━━ ")[1:]
			want := 3
			if quiet {
				want = 1
			}
			if len(blocks) != want {
				t.Fatalf("%d post blocks, want %d:\n%s", len(blocks), want, text)
			}
			for _, blk := range blocks {
				file := strings.Fields(blk)[0]
				for _, other := range files {
					if other != file && strings.Contains(blk, other+" line") {
						t.Errorf("block of %s holds output of %s:\n%s", file, other, blk)
					}
				}
				if !strings.Contains(blk, file+" line 19") || !strings.Contains(blk, "tutor: a note of "+file) {
					t.Errorf("block of %s lacks its output or its note:\n%s", file, blk)
				}
			}
			if !strings.Contains(text, "✗ b.md:3: output differs") || !strings.Contains(text, "3 posts: 2 passed, 1 failed") {
				t.Errorf("summary:\n%s", text)
			}
			if strings.Contains(text, "\x1b[") {
				t.Errorf("escape sequences without Live:\n%q", text)
			}
		})
	}
}

// On a terminal the live lines are drawn below the reports and cleared
// before each report and at Close.
func TestBoardLiveLines(t *testing.T) {
	var out bytes.Buffer
	now := time.Unix(0, 0)
	b := NewBoard(&out, BoardOptions{Live: true, Tick: time.Hour, Now: func() time.Time { return now }})
	p1, p2 := b.Post("a.md"), b.Post("b.md")
	if got := out.String(); !strings.Contains(got, "a.md") || !strings.Contains(got, "b.md") || !strings.Contains(got, "\x1b[1A\x1b[J") {
		t.Fatalf("live lines of two posts not drawn, or not cleared on redraw:\n%q", got)
	}
	run := playPost(p1, "a.md", 1, result.Passed)
	p1.Done(run)
	if got := out.String(); !strings.Contains(got, "\x1b[2A\x1b[J━━ a.md") {
		t.Errorf("the two live lines were not cleared before a.md's report:\n%q", got)
	}
	p2.Done(nil)
	b.Close()
	if b.shown != 0 {
		t.Errorf("%d live lines left on screen after Close", b.shown)
	}
}

// Without a terminal, a heartbeat names the posts still running, between
// reports, so a CI log does not fall silent.
func TestBoardHeartbeat(t *testing.T) {
	var out bytes.Buffer
	w := &syncio.Writer{W: &out}
	b := NewBoard(w, BoardOptions{Heartbeat: 20 * time.Millisecond})
	p := b.Post("slow.md")
	time.Sleep(100 * time.Millisecond)
	p.Done(playPost(p, "slow.md", 1, result.Passed))
	b.Close()
	if !strings.Contains(out.String(), "tutor: still running slow.md (") {
		t.Errorf("no heartbeat:\n%s", out.String())
	}
}
