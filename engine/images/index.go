package images

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/layout"
	"github.com/google/go-containerregistry/pkg/v1/partial"

	"github.com/tutor-run/tutor/engine/atomicfile"
)

// putImage writes img's blobs into the layout in dir and names it in the
// index under e, in place of the image of that name and source if there
// is one (an added nginx stands beside the built one); the blobs only the
// replaced image used are removed. The index is replaced in one
// rename, so a registry serving the store never reads half of it.
func putImage(dir string, img v1.Image, e entry) error {
	p := layout.Path(dir)
	if err := p.WriteImage(img); err != nil {
		return err
	}
	d, err := partial.Descriptor(img)
	if err != nil {
		return err
	}
	cf, err := img.ConfigFile()
	if err != nil {
		return err
	}
	d.Annotations = e.annotations()
	d.Platform = &v1.Platform{OS: cf.OS, Architecture: cf.Architecture, Variant: cf.Variant}
	index, err := readIndex(dir)
	if err != nil {
		return err
	}
	kept := index.Manifests[:0]
	replaced := false
	for _, m := range index.Manifests {
		if m.Annotations[annotationName] == e.name && m.Annotations[annotationSource] == string(e.source) {
			replaced = true
			continue
		}
		kept = append(kept, m)
	}
	index.Manifests = append(kept, *d)
	if err := writeIndex(dir, index); err != nil {
		return err
	}
	if replaced {
		return collectGarbage(dir, index)
	}
	return nil
}

// newLayout makes an empty OCI image layout in dir.
func newLayout(dir string) error {
	if err := os.MkdirAll(filepath.Join(dir, "blobs", "sha256"), 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "oci-layout"), []byte(`{"imageLayoutVersion":"1.0.0"}`+"\n"), 0o644); err != nil {
		return err
	}
	return writeIndex(dir, &v1.IndexManifest{SchemaVersion: 2, MediaType: "application/vnd.oci.image.index.v1+json"})
}

func readIndex(dir string) (*v1.IndexManifest, error) {
	raw, err := os.ReadFile(filepath.Join(dir, "index.json"))
	if err != nil {
		return nil, err
	}
	return v1.ParseIndexManifest(bytes.NewReader(raw))
}

func writeIndex(dir string, index *v1.IndexManifest) error {
	raw, err := json.MarshalIndent(index, "", "  ")
	if err != nil {
		return err
	}
	return atomicfile.Write(filepath.Join(dir, "index.json"), append(raw, '\n'), 0o644)
}

// collectGarbage removes the blobs no image of index refers to.
func collectGarbage(dir string, index *v1.IndexManifest) error {
	s := &Store{dir: dir}
	keep := map[v1.Hash]bool{}
	for _, d := range index.Manifests {
		keep[d.Digest] = true
		m, err := s.readManifest(d.Digest)
		if err != nil {
			return fmt.Errorf("collect garbage: %w", err)
		}
		keep[m.Config.Digest] = true
		for _, l := range m.Layers {
			keep[l.Digest] = true
		}
	}
	blobs := filepath.Join(dir, "blobs", "sha256")
	entries, err := os.ReadDir(blobs)
	if err != nil {
		return err
	}
	for _, e := range entries {
		if !keep[v1.Hash{Algorithm: "sha256", Hex: e.Name()}] {
			os.Remove(filepath.Join(blobs, e.Name()))
		}
	}
	return nil
}
