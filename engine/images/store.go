package images

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/layout"
	"github.com/google/go-containerregistry/pkg/v1/types"
)

// The annotations a store's index.json keeps on each image's descriptor.
const (
	// annotationName is the image's name in the store (OCI's own key).
	annotationName = "org.opencontainers.image.ref.name"
	// annotationRepos lists the repositories the image answers to,
	// canonical (Repository), comma-separated.
	annotationRepos = "run.tutor.images.repositories"
	// annotationSource says where the image came from: a Source.
	annotationSource = "run.tutor.images.source"
	// annotationOrigin is what it was made from: the binary's path, size
	// and modification time (SourceBinary), a fingerprint of the recipe
	// and the copied files (SourceLocal), or the directory or tar given
	// to Add.
	annotationOrigin = "run.tutor.images.origin"
)

// Source is where an image of a store came from.
type Source string

const (
	// SourceBuilt: Build made it from its recipe (Debian packages, pause).
	SourceBuilt Source = "built"
	// SourceBinary: Build made it from one of Options.Binaries.
	SourceBinary Source = "binary"
	// SourceAdded: Add put it there (tutor sandbox images add).
	SourceAdded Source = "added"
	// SourceLocal: Build made it from one of Options.Local.
	SourceLocal Source = "local"
)

// Image is one image of a store.
type Image struct {
	Name         string   // its name in the store: nginx, curl, shell, pause, or as added
	Repositories []string // the canonical repositories it answers to
	Source       Source
	Origin       string          // the binary or the directory or tar it was made from, if any
	Digest       v1.Hash         // of its manifest
	MediaType    types.MediaType // of its manifest
	Size         int64           // manifest, config and layers, compressed
}

// Store is a directory holding an OCI image layout whose index names each
// image (annotationName) and the repositories it answers to. It reads
// index.json again when the file changes, so a registry serving the store
// sees images added while it runs.
type Store struct {
	dir  string
	path layout.Path

	mu        sync.Mutex
	stamp     fileStamp
	images    []Image
	manifests map[v1.Hash]v1.Descriptor
}

// fileStamp tells a changed file from an unchanged one cheaply.
type fileStamp struct {
	mod  time.Time
	size int64
}

// Open opens the store in dir, which Build or a previous Open made.
func Open(dir string) (*Store, error) {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	if _, err := os.Stat(filepath.Join(dir, "oci-layout")); err != nil {
		return nil, fmt.Errorf("open image store: %s is not an OCI image layout: %w", dir, err)
	}
	s := &Store{dir: dir, path: layout.Path(dir)}
	if err := s.refresh(); err != nil {
		return nil, err
	}
	return s, nil
}

// Dir is the store's directory.
func (s *Store) Dir() string { return s.dir }

// Names are the names of the store's images, sorted.
func (s *Store) Names() []string {
	var names []string
	for _, img := range s.Images() {
		names = append(names, img.Name)
	}
	sort.Strings(names)
	return slices.Compact(names)
}

// Images are the store's images, in the order of its index.
func (s *Store) Images() []Image {
	s.refresh() // on error, the images last read
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.images)
}

// Resolve finds the image that answers to repository, any reference form
// (Repository): images made from Options.Binaries or added come before
// the built ones, and the latest added first, so that an added nginx
// replaces the built one.
func (s *Store) Resolve(repository string) (Image, bool) {
	repo, err := Repository(repository)
	if err != nil {
		return Image{}, false
	}
	return s.resolve(repo)
}

// resolve finds the image for a canonical repository name.
func (s *Store) resolve(repo string) (Image, bool) {
	s.refresh()
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, built := range []bool{false, true} {
		for i := len(s.images) - 1; i >= 0; i-- {
			img := s.images[i]
			if (img.Source == SourceBuilt) == built && slices.Contains(img.Repositories, repo) {
				return img, true
			}
		}
	}
	return Image{}, false
}

// manifest is the descriptor of a manifest the store holds.
func (s *Store) manifest(h v1.Hash) (v1.Descriptor, bool) {
	s.refresh()
	s.mu.Lock()
	defer s.mu.Unlock()
	d, ok := s.manifests[h]
	return d, ok
}

// blobPath is where the blob h is, whether or not it exists.
func (s *Store) blobPath(h v1.Hash) string {
	return filepath.Join(s.dir, "blobs", h.Algorithm, h.Hex)
}

// refresh reads index.json again when it changed since it was last read.
// A file caught half written is an error and the last reading stays.
func (s *Store) refresh() error {
	fi, err := os.Stat(filepath.Join(s.dir, "index.json"))
	if err != nil {
		return fmt.Errorf("image store %s: %w", s.dir, err)
	}
	stamp := fileStamp{fi.ModTime(), fi.Size()}
	s.mu.Lock()
	same := s.stamp == stamp && s.manifests != nil
	s.mu.Unlock()
	if same {
		return nil
	}
	images, manifests, err := s.read()
	if err != nil {
		return err
	}
	s.mu.Lock()
	s.stamp, s.images, s.manifests = stamp, images, manifests
	s.mu.Unlock()
	return nil
}

// read reads the index and the size of every image.
func (s *Store) read() ([]Image, map[v1.Hash]v1.Descriptor, error) {
	raw, err := os.ReadFile(filepath.Join(s.dir, "index.json"))
	if err != nil {
		return nil, nil, fmt.Errorf("image store %s: %w", s.dir, err)
	}
	index, err := v1.ParseIndexManifest(bytes.NewReader(raw))
	if err != nil {
		return nil, nil, fmt.Errorf("image store %s: index.json: %w", s.dir, err)
	}
	var images []Image
	manifests := map[v1.Hash]v1.Descriptor{}
	for _, d := range index.Manifests {
		manifests[d.Digest] = d
		name := d.Annotations[annotationName]
		if name == "" || !d.MediaType.IsImage() {
			continue
		}
		img := Image{Name: name, Source: Source(d.Annotations[annotationSource]), Origin: d.Annotations[annotationOrigin],
			Digest: d.Digest, MediaType: d.MediaType, Size: d.Size}
		if repos := d.Annotations[annotationRepos]; repos != "" {
			img.Repositories = strings.Split(repos, ",")
		}
		if m, err := s.readManifest(d.Digest); err == nil {
			img.Size += m.Config.Size
			for _, l := range m.Layers {
				img.Size += l.Size
			}
		}
		images = append(images, img)
	}
	return images, manifests, nil
}

// readManifest reads and parses the image manifest h.
func (s *Store) readManifest(h v1.Hash) (*v1.Manifest, error) {
	f, err := os.Open(s.blobPath(h))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return v1.ParseManifest(f)
}
