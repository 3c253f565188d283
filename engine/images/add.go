package images

import (
	"archive/tar"
	"bufio"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"strings"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/layout"
	"github.com/google/go-containerregistry/pkg/v1/tarball"

	"github.com/tutor-run/tutor/engine/internal/installdir"
)

// ErrNoEntrypoint is Add's answer to a directory with no /bin/sh and no
// entrypoint given: the image would have nothing to run.
var ErrNoEntrypoint = errors.New("it has no /bin/sh to run by default, so the image needs an entrypoint")

// Add puts the image src into the store under name (a repository, any
// reference form; a tag is ignored: the image answers to every tag). src
// is a root file system directory, or a tar: a docker-archive (docker
// save) or an OCI image layout, gzip-compressed or not. A directory's
// image runs entrypoint when given, else sh when it has /bin/sh. An image
// added before under the name is replaced; an added image comes before a
// built one of the same repository.
func (s *Store) Add(name, src string, entrypoint ...string) error {
	if strings.Contains(name, "@") {
		return fmt.Errorf("add %s: give the image a name, not a digest", name)
	}
	repo, err := Repository(name)
	if err != nil {
		return fmt.Errorf("add: %w", err)
	}
	if i := strings.LastIndexByte(name, ':'); i > strings.LastIndexByte(name, '/') {
		name = name[:i]
	}
	src, err = filepath.Abs(src)
	if err != nil {
		return err
	}
	fi, err := os.Stat(src)
	if err != nil {
		return fmt.Errorf("add %s: %w", name, err)
	}
	work, err := os.MkdirTemp(filepath.Dir(s.dir), filepath.Base(s.dir)+".tmp-work-")
	if err != nil {
		return fmt.Errorf("add %s: %w", name, err)
	}
	defer os.RemoveAll(work)
	var img v1.Image
	if fi.IsDir() {
		img, err = dirImage(src, work, entrypoint)
	} else {
		img, err = tarImage(src, work)
	}
	if err != nil {
		return fmt.Errorf("add %s from %s: %w", name, src, err)
	}
	cf, err := img.ConfigFile()
	if err != nil {
		return fmt.Errorf("add %s from %s: %w", name, src, err)
	}
	if cf.OS != "linux" || cf.Architecture != runtime.GOARCH {
		return fmt.Errorf("add %s from %s: the image is for %s/%s; the sandbox's node runs linux/%s", name, src, cf.OS, cf.Architecture, runtime.GOARCH)
	}
	unlock, err := installdir.Lock(context.Background(), s.dir+".lock", nil)
	if err != nil {
		return err
	}
	defer unlock()
	if err := putImage(s.dir, img, entry{name: name, repos: []string{repo}, source: SourceAdded, origin: src}); err != nil {
		return fmt.Errorf("add %s: %w", name, err)
	}
	return s.refresh()
}

// dirImage makes an image of the root file system root.
func dirImage(root, work string, entrypoint []string) (v1.Image, error) {
	cfg := v1.Config{Entrypoint: entrypoint}
	if len(entrypoint) == 0 {
		if _, err := os.Stat(filepath.Join(root, "bin", "sh")); err != nil {
			return nil, ErrNoEntrypoint
		}
		cfg.Cmd = []string{"sh"}
	}
	layer, err := layerFromDir(root, filepath.Join(work, "layer.tar.gz"), nil)
	if err != nil {
		return nil, err
	}
	return newImage(layer, cfg, "tutor sandbox images add "+root)
}

// tarImage reads the image in the tar file src: a docker-archive or an
// OCI image layout.
func tarImage(src, work string) (v1.Image, error) {
	tarPath, err := gunzipped(src, work)
	if err != nil {
		return nil, err
	}
	names, err := tarNames(tarPath)
	if err != nil {
		return nil, err
	}
	switch {
	case names["manifest.json"]:
		img, err := tarball.ImageFromPath(tarPath, nil)
		if err != nil {
			return nil, fmt.Errorf("docker-archive: %w (save one image per tar)", err)
		}
		return img, nil
	case names["oci-layout"] && names["index.json"]:
		dir := filepath.Join(work, "layout")
		if err := untar(tarPath, dir); err != nil {
			return nil, err
		}
		return layoutImage(dir)
	}
	return nil, errors.New("not a docker-archive (docker save) nor an OCI image layout: no manifest.json or oci-layout at its top")
}

