package runner

import (
	"context"
	"testing"

	"github.com/tutor-run/tutor/engine/goldentest"
	"github.com/tutor-run/tutor/engine/reader"
	"github.com/tutor-run/tutor/engine/record"
	"github.com/tutor-run/tutor/engine/result"
)

// BenchmarkReplayCiliumTour re-judges tutorials/aks-cilium-101.md against
// its recording, executing nothing: what docs CI pays to check an edited
// post against last night's run.
func BenchmarkReplayCiliumTour(b *testing.B) {
	src := goldentest.ReadFile(b, "../../tutorials/aks-cilium-101.md")
	rec, err := record.Load("../../tutorials/testdata/aks-cilium-101")
	if err != nil {
		b.Fatal(err)
	}
	dir := b.TempDir()
	b.ResetTimer()
	for b.Loop() {
		t, err := reader.Read("aks-cilium-101.md", src)
		if err != nil {
			b.Fatal(err)
		}
		res, err := Run(context.Background(), t, Options{IO: IO{Dir: dir}, Recording: Recording{Replay: rec}})
		if err != nil {
			b.Fatal(err)
		}
		if code := res.ExitCode(); code != result.ExitPassed {
			b.Fatalf("exit %d", code)
		}
	}
}
