package ciliumstatus

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"
)

var update = flag.Bool("update", false, "rewrite the golden sections of testdata/*.txtar")

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
	files, _ := filepath.Glob("testdata/*.txtar")
	if len(files) == 0 {
		t.Fatal("no testdata")
	}
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			ar, err := txtar.ParseFile(file)
			if err != nil {
				t.Fatal(err)
			}
			sections := map[string]string{}
			for _, f := range ar.Files {
				sections[f.Name] = string(f.Data)
			}
			s, err := Parse(sections["input"])
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]string{"parsed": dump(s), "facts": Facts(s)}
			if *update {
				ar.Files = []txtar.File{{Name: "input", Data: []byte(sections["input"])},
					{Name: "parsed", Data: []byte(got["parsed"])}, {Name: "facts", Data: []byte(got["facts"])}}
				if err := os.WriteFile(file, txtar.Format(ar), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			for _, name := range []string{"parsed", "facts"} {
				if got[name] != sections[name] {
					t.Errorf("%s:\ngot:\n%s\nwant:\n%s", name, got[name], sections[name])
				}
			}
			if r := Compare(sections["input"], sections["input"], Options{StrictVersions: true}); !r.OK {
				t.Errorf("compared with itself: %s", r.Message)
			}
		})
	}
}
