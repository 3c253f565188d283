package normalize

import (
	"strings"
	"testing"

	"github.com/tutor-run/tutor/engine/sample"
)

func BenchmarkNormalize100k(b *testing.B) {
	in := strings.Join(sample.Output(100000, 1), "\n")
	b.SetBytes(int64(len(in)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		Text(in)
	}
}
