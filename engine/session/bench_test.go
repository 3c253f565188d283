package session

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/tutor-run/tutor/engine/posts"
)

// benchPosts writes n bash-only posts of steps steps each (an echo and
// its pasted output, as a tutorial shows a command) and returns them.
func benchPosts(b *testing.B, n, steps int) []posts.Post {
	b.Helper()
	dir := b.TempDir()
	b.Setenv("TUTOR_STATE_DIR", filepath.Join(dir, "state"))
	ps := make([]posts.Post, n)
	for i := range ps {
		var s strings.Builder
		fmt.Fprintf(&s, "# Post %d\n\n", i)
		for j := 0; j < steps; j++ {
			fmt.Fprintf(&s, "## Step %d\n\n```console\n$ echo post %d step %d\npost %d step %d\n```\n\n", j, i, j, i, j)
		}
		ps[i].File = filepath.Join(dir, fmt.Sprintf("post-%03d.md", i))
		if err := os.WriteFile(ps[i].File, []byte(s.String()), 0o644); err != nil {
			b.Fatal(err)
		}
	}
	return ps
}

// runBench runs ps j at a time once per iteration, checks that every post
// passed, and reports the time per post and the peak resident memory of
// this process (tutor's engine: the steps' bash processes are others).
func runBench(b *testing.B, ps []posts.Post, j int) {
	peak := watchRSS()
	cpu0 := selfCPU()
	for b.Loop() {
		runs, err := RunMany(context.Background(), Many{Posts: ps, Jobs: j})
		if err != nil {
			b.Fatal(err)
		}
		for _, r := range runs {
			if code := r.ExitCode(); code != 0 {
				msg := ""
				if r.Failed != nil {
					msg = r.Failed.Message
				} else if _, st := r.FirstFailure(); st != nil {
					msg = fmt.Sprintf("%s: %s (exit %d, %s, attempts %d, output %q)", st.Step.Pos, st.Message(), st.ExitCode, st.Duration, st.Attempts, st.Output)
				}
				b.Fatalf("%s: exit %d: %s", r.Tutorial.File, code, msg)
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N*len(ps)), "ms/post")
	b.ReportMetric(float64((selfCPU()-cpu0).Microseconds())/1000/float64(b.N*len(ps)), "tutor-CPU-ms/post")
	b.ReportMetric(float64(peak())/(1<<20), "peak-RSS-MB")
}

// selfCPU is the CPU time (user and system) this process has used: the
// engine's own work, without the bash processes it waits for.
func selfCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkManyPosts runs 100 bash-only posts of 20 steps each at -j 1,
// 2 and 8 (issue 13's targets: -j 2 at least 1.8 times as fast as -j 1
// on two cores, and under 300 MB for tutor itself at -j 8).
func BenchmarkManyPosts(b *testing.B) {
	ps := benchPosts(b, 100, 20)
	for _, j := range []int{1, 2, 8} {
		b.Run(fmt.Sprintf("j=%d", j), func(b *testing.B) { runBench(b, ps, j) })
	}
}

// BenchmarkPostOverhead is what a post costs beyond its steps: 100 posts
// of one step at -j 1. A post's step costs what BenchmarkManyPosts/j=1's
// ms/post over 20 says; the rest of ms/post here is the post's own: read
// and check it, its private directory, its shell session, its process
// tracker, the tools' versions, its result. tutor-CPU-ms/post is tutor's
// own work per post, whatever the machine's load does to wall time.
func BenchmarkPostOverhead(b *testing.B) {
	runBench(b, benchPosts(b, 100, 1), 1)
}

// watchRSS samples this process's resident memory every 25 ms until the
// returned function is called, which returns the peak in bytes.
func watchRSS() func() int64 {
	var (
		mu   sync.Mutex
		peak int64
	)
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		t := time.NewTicker(25 * time.Millisecond)
		defer t.Stop()
		for {
			if rss := residentBytes(); rss > 0 {
				mu.Lock()
				peak = max(peak, rss)
				mu.Unlock()
			}
			select {
			case <-stop:
				return
			case <-t.C:
			}
		}
	}()
	return func() int64 {
		close(stop)
		<-done
		mu.Lock()
		defer mu.Unlock()
		return peak
	}
}

// residentBytes is VmRSS from /proc/self/status, or 0.
func residentBytes() int64 {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "VmRSS:"); ok {
			f := strings.Fields(rest)
			if len(f) > 0 {
				kb, _ := strconv.ParseInt(f[0], 10, 64)
				return kb << 10
			}
		}
	}
	return 0
}
