package kubetable

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/tutor-run/tutor/assertions/internal/fixture"
)

// podTable returns a `kubectl get pods -A -o wide` table of n pods whose
// generated names, addresses, nodes and ages come from seed.
func podTable(n int, seed uint64) []string {
	const alphabet = "bcdfghjklmnpqrstvwxz2456789"
	r := rand.New(rand.NewPCG(seed, 1))
	random := func(k int, from string) string {
		b := make([]byte, k)
		for i := range b {
			b[i] = from[r.IntN(len(from))]
		}
		return string(b)
	}
	lines := []string{"NAMESPACE   NAME                                READY   STATUS    RESTARTS      AGE   IP             NODE                                NOMINATED NODE   READINESS GATES"}
	for i := 0; i < n; i++ {
		name := fmt.Sprintf("app%02d-%s-%s", i%100, random(10, "bcdf456789"), random(5, alphabet))
		restarts := "0"
		if r.IntN(10) == 0 {
			restarts = fmt.Sprintf("%d (%dm ago)", r.IntN(5)+1, r.IntN(59)+1)
		}
		lines = append(lines, fmt.Sprintf("ns%03d       %-35s 1/1     Running   %-13s %-5s 10.244.%d.%d   aks-nodepool1-%08d-vmss%06d   <none>           <none>",
			i%1000, name, restarts, fmt.Sprintf("%dh", r.IntN(24)+1), r.IntN(255), r.IntN(255), seed*7919%100000000, r.IntN(3)))
	}
	return lines
}

func benchCompare(b *testing.B, expected, actual string, ok bool) {
	if r := Compare(expected, actual); r.OK != ok {
		b.Fatalf("OK = %v: %s", r.OK, r.Message)
	}
	fixture.BenchRule(b, Compare, expected, actual)
}

// BenchmarkCompare10kSame compares two 10,000-row tables whose names are
// equal: rows pair on the first round.
func BenchmarkCompare10kSame(b *testing.B) {
	exp := podTable(10000, 1)
	act := make([]string, len(exp))
	for i, l := range exp {
		act[i] = strings.Replace(l, "Running   0             ", "Running   2 (3m ago)    ", 1)
	}
	benchCompare(b, strings.Join(exp, "\n"), strings.Join(act, "\n"), true)
}

// BenchmarkCompare10kRebound compares two 10,000-row tables from different
// clusters: every name is bound, on the second round.
func BenchmarkCompare10kRebound(b *testing.B) {
	benchCompare(b, strings.Join(podTable(10000, 1), "\n"), strings.Join(podTable(10000, 2), "\n"), true)
}

// BenchmarkCompare10kMismatch compares two 10,000-row tables that differ
// in five cells, which also renders both tables and diffs them.
func BenchmarkCompare10kMismatch(b *testing.B) {
	exp, act := podTable(10000, 1), podTable(10000, 2)
	for _, i := range []int{7, 2001, 4503, 7000, 9999} {
		act[i] = strings.Replace(act[i], "Running", "Pending", 1)
	}
	benchCompare(b, strings.Join(exp, "\n"), strings.Join(act, "\n"), false)
}

func BenchmarkParse10k(b *testing.B) {
	text := strings.Join(podTable(10000, 1), "\n")
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := Parse(text); err != nil {
			b.Fatal(err)
		}
	}
}
