package ciliumstatus

import (
	"testing"

	"github.com/tutor-run/tutor/assertions/internal/fixture"
)

func BenchmarkCompareCiliumStatus(b *testing.B) {
	post := sample(b, "seed-byocni")
	live := fixture.Edit(b, post, "cilium:v1.14.0@sha256:5a94", "cilium:v1.14.5@sha256:aaaa", "Ready: 3/3", "Ready: 2/3")
	for b.Loop() {
		if r := Compare(post, live, Options{}); r.OK {
			b.Fatal(r.Message)
		}
	}
}
