package runner

import (
	"context"
	"fmt"
	"os/exec"
	"slices"
	"strings"
	"testing"
	"time"
)

// steps200 is a tutorial of 200 one-line steps that set and read state, so
// every step carries variables, functions and the working directory.
func steps200() string {
	var b strings.Builder
	b.WriteString("# Setup\n\n```console\n$ greet() { echo \"hi $1\"; }\n$ export COUNT=0\n```\n\n# Steps\n\n```console\n")
	for i := 0; i < 200; i++ {
		fmt.Fprintf(&b, "$ V%d=%d; echo step %d\nstep %d\n", i, i, i, i)
	}
	b.WriteString("```\n")
	return b.String()
}

// BenchmarkRun200Steps measures tutor's per-step cost with full state
// carry-over (target: median <= 5 ms per step). ms/step-median is the
// median step duration as the runner measured it.
func BenchmarkRun200Steps(b *testing.B) {
	tu := mustRead(b, steps200())
	dir := b.TempDir()
	var durations []time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		res, err := Run(context.Background(), tu, Options{IO: IO{Dir: dir}})
		if err != nil {
			b.Fatal(err)
		}
		if res.ExitCode() != 0 {
			_, st := res.FirstFailure()
			b.Fatalf("run failed: %+v", st.Failure)
		}
		for _, st := range res.Sections[1].Steps {
			durations = append(durations, st.Duration)
		}
	}
	b.StopTimer()
	slices.Sort(durations)
	b.ReportMetric(float64(durations[len(durations)/2].Microseconds())/1000, "ms/step-median")
	b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N*202), "ms/step-mean")
}

// BenchmarkBashC200 runs the same 200 commands as separate `bash -c` calls,
// the floor tutor's overhead is measured against.
func BenchmarkBashC200(b *testing.B) {
	var durations []time.Duration
	for i := 0; i < b.N; i++ {
		for n := 0; n < 200; n++ {
			start := time.Now()
			out, err := exec.Command("bash", "-c", fmt.Sprintf("V%d=%d; echo step %d", n, n, n)).Output()
			if err != nil || len(out) == 0 {
				b.Fatal(err)
			}
			durations = append(durations, time.Since(start))
		}
	}
	b.StopTimer()
	slices.Sort(durations)
	b.ReportMetric(float64(durations[len(durations)/2].Microseconds())/1000, "ms/step-median")
}
