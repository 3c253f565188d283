package ciliumstatus

import (
	"fmt"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"

	"github.com/tutor-run/tutor/engine/goldentest"
)

// dump prints every parsed fact, for the golden files.
func dump(s Status) string {
	var b strings.Builder
	for _, c := range s.Components {
		fmt.Fprintf(&b, "component %q: %s\n", c.Name, c.State)
	}
	for _, w := range s.Workloads {
		fmt.Fprintf(&b, "workload %s: %s\n", w.Key(), w)
	}
	for _, c := range s.Containers {
		fmt.Fprintf(&b, "containers %s: %s\n", c.Name, c)
	}
	if s.Pods != nil {
		fmt.Fprintf(&b, "pods: %s\n", s.Pods)
	}
	fmt.Fprintf(&b, "helm chart: %q\n", s.HelmChart)
	for _, i := range s.Images {
		fmt.Fprintf(&b, "image %s: %s: %d\n", i.Workload, i.Image, i.Count)
	}
	for _, p := range s.Problems {
		fmt.Fprintf(&b, "problem warning=%v %s %s: %s\n", p.Warning, p.Workload, p.Pod, p.Message)
	}
	return b.String()
}

// TestGolden parses the seed post's two outputs and the cilium-cli
// samples; each file's "parsed" and "facts" sections hold what Parse and
// Facts make of its "input". Run with -update to rewrite them.
func TestGolden(t *testing.T) {
	goldentest.Run(t, "testdata/*.txtar", func(t *testing.T, file string, ar *txtar.Archive) {
		input := goldentest.Section(ar, "input")
		s, err := Parse(input)
		if err != nil {
			t.Fatal(err)
		}
		goldentest.Check(t, file, ar, map[string]string{"parsed": dump(s), "facts": Facts(s)})
		if r := Compare(input, input, Options{StrictVersions: true}); !r.OK {
			t.Errorf("compared with itself: %s", r.Message)
		}
	})
}
