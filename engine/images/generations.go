package images

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/layout"

	"github.com/tutor-run/tutor/engine/internal/installdir"
)

// A store is built once per Version, in a directory of that name; these
// are what a new one takes from the one before, and how the old ones go.

// newestSibling is the most recent other store beside dir, or "".
func newestSibling(dir string) string {
	best, bestTime := "", time.Time{}
	for _, s := range siblings(dir) {
		if fi, err := os.Stat(filepath.Join(s, stampFile)); err == nil && fi.ModTime().After(bestTime) {
			best, bestTime = s, fi.ModTime()
		}
	}
	return best
}

// siblings are the stores of other Versions beside dir.
func siblings(dir string) []string {
	entries, _ := os.ReadDir(filepath.Dir(dir))
	var out []string
	for _, e := range entries {
		path := filepath.Join(filepath.Dir(dir), e.Name())
		if e.IsDir() && versionDir.MatchString(e.Name()) && path != dir {
			if _, err := os.Stat(filepath.Join(path, stampFile)); err == nil {
				out = append(out, path)
			}
		}
	}
	return out
}

// pruneSiblings removes the stores of other Versions beside dir.
func pruneSiblings(dir string, log *installdir.Log) {
	for _, s := range siblings(dir) {
		if os.RemoveAll(s) == nil {
			os.Remove(s + ".lock")
			log.Printf("removed the images of an older tutor: %s", s)
		}
	}
}

// carryOver copies the images that are not built (added, or made from a
// binary) from the store prev, if any, into the layout tmp.
func carryOver(prev, tmp string, log *installdir.Log) error {
	if prev == "" {
		return nil
	}
	index, err := readIndex(prev)
	if err != nil {
		return nil // nothing to carry over
	}
	for _, d := range index.Manifests {
		e := entryOf(d)
		if e.source == SourceBuilt || e.name == "" {
			continue
		}
		img, err := layout.Path(prev).Image(d.Digest)
		if err != nil {
			return fmt.Errorf("carry %s over from %s: %w", e.name, prev, err)
		}
		if err := putImage(tmp, img, e); err != nil {
			return fmt.Errorf("carry %s over from %s: %w", e.name, prev, err)
		}
		log.Printf("%s: carried over from %s", e.name, prev)
	}
	return nil
}

// entryOf is the entry an index descriptor was written with.
func entryOf(d v1.Descriptor) entry {
	e := entry{name: d.Annotations[annotationName], source: Source(d.Annotations[annotationSource]), origin: d.Annotations[annotationOrigin]}
	if r := d.Annotations[annotationRepos]; r != "" {
		e.repos = strings.Split(r, ",")
	}
	return e
}
