// Package installdir is what builds into a cache directory share: a lock
// that two builds take turns on, the swap of a finished temporary
// directory into place, progress lines, and the sizes they report.
package installdir

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"time"

	"github.com/tutor-run/tutor/engine/internal/syncio"
)

// Lock takes an exclusive flock on path, creating the file, until ctx
// ends; waiting is called once if another holder makes it wait.
func Lock(ctx context.Context, path string, waiting func()) (unlock func(), err error) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, err
	}
	for waited := false; ; waited = true {
		err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
		if err == nil {
			return func() { f.Close() }, nil
		}
		if !errors.Is(err, syscall.EWOULDBLOCK) {
			f.Close()
			return nil, fmt.Errorf("lock %s: %w", path, err)
		}
		if !waited && waiting != nil {
			waiting()
		}
		select {
		case <-ctx.Done():
			f.Close()
			return nil, ctx.Err()
		case <-time.After(300 * time.Millisecond):
		}
	}
}

// Replace renames tmp to dir, moving an older dir out of the way first
// and removing it after.
func Replace(tmp, dir string) error {
	if _, err := os.Lstat(dir); err != nil {
		return os.Rename(tmp, dir)
	}
	old := fmt.Sprintf("%s.tmp-old-%d", dir, os.Getpid())
	if err := os.Rename(dir, old); err != nil {
		return err
	}
	if err := os.Rename(tmp, dir); err != nil {
		return errors.Join(err, os.Rename(old, dir))
	}
	return os.RemoveAll(old)
}

// Size sums the sizes of the regular files under dir, in MiB.
func Size(dir string) string {
	var n int64
	filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() {
			if fi, err := d.Info(); err == nil {
				n += fi.Size()
			}
		}
		return nil
	})
	return MiB(n)
}

// MiB writes n bytes in MiB with one decimal.
func MiB(n int64) string { return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20)) }

// CopyFile copies the regular file src to a new file dst with mode perm.
func CopyFile(src, dst string, perm fs.FileMode) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_CREATE|os.O_EXCL|os.O_WRONLY, perm)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	if err := out.Close(); err != nil {
		return err
	}
	return os.Chmod(dst, perm)
}

// CopyTree copies the directory src to dst, which must not exist: its
// directories, regular files and symbolic links, except those whose slash
// path relative to src skip accepts (a skipped directory is not entered).
// The copies are the caller's to change, whatever the sources' modes (the
// Go module cache's are read-only): directories get 0755, files 0644, or
// 0755 when any execute bit is set.
func CopyTree(src, dst string, skip func(rel string) bool) error {
	return filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, path)
		if err != nil {
			return err
		}
		if rel != "." && skip != nil && skip(filepath.ToSlash(rel)) {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		target := filepath.Join(dst, rel)
		switch {
		case d.IsDir():
			return os.Mkdir(target, 0o755)
		case d.Type()&fs.ModeSymlink != 0:
			link, err := os.Readlink(path)
			if err != nil {
				return err
			}
			return os.Symlink(link, target)
		case d.Type().IsRegular():
			fi, err := d.Info()
			if err != nil {
				return err
			}
			perm := fs.FileMode(0o644)
			if fi.Mode()&0o111 != 0 {
				perm = 0o755
			}
			return CopyFile(path, target, perm)
		}
		return nil // sockets, devices: nothing a build reads
	})
}

// Log writes a build's progress lines, "tutor: ...", from any goroutine.
type Log struct {
	w  io.Writer
	t0 time.Time
}

// NewLog writes to w; nil discards.
func NewLog(w io.Writer) *Log {
	if w == nil {
		w = io.Discard
	}
	return &Log{w: &syncio.Writer{W: w}, t0: time.Now()}
}

// Printf writes a line.
func (l *Log) Printf(format string, args ...any) {
	fmt.Fprintf(l.w, "tutor: %s\n", fmt.Sprintf(format, args...))
}

// Writer is where the lines go, for a build tool's own output.
func (l *Log) Writer() io.Writer { return l.w }

// Step writes a line with the time since NewLog.
func (l *Log) Step(format string, args ...any) {
	fmt.Fprintf(l.w, "tutor: [+%s] %s\n", time.Since(l.t0).Round(100*time.Millisecond), fmt.Sprintf(format, args...))
}
