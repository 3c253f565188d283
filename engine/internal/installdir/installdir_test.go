package installdir

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"testing"
	"time"
)

// TestLock: a second Lock waits for the first, says so once, and gives up
// when its context ends.
func TestLock(t *testing.T) {
	path := filepath.Join(t.TempDir(), "dir.lock")
	unlock, err := Lock(context.Background(), path, nil)
	if err != nil {
		t.Fatal(err)
	}
	waits := 0
	ctx, cancel := context.WithTimeout(context.Background(), 700*time.Millisecond)
	defer cancel()
	if _, err := Lock(ctx, path, func() { waits++ }); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Lock while held: %v, want the context's end", err)
	}
	if waits != 1 {
		t.Errorf("waiting called %d times, want 1", waits)
	}
	unlock()
	unlock2, err := Lock(context.Background(), path, func() { t.Error("waited for a released lock") })
	if err != nil {
		t.Fatal(err)
	}
	unlock2()
}

// TestReplace: the finished directory takes the place of the old one,
// which is gone.
func TestReplace(t *testing.T) {
	base := t.TempDir()
	dir, tmp := filepath.Join(base, "dir"), filepath.Join(base, "dir.tmp-1")
	for _, d := range []string{dir, tmp} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(d, "from"), []byte(filepath.Base(d)), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := Replace(tmp, dir); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(filepath.Join(dir, "from")); string(got) != "dir.tmp-1" {
		t.Errorf("dir holds %q, want the new one's", got)
	}
	if entries, _ := os.ReadDir(base); len(entries) != 1 {
		t.Errorf("left %d entries beside dir, want none", len(entries)-1)
	}
	if got := Size(dir); got != "0.0 MiB" {
		t.Errorf("Size %q", got)
	}
}

// TestCopyFile: the copy has the mode asked for, and an existing file is
// not overwritten.
func TestCopyFile(t *testing.T) {
	dir := t.TempDir()
	src, dst := filepath.Join(dir, "src"), filepath.Join(dir, "dst")
	if err := os.WriteFile(src, []byte("data"), 0o444); err != nil {
		t.Fatal(err)
	}
	if err := CopyFile(src, dst, 0o755); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(dst); err != nil || fi.Mode().Perm() != 0o755 {
		t.Errorf("copy: %v, %v", fi, err)
	}
	if err := CopyFile(src, dst, 0o755); !errors.Is(err, os.ErrExist) {
		t.Errorf("copy over an existing file: %v", err)
	}
}

func TestLog(t *testing.T) {
	var b bytes.Buffer
	l := NewLog(&b)
	l.Printf("a %d", 1)
	l.Step("b")
	if !regexp.MustCompile(`^tutor: a 1\ntutor: \[\+\d+(\.\d+)?m?s\] b\n$`).MatchString(b.String()) {
		t.Errorf("log %q", b.String())
	}
}

// TestCopyTree: read-only sources give writable copies that keep their
// execute bits and links, skipped paths stay out, and an existing target
// is an error.
func TestCopyTree(t *testing.T) {
	src := filepath.Join(t.TempDir(), "src")
	for name, mode := range map[string]os.FileMode{"a.go": 0o444, "sub/run.sh": 0o555, "vendor/x.go": 0o444, "sub/vendor": 0o444} {
		p := filepath.Join(src, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(name), mode); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink("a.go", filepath.Join(src, "link")); err != nil {
		t.Fatal(err)
	}
	dst := filepath.Join(t.TempDir(), "dst")
	if err := CopyTree(src, dst, func(rel string) bool { return rel == "vendor" }); err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]os.FileMode{"a.go": 0o644, "sub/run.sh": 0o755, "sub/vendor": 0o644, "sub": os.ModeDir | 0o755} {
		fi, err := os.Stat(filepath.Join(dst, name))
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if got := fi.Mode() & (os.ModeDir | os.ModePerm); got != want {
			t.Errorf("%s: mode %v, want %v", name, got, want)
		}
	}
	if _, err := os.Stat(filepath.Join(dst, "vendor")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the skipped vendor was copied: %v", err)
	}
	if link, err := os.Readlink(filepath.Join(dst, "link")); err != nil || link != "a.go" {
		t.Errorf("link: %q, %v", link, err)
	}
	if err := CopyTree(src, dst, nil); !errors.Is(err, os.ErrExist) {
		t.Errorf("copy over an existing tree: %v", err)
	}
}
