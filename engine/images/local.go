package images

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"

	v1 "github.com/google/go-containerregistry/pkg/v1"

	"github.com/tutor-run/tutor/engine/internal/installdir"
)

// Local is an image Build makes like its own images, from Debian packages,
// with files of this machine copied in: software built here (Cilium's
// agent, from tutor sandbox install cilium) with the tools it runs.
type Local struct {
	Name  string   // its name in the store
	Repos []string // the repositories it answers to, any reference form
	// Packages are Debian packages, unpacked with their dependencies as a
	// recipe's are; none for an image of copied files only. The CA bundle
	// is written when ca-certificates is among them.
	Packages []string
	Copies   []Copy
	// Links are symbolic links the packages' maintainer scripts would have
	// made (update-alternatives), by path in the image: their targets.
	Links  map[string]string
	Config v1.Config
}

// Copy is a file or directory of this machine that a Local image holds.
type Copy struct {
	Src  string // a regular file, or a directory copied whole
	Path string // where it goes in the image, relative to the root
}

// localImage is a Local as Build makes it: a recipe whose copies are
// written after its files, and its index entry.
type localImage struct {
	recipe recipe
	copies []Copy
	entry  entry
}

// localImages checks ls and fingerprints their sources: an image whose
// recipe or copied files changed (in name, size, mode or time) is made
// again.
func localImages(ls []Local) ([]localImage, error) {
	var out []localImage
	for _, l := range ls {
		var repos []string
		for _, r := range append([]string{l.Name}, l.Repos...) {
			repo, err := Repository(r)
			if err != nil {
				return nil, fmt.Errorf("local image %s: %w", l.Name, err)
			}
			if !slices.Contains(repos, repo) {
				repos = append(repos, repo)
			}
		}
		r := recipe{Name: l.Name, Repos: repos, Packages: l.Packages, CABundle: slices.Contains(l.Packages, "ca-certificates"), Config: l.Config}
		for _, path := range sortedKeys(l.Links) {
			r.Files = append(r.Files, file{Path: path, Mode: fs.ModeSymlink, Data: l.Links[path]})
		}
		h := sha256.New()
		if err := json.NewEncoder(h).Encode(struct {
			Format int
			Base   []file
			Recipe recipe
		}{formatVersion, baseFiles, r}); err != nil {
			return nil, err
		}
		copies := slices.Clone(l.Copies)
		for i, c := range copies {
			src, err := filepath.Abs(c.Src)
			if err != nil {
				return nil, err
			}
			copies[i].Src = src
			fmt.Fprintf(h, "copy %q %q\n", src, c.Path)
			err = filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
				if err != nil {
					return err
				}
				fi, err := d.Info()
				if err != nil {
					return err
				}
				fmt.Fprintf(h, "%q %v %d %d\n", p, fi.Mode(), fi.Size(), fi.ModTime().UnixNano())
				return nil
			})
			if err != nil {
				return nil, fmt.Errorf("local image %s: %w", l.Name, err)
			}
		}
		out = append(out, localImage{recipe: r, copies: copies,
			entry: entry{name: l.Name, repos: repos, source: SourceLocal, origin: "sha256:" + hex.EncodeToString(h.Sum(nil))[:16]}})
	}
	return out, nil
}

// current reports whether dir's index has an image of each entry of es
// (by name and source) made from the same origin.
func current(dir string, es []entry) bool {
	if len(es) == 0 {
		return true
	}
	index, err := readIndex(dir)
	if err != nil {
		return false
	}
	type key struct {
		name   string
		source Source
	}
	have := map[key]string{}
	for _, d := range index.Manifests {
		have[key{d.Annotations[annotationName], Source(d.Annotations[annotationSource])}] = d.Annotations[annotationOrigin]
	}
	for _, e := range es {
		if origin, ok := have[key{e.name, e.source}]; !ok || origin != e.origin {
			return false
		}
	}
	return true
}

// localEntries are the entries of ls.
func localEntries(ls []localImage) []entry {
	var es []entry
	for _, l := range ls {
		es = append(es, l.entry)
	}
	return es
}

// putLocal makes the images of ls that dir lacks or holds from other
// sources and puts them in the store dir.
func putLocal(ctx context.Context, o Options, dir string, ls []localImage, log *installdir.Log) error {
	var todo []localImage
	for _, l := range ls {
		if !current(dir, []entry{l.entry}) {
			todo = append(todo, l)
		}
	}
	if len(todo) == 0 {
		return nil
	}
	a, unlock, err := openApt(ctx, o, log)
	if err != nil {
		return err
	}
	defer unlock()
	work, err := os.MkdirTemp(filepath.Dir(dir), filepath.Base(dir)+".tmp-work-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(work)
	for _, l := range todo {
		img, err := debianImage(ctx, a, l.recipe, l.copies, work, log)
		if err != nil {
			return fmt.Errorf("%s: %w", l.recipe.Name, err)
		}
		if err := putImage(dir, img, l.entry); err != nil {
			return fmt.Errorf("%s: %w", l.recipe.Name, err)
		}
	}
	return nil
}

// copyInto copies cs into the root file system root, replacing what is at
// their paths.
func copyInto(root string, cs []Copy) error {
	for _, c := range cs {
		dst := filepath.Join(root, filepath.FromSlash(c.Path))
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return err
		}
		if err := os.RemoveAll(dst); err != nil {
			return err
		}
		fi, err := os.Stat(c.Src)
		if err != nil {
			return err
		}
		if fi.IsDir() {
			err = installdir.CopyTree(c.Src, dst, nil)
		} else {
			err = installdir.CopyFile(c.Src, dst, fi.Mode().Perm())
		}
		if err != nil {
			return fmt.Errorf("copy %s: %w", c.Src, err)
		}
	}
	return nil
}
