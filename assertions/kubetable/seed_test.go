package kubetable

import (
	_ "embed"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"

	"github.com/tutor-run/tutor/assertions/internal/fixture"
)

// seedArchive holds the outputs the tests compare, as data: see its
// comment.
//
//go:embed testdata/seed.txtar
var seedArchive []byte

// The seed outputs, by the names the tests use. getAll is `k get all -n
// basics` as the seed post pasted it, shared with the assertions tests.
var (
	getNo    = seedOutput("get-no")
	getAll   = fixture.GetAll
	liveAll  = seedOutput("live-all")
	podsWide = seedOutput("pods-wide")
	podsAll  = seedOutput("pods-all")
)

// seedOutput returns the section name of testdata/seed.txtar, or "" when
// there is none (TestSeedOutputs fails then).
func seedOutput(name string) string {
	for _, f := range txtar.Parse(seedArchive).Files {
		if f.Name == name {
			return string(f.Data)
		}
	}
	return ""
}

// TestSeedOutputs checks that every seed output the tests use is in
// testdata/seed.txtar.
func TestSeedOutputs(t *testing.T) {
	for name, out := range map[string]string{"get-no": getNo, "live-all": liveAll, "pods-wide": podsWide, "pods-all": podsAll} {
		if out == "" {
			t.Errorf("testdata/seed.txtar has no %s output", name)
		}
	}
}
