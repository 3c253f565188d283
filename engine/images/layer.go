package images

import (
	"archive/tar"
	"bufio"
	"compress/gzip"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"time"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/empty"
	"github.com/google/go-containerregistry/pkg/v1/layout"
	"github.com/google/go-containerregistry/pkg/v1/mutate"
	"github.com/google/go-containerregistry/pkg/v1/tarball"
	"github.com/google/go-containerregistry/pkg/v1/types"
)

// epoch is the modification time of every file in a layer made here and
// the creation time of every image, so that a rebuild from the same files
// gives the same digests.
var epoch = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)

// defaultPath is the PATH of every image made here.
const defaultPath = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

// writeTar writes the tree under root to w as a tar archive that depends
// on the tree's names, contents, modes and links alone: entries in
// lexical order, owned by root, all with the time epoch. Hard links
// within the tree stay links. skip, when not nil, leaves out the entries
// whose slash-separated path relative to root it accepts (a skipped
// directory with all it holds).
func writeTar(w io.Writer, root string, skip func(rel string) bool) error {
	tw := tar.NewWriter(w)
	seen := map[[2]uint64]string{} // device and inode of a hard-linked file: its first name
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(root, path)
		if err != nil || rel == "." {
			return err
		}
		rel = filepath.ToSlash(rel)
		if skip != nil && skip(rel) {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		fi, err := d.Info()
		if err != nil {
			return err
		}
		h := &tar.Header{Name: rel, ModTime: epoch, Mode: int64(fi.Mode().Perm())}
		if fi.Mode()&fs.ModeSetuid != 0 {
			h.Mode |= 0o4000
		}
		if fi.Mode()&fs.ModeSetgid != 0 {
			h.Mode |= 0o2000
		}
		if fi.Mode()&fs.ModeSticky != 0 {
			h.Mode |= 0o1000
		}
		switch {
		case fi.Mode().IsDir():
			h.Typeflag, h.Name = tar.TypeDir, rel+"/"
		case fi.Mode()&fs.ModeSymlink != 0:
			h.Typeflag = tar.TypeSymlink
			if h.Linkname, err = os.Readlink(path); err != nil {
				return err
			}
		case fi.Mode().IsRegular():
			if st, ok := fi.Sys().(*syscall.Stat_t); ok && st.Nlink > 1 {
				key := [2]uint64{st.Dev, st.Ino}
				if first, ok := seen[key]; ok {
					h.Typeflag, h.Linkname = tar.TypeLink, first
					return tw.WriteHeader(h)
				}
				seen[key] = rel
			}
			h.Typeflag, h.Size = tar.TypeReg, fi.Size()
		default:
			return fmt.Errorf("%s: a %s cannot go into an image layer", path, fi.Mode().Type())
		}
		if err := tw.WriteHeader(h); err != nil {
			return err
		}
		if h.Typeflag == tar.TypeReg {
			return copyFile(tw, path)
		}
		return nil
	})
	if err != nil {
		return err
	}
	return tw.Close()
}

func copyFile(w io.Writer, path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	_, err = io.Copy(w, f)
	return err
}

// layerFromDir writes the tree under root (less what skip accepts) to
// file as a gzip-compressed tar and returns it as an OCI layer.
func layerFromDir(root, file string, skip func(string) bool) (v1.Layer, error) {
	f, err := os.Create(file)
	if err != nil {
		return nil, err
	}
	bw := bufio.NewWriterSize(f, 1<<20)
	zw, err := gzip.NewWriterLevel(bw, gzip.BestSpeed)
	if err != nil {
		f.Close()
		return nil, err
	}
	err = writeTar(zw, root, skip)
	if err == nil {
		err = zw.Close()
	}
	if err == nil {
		err = bw.Flush()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return nil, fmt.Errorf("layer of %s: %w", root, err)
	}
	return tarball.LayerFromFile(file, tarball.WithMediaType(types.OCILayer))
}

// newImage makes a linux image of this machine's architecture from one
// layer, with OCI media types, the default PATH unless cfg sets one, and
// the time epoch.
func newImage(layer v1.Layer, cfg v1.Config, createdBy string) (v1.Image, error) {
	base := mutate.ConfigMediaType(mutate.MediaType(empty.Image, types.OCIManifestSchema1), types.OCIConfigJSON)
	img, err := mutate.Append(base, mutate.Addendum{Layer: layer, MediaType: types.OCILayer,
		History: v1.History{Created: v1.Time{Time: epoch}, CreatedBy: createdBy}})
	if err != nil {
		return nil, err
	}
	cf, err := img.ConfigFile()
	if err != nil {
		return nil, err
	}
	cf = cf.DeepCopy()
	cf.OS, cf.Architecture, cf.Created = "linux", runtime.GOARCH, v1.Time{Time: epoch}
	if !hasEnv(cfg.Env, "PATH") {
		cfg.Env = append([]string{defaultPath}, cfg.Env...)
	}
	cf.Config = cfg
	return mutate.ConfigFile(img, cf)
}

func hasEnv(env []string, name string) bool {
	for _, e := range env {
		if strings.HasPrefix(e, name+"=") {
			return true
		}
	}
	return false
}

// entry is how an image is named in a store's index.
type entry struct {
	name   string
	repos  []string
	source Source
	origin string
}

// annotations are the index annotations of e.
func (e entry) annotations() map[string]string {
	a := map[string]string{
		annotationName:   e.name,
		annotationRepos:  strings.Join(e.repos, ","),
		annotationSource: string(e.source),
	}
	if e.origin != "" {
		a[annotationOrigin] = e.origin
	}
	return a
}

// appendImage writes img's blobs into the layout p and adds it to p's
// index under e.
func appendImage(p layout.Path, img v1.Image, e entry) error {
	cf, err := img.ConfigFile()
	if err != nil {
		return err
	}
	return p.AppendImage(img, layout.WithAnnotations(e.annotations()),
		layout.WithPlatform(v1.Platform{OS: cf.OS, Architecture: cf.Architecture, Variant: cf.Variant}))
}