// layoutImage is the image of the OCI layout in dir for this machine: its
// only image, or the one for linux and this architecture.
func layoutImage(dir string) (v1.Image, error) {
	index, err := layout.ImageIndexFromPath(dir)
	if err != nil {
		return nil, err
	}
	return pickImage(index, 0)
}

// pickImage finds the image for linux/GOARCH in index, nested indexes
// included.
func pickImage(index v1.ImageIndex, depth int) (v1.Image, error) {
	m, err := index.IndexManifest()
	if err != nil {
		return nil, err
	}
	var found []v1.Image
	for _, d := range m.Manifests {
		switch {
		case d.MediaType.IsIndex() && depth < 2:
			child, err := index.ImageIndex(d.Digest)
			if err != nil {
				return nil, err
			}
			if img, err := pickImage(child, depth+1); err == nil {
				found = append(found, img)
			}
		case d.MediaType.IsImage():
			if d.Platform != nil && (d.Platform.OS != "linux" || d.Platform.Architecture != runtime.GOARCH) {
				continue
			}
			img, err := index.Image(d.Digest)
			if err != nil {
				return nil, err
			}
			found = append(found, img)
		}
	}
	switch len(found) {
	case 0:
		return nil, fmt.Errorf("the OCI layout has no image for linux/%s", runtime.GOARCH)
	case 1:
		return found[0], nil
	}
	return nil, fmt.Errorf("the OCI layout has %d images for linux/%s: save one", len(found), runtime.GOARCH)
}

// gunzipped is src, or a decompressed copy of it in work when it is
// gzip-compressed.
func gunzipped(src, work string) (string, error) {
	f, err := os.Open(src)
	if err != nil {
		return "", err
	}
	defer f.Close()
	br := bufio.NewReader(f)
	magic, _ := br.Peek(2)
	if len(magic) < 2 || magic[0] != 0x1f || magic[1] != 0x8b {
		return src, nil
	}
	zr, err := gzip.NewReader(br)
	if err != nil {
		return "", err
	}
	out := filepath.Join(work, "image.tar")
	w, err := os.Create(out)
	if err != nil {
		return "", err
	}
	if _, err := io.Copy(w, zr); err != nil {
		w.Close()
		return "", err
	}
	return out, w.Close()
}

// tarNames are the cleaned names of the entries in the tar file path.
func tarNames(path string) (map[string]bool, error) {
	names := map[string]bool{}
	err := eachTarEntry(path, func(h *tar.Header, _ io.Reader) error {
		names[cleanName(h.Name)] = true
		return nil
	})
	return names, err
}

// untar extracts the regular files and directories of the tar file
// into dir, refusing names that leave it.
func untar(file, dir string) error {
	return eachTarEntry(file, func(h *tar.Header, r io.Reader) error {
		name := cleanName(h.Name)
		if name == "." {
			return nil
		}
		if name == ".." || strings.HasPrefix(name, "../") || path.IsAbs(name) {
			return fmt.Errorf("tar entry %q leaves the archive", h.Name)
		}
		target := filepath.Join(dir, filepath.FromSlash(name))
		switch h.Typeflag {
		case tar.TypeDir:
			return os.MkdirAll(target, 0o755)
		case tar.TypeReg:
			if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
				return err
			}
			f, err := os.Create(target)
			if err != nil {
				return err
			}
			if _, err := io.Copy(f, r); err != nil {
				f.Close()
				return err
			}
			return f.Close()
		}
		return nil
	})
}

func eachTarEntry(path string, f func(*tar.Header, io.Reader) error) error {
	file, err := os.Open(path)
	if err != nil {
		return err
	}
	defer file.Close()
	tr := tar.NewReader(bufio.NewReader(file))
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("read tar %s: %w", path, err)
		}
		if err := f(h, tr); err != nil {
			return err
		}
	}
}

func cleanName(name string) string { return path.Clean(strings.TrimPrefix(name, "./")) }
