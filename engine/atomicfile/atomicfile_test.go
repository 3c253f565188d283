package atomicfile

import (
	"os"
	"path/filepath"
	"testing"
)

// Write and Replace both replace the file whole, with its permissions,
// and leave no temporary file behind; a missing directory is an error
// that leaves nothing.
func TestWriteAndReplace(t *testing.T) {
	for _, tc := range []struct {
		name  string
		write func(string, []byte, os.FileMode) error
	}{
		{"Write", Write},
		{"Replace", Replace},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "state.json")
			for _, content := range []string{"old content, longer\n", "new\n"} {
				if err := tc.write(path, []byte(content), 0o600); err != nil {
					t.Fatal(err)
				}
				got, err := os.ReadFile(path)
				if err != nil || string(got) != content {
					t.Fatalf("read %q, %v; want %q", got, err, content)
				}
			}
			if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o600 {
				t.Errorf("mode %v, want 0600", fi.Mode().Perm())
			}
			if entries, _ := os.ReadDir(dir); len(entries) != 1 {
				t.Errorf("directory holds %d entries, want the file alone", len(entries))
			}
			if err := tc.write(filepath.Join(dir, "no", "such"), []byte("x"), 0o600); err == nil {
				t.Error("writing into a missing directory succeeded")
			}
		})
	}
}
