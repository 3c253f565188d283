package images

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// writeFiles writes files into root, replacing what is at their paths.
// Modes are set exactly (no umask), sticky bits included.
func writeFiles(root string, files []file) error {
	for _, f := range files {
		path := filepath.Join(root, filepath.FromSlash(f.Path))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return err
		}
		if f.Mode.IsDir() {
			if fi, err := os.Lstat(path); err == nil && !fi.IsDir() {
				os.Remove(path)
			}
			if err := os.MkdirAll(path, 0o755); err != nil {
				return err
			}
			if err := os.Chmod(path, f.Mode&(fs.ModePerm|fs.ModeSticky|fs.ModeSetuid|fs.ModeSetgid)); err != nil {
				return err
			}
			continue
		}
		if err := os.RemoveAll(path); err != nil {
			return err
		}
		if f.Mode&fs.ModeSymlink != 0 {
			if err := os.Symlink(f.Data, path); err != nil {
				return err
			}
			continue
		}
		if err := os.WriteFile(path, []byte(f.Data), f.Mode.Perm()); err != nil {
			return err
		}
		if err := os.Chmod(path, f.Mode.Perm()); err != nil {
			return err
		}
	}
	return nil
}

// busyboxPath is where busybox-static puts its binary.
const busyboxPath = "bin/busybox"

// linkApplets links each applet of root's busybox that no package put in
// place (in /bin or /usr/bin alike: the packages' real tools win) to
// /bin/busybox, as busybox --install would. It asks the binary itself for
// its applets: it is static, so it runs on this machine.
func linkApplets(ctx context.Context, root string) (int, error) {
	out, err := run(ctx, "", nil, filepath.Join(root, busyboxPath), "--list-full")
	if err != nil {
		return 0, err
	}
	n := 0
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		rel := strings.TrimSpace(sc.Text())
		if rel == "" || rel == busyboxPath || provided(root, rel) {
			continue
		}
		path := filepath.Join(root, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return n, err
		}
		if err := os.Symlink("/"+busyboxPath, path); err != nil {
			return n, err
		}
		n++
	}
	return n, sc.Err()
}

// provided reports whether root has the command rel (bin/ls, usr/sbin/x)
// in any of the directories of PATH a merged /usr makes one.
func provided(root, rel string) bool {
	base := filepath.Base(rel)
	for _, dir := range []string{"bin", "sbin", "usr/bin", "usr/sbin", "usr/local/bin"} {
		if _, err := os.Lstat(filepath.Join(root, dir, base)); err == nil {
			return true
		}
	}
	return false
}

// caBundle is where Debian's TLS libraries (OpenSSL, GnuTLS) and curl read
// the trusted certificates.
const caBundle = "etc/ssl/certs/ca-certificates.crt"

// writeCABundle writes the bundle update-ca-certificates would have: the
// certificates ca-certificates.conf selects (a line starting with ! is
// deselected), in its order, or, with no such file (its maintainer
// script writes it), every certificate the package ships, as that
// script's default selects them.
func writeCABundle(root string) (int, error) {
	shipped := filepath.Join(root, "usr", "share", "ca-certificates")
	var certs []string
	if conf, err := os.ReadFile(filepath.Join(root, "etc", "ca-certificates.conf")); err == nil {
		for _, line := range strings.Split(string(conf), "\n") {
			line = strings.TrimSpace(line)
			if line != "" && !strings.HasPrefix(line, "#") && !strings.HasPrefix(line, "!") {
				certs = append(certs, filepath.Join(shipped, filepath.FromSlash(line)))
			}
		}
	} else {
		err := filepath.WalkDir(shipped, func(path string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() && strings.HasSuffix(path, ".crt") {
				certs = append(certs, path)
			}
			return err
		})
		if err != nil {
			return 0, fmt.Errorf("CA bundle: %w (is ca-certificates among the packages?)", err)
		}
	}
	if len(certs) == 0 {
		return 0, fmt.Errorf("CA bundle: no certificate in %s", shipped)
	}
	var bundle bytes.Buffer
	for _, c := range certs {
		pem, err := os.ReadFile(c)
		if err != nil {
			return 0, fmt.Errorf("CA bundle: %w", err)
		}
		bundle.Write(pem)
		if len(pem) > 0 && pem[len(pem)-1] != '\n' {
			bundle.WriteByte('\n')
		}
	}
	path := filepath.Join(root, filepath.FromSlash(caBundle))
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return 0, err
	}
	return len(certs), os.WriteFile(path, bundle.Bytes(), 0o644)
}

// skipDocs leaves out of a layer what only people reading on the machine
// use: manual pages, info, translations and documentation, except each
// package's copyright file.
func skipDocs(rel string) bool {
	switch rel {
	case "usr/share/man", "usr/share/info", "usr/share/locale", "usr/share/lintian", "usr/share/bug":
		return true
	}
	if p := strings.Split(rel, "/"); len(p) > 4 && p[0] == "usr" && p[1] == "share" && p[2] == "doc" {
		return !(len(p) == 5 && p[4] == "copyright")
	}
	return false
}
