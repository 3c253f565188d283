// Package atomicfile replaces files so that a reader, or a crash, sees
// the old content or the new, never part of it.
package atomicfile

import (
	"os"
	"path/filepath"
)

// Write replaces the file at path with data: a temporary file in the same
// directory, given perm, synced, then renamed over path. The directory must
// exist; it is synced after the rename where the file system allows. On
// error the temporary file is removed and path is left as it was.
func Write(path string, data []byte, perm os.FileMode) error {
	return write(path, data, perm, true)
}

// Replace is Write without the syncs: a reader still sees the old content
// or the new, but after a power cut the file may be either, or empty. It
// is for files tutor writes often and can lose, such as the run state
// saved after every step (a sync there cost a tenth of tutor's time).
func Replace(path string, data []byte, perm os.FileMode) error {
	return write(path, data, perm, false)
}

// write is Write, syncing when sync is set.
func write(path string, data []byte, perm os.FileMode, sync bool) (err error) {
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if err := tmp.Chmod(perm); err != nil {
		return err
	}
	if _, err := tmp.Write(data); err != nil {
		return err
	}
	if sync {
		if err := tmp.Sync(); err != nil {
			return err
		}
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return err
	}
	// Not every file system can sync a directory; the file is safe anyway.
	if !sync {
		return nil
	}
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync()
		d.Close()
	}
	return nil
}
