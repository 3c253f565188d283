package images

import (
	"archive/tar"
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// makeTree writes a small root file system with every kind of entry a
// layer holds.
func makeTree(t *testing.T, root string) {
	t.Helper()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(os.MkdirAll(filepath.Join(root, "bin"), 0o755))
	must(os.MkdirAll(filepath.Join(root, "usr/share/doc/pkg"), 0o755))
	must(os.MkdirAll(filepath.Join(root, "usr/share/man/man1"), 0o755))
	must(os.WriteFile(filepath.Join(root, "bin/tool"), []byte("#!/bin/sh\necho tool\n"), 0o755))
	must(os.Link(filepath.Join(root, "bin/tool"), filepath.Join(root, "bin/tool2")))
	must(os.Symlink("tool", filepath.Join(root, "bin/sh")))
	must(os.WriteFile(filepath.Join(root, "usr/share/doc/pkg/copyright"), []byte("c"), 0o644))
	must(os.WriteFile(filepath.Join(root, "usr/share/doc/pkg/changelog.gz"), []byte("x"), 0o644))
	must(os.WriteFile(filepath.Join(root, "usr/share/man/man1/tool.1"), []byte("m"), 0o644))
	must(writeFiles(root, []file{{Path: "tmp", Mode: fs.ModeDir | fs.ModeSticky | 0o777}}))
	must(os.WriteFile(filepath.Join(root, "bin/suid"), nil, 0o755))
	must(os.Chmod(filepath.Join(root, "bin/suid"), 0o755|os.ModeSetuid))
}

// listTar is one line per entry: type, mode, owner, time, name, link.
func listTar(t *testing.T, data []byte) string {
	t.Helper()
	var b strings.Builder
	tr := tar.NewReader(bytes.NewReader(data))
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return b.String()
		}
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&b, "%c %04o %d:%d %s %s", h.Typeflag, h.Mode, h.Uid, h.Gid, h.ModTime.UTC().Format("2006-01-02"), h.Name)
		if h.Linkname != "" {
			fmt.Fprintf(&b, " -> %s", h.Linkname)
		}
		b.WriteString("\n")
	}
}

// TestWriteTar: a layer depends on names, contents, modes and links
// alone: touching every file changes nothing, and docs are left out.
func TestWriteTar(t *testing.T) {
	root := t.TempDir()
	makeTree(t, root)
	var first bytes.Buffer
	if err := writeTar(&first, root, skipDocs); err != nil {
		t.Fatal(err)
	}
	later := time.Now().Add(time.Hour)
	filepath.Walk(root, func(path string, _ os.FileInfo, _ error) error {
		os.Chtimes(path, later, later)
		return nil
	})
	var second bytes.Buffer
	if err := writeTar(&second, root, skipDocs); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(first.Bytes(), second.Bytes()) {
		t.Error("the tar changed when only the files' times did")
	}
	want := `5 0755 0:0 2000-01-01 bin/
2 0777 0:0 2000-01-01 bin/sh -> tool
0 4755 0:0 2000-01-01 bin/suid
0 0755 0:0 2000-01-01 bin/tool
1 0755 0:0 2000-01-01 bin/tool2 -> bin/tool
5 1777 0:0 2000-01-01 tmp/
5 0755 0:0 2000-01-01 usr/
5 0755 0:0 2000-01-01 usr/share/
5 0755 0:0 2000-01-01 usr/share/doc/
5 0755 0:0 2000-01-01 usr/share/doc/pkg/
0 0644 0:0 2000-01-01 usr/share/doc/pkg/copyright
`
	if got := listTar(t, first.Bytes()); got != want {
		t.Errorf("entries:\n%s\nwant:\n%s", got, want)
	}
}

func TestSkipDocs(t *testing.T) {
	for rel, want := range map[string]bool{
		"usr/share/man":                     true,
		"usr/share/locale":                  true,
		"usr/share/doc":                     false,
		"usr/share/doc/curl":                false,
		"usr/share/doc/curl/copyright":      false,
		"usr/share/doc/curl/changelog.gz":   true,
		"usr/share/doc/curl/examples/a.c":   true,
		"usr/share/nginx/html/index.html":   false,
		"usr/share/ca-certificates/a/b.crt": false,
	} {
		if got := skipDocs(rel); got != want {
			t.Errorf("skipDocs(%q) = %v, want %v", rel, got, want)
		}
	}
}

// TestLayerDigestStable: the same tree gives the same layer digest and
// diff ID, compressed twice.
func TestLayerDigestStable(t *testing.T) {
	root, work := t.TempDir(), t.TempDir()
	makeTree(t, root)
	var digests []string
	for i := range 2 {
		l, err := layerFromDir(root, filepath.Join(work, fmt.Sprint(i)), nil)
		if err != nil {
			t.Fatal(err)
		}
		d, _ := l.Digest()
		id, _ := l.DiffID()
		digests = append(digests, d.String()+" "+id.String())
	}
	if digests[0] != digests[1] {
		t.Errorf("two layers of one tree: %q and %q", digests[0], digests[1])
	}
}
