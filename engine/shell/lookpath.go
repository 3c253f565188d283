package shell

import (
	"os"
	"os/exec"
	"path/filepath"
)

// LookPath finds an executable in the given PATH (a session's, which
// --sandbox extends), not the process's.
func LookPath(name, path string) (string, error) {
	for _, dir := range filepath.SplitList(path) {
		p := filepath.Join(dir, name)
		if fi, err := os.Stat(p); err == nil && !fi.IsDir() && fi.Mode()&0o111 != 0 {
			return p, nil
		}
	}
	return "", exec.ErrNotFound
}
