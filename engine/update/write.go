package update

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/tutor-run/tutor/engine/atomicfile"
)

// keptModeBits are the mode bits WriteAtomic carries over to the new file.
const keptModeBits = fs.ModePerm | fs.ModeSetuid | fs.ModeSetgid | fs.ModeSticky

// WriteAtomic replaces the file at path with data: it writes a temporary
// file in the same directory, syncs it, gives it the old file's mode bits
// (0644 for a new file) and renames it over path, so a reader sees the old
// content or the new, never part of it. A symbolic link at path is
// followed: the file it points to is replaced and the link stays. On error
// the temporary file is removed and path is left as it was.
func WriteAtomic(path string, data []byte) error {
	target, err := filepath.EvalSymlinks(path)
	if errors.Is(err, fs.ErrNotExist) {
		target = path
	} else if err != nil {
		return err
	}
	mode := fs.FileMode(0o644)
	if info, err := os.Stat(target); err == nil {
		if !info.Mode().IsRegular() {
			return fmt.Errorf("%s is not a regular file", path)
		}
		mode = info.Mode() & keptModeBits
	} else if !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return atomicfile.Write(target, data, mode)
}
