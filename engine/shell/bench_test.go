package shell

import (
	"context"
	"os/exec"
	"slices"
	"testing"
	"time"
)

// The benchmarks report the median wall time of one step, which is what a
// tutorial run feels; the mean that ns/op shows is pulled up by the odd
// scheduling hiccup. Compare BenchmarkRunOneLineSteps (a session step with
// its state carried) with BenchmarkBashC (a bare bash -c of the same
// command) for the cost of the session.

func BenchmarkRunOneLineSteps(b *testing.B) {
	s := newTestSession(b, Options{Aliases: map[string]string{"k": "echo kubectl"}})
	// A few dozen variables, a function and an array, as a tutorial has
	// after its setup steps.
	mustRun(b, s, `for i in {1..40}; do declare -gx "VAR_$i=value $i"; done; arr=(a b c); f() { echo f; }; cd /tmp`)
	ctx := context.Background()
	var steps []time.Duration
	for b.Loop() {
		start := time.Now()
		res, err := s.Run(ctx, "echo hi $VAR_7", 0, nil)
		steps = append(steps, time.Since(start))
		if err != nil || res.Output != "hi value 7\n" {
			b.Fatalf("Run = %+v, %v", res, err)
		}
	}
	reportMedian(b, steps)
}

func BenchmarkBashC(b *testing.B) {
	bash, err := exec.LookPath("bash")
	if err != nil {
		b.Fatal(err)
	}
	var steps []time.Duration
	for b.Loop() {
		start := time.Now()
		out, err := exec.Command(bash, "-c", "echo hi $VAR_7").Output()
		steps = append(steps, time.Since(start))
		if err != nil || string(out) != "hi\n" {
			b.Fatalf("bash -c = %q, %v", out, err)
		}
	}
	reportMedian(b, steps)
}

// reportMedian reports the median and the 90th percentile of steps.
func reportMedian(b *testing.B, steps []time.Duration) {
	if len(steps) == 0 {
		return
	}
	slices.Sort(steps)
	ms := func(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
	b.ReportMetric(ms(steps[len(steps)/2]), "ms/step-median")
	b.ReportMetric(ms(steps[len(steps)*9/10]), "ms/step-p90")
}
