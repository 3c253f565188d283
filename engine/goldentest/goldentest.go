// Package goldentest runs golden-file tests over txtar archives: it finds
// the archives, reads their sections and compares what a test made with
// the expected sections or, under -update, rewrites them. Only _test.go
// files import it; it registers the -update flag of their test binary.
package goldentest

import (
	"flag"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"
)

var update = flag.Bool("update", false, "rewrite the expected sections of the golden txtar files")

// Update reports whether the test runs with -update.
func Update() bool { return *update }

// Run calls test, in a subtest named after the file (without .txtar), for
// each txtar archive that pattern matches; it fails t when none does.
func Run(t *testing.T, pattern string, test func(t *testing.T, file string, ar *txtar.Archive)) {
	t.Helper()
	files, err := filepath.Glob(pattern)
	if err != nil || len(files) == 0 {
		t.Fatalf("no golden files %s: %v", pattern, err)
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txtar"), func(t *testing.T) {
			ar, err := txtar.ParseFile(file)
			if err != nil {
				t.Fatal(err)
			}
			test(t, file, ar)
		})
	}
}

// ReadFile returns the content of a test's input file; the test fails
// when it cannot be read.
func ReadFile(t testing.TB, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// Section returns the content of the file name of ar, or "".
func Section(ar *txtar.Archive, name string) string {
	if i := index(ar, name); i >= 0 {
		return string(ar.Files[i].Data)
	}
	return ""
}

// Check compares each got[name] with the section name of ar, which must
// exist. Under -update it instead writes got into ar (a section replaced
// where it is, a new one appended, in name order) and ar to file.
func Check(t *testing.T, file string, ar *txtar.Archive, got map[string]string) {
	t.Helper()
	names := slices.Sorted(maps.Keys(got))
	if *update {
		for _, name := range names {
			if i := index(ar, name); i >= 0 {
				ar.Files[i].Data = []byte(got[name])
			} else {
				ar.Files = append(ar.Files, txtar.File{Name: name, Data: []byte(got[name])})
			}
		}
		if err := os.WriteFile(file, txtar.Format(ar), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	for _, name := range names {
		i := index(ar, name)
		if i < 0 {
			t.Errorf("%s has no %s section (run go test -update to add it)", file, name)
			continue
		}
		if want := string(ar.Files[i].Data); got[name] != want {
			t.Errorf("%s of %s differs (run go test -update to accept):\n--- got\n%s\n--- want\n%s", name, file, got[name], want)
		}
	}
}

// index is the index of the file name in ar, or -1.
func index(ar *txtar.Archive, name string) int {
	return slices.IndexFunc(ar.Files, func(f txtar.File) bool { return f.Name == name })
}
