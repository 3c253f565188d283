package assertions

import (
	"strings"
	"testing"

	"github.com/tutor-run/tutor/assertions/internal/fixture"
	"github.com/tutor-run/tutor/engine/sample"
)

func text(lines []string) string { return strings.Join(lines, "\n") + "\n" }

func BenchmarkOutputEqual100k(b *testing.B) {
	expected, actual := text(sample.Output(100000, 1)), text(sample.Output(100000, 2))
	if r := Output(expected, actual); !r.OK {
		b.Fatalf("not OK: %s", r.Message)
	}
	fixture.BenchRule(b, Output, expected, actual)
}

func BenchmarkOutputMismatch100k(b *testing.B) {
	exp, act := sample.Output(100000, 1), sample.Output(100000, 2)
	for _, i := range []int{6, 20001, 45003, 70000, 99997} {
		act[i] = strings.Replace(act[i], "FORWARDED", "DROPPED", 1)
		act[i] = strings.Replace(act[i], "Ready", "NotReady", 1)
		act[i] = strings.Replace(act[i], "Running", "CrashLoopBackOff", 1)
	}
	expected, actual := text(exp), text(act)
	if r := Output(expected, actual); r.OK || strings.Count(r.Diff, "\n+") != 5 {
		b.Fatalf("want 5 changed lines, got %s\n%s", r.Message, r.Diff)
	}
	fixture.BenchRule(b, Output, expected, actual)
}
