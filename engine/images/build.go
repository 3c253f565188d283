package images

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"sort"

	"github.com/tutor-run/tutor/engine/internal/installdir"
)

// Options configures Build.
type Options struct {
	// Dir is the store. Default: DefaultDir().
	Dir string
	// AptDir holds apt's private state and the downloaded packages,
	// which outlive a store. Default: $XDG_CACHE_HOME/tutor/apt.
	AptDir string
	// Binaries are images of one static binary each, by image name (the
	// path of the binary); coredns also answers to CoreDNS's official
	// repositories. The binary is the image's entrypoint.
	Binaries map[string]string
	// Local are images of Debian packages and files of this machine,
	// made again when their files change.
	Local []Local
	// Go is the go command that finds kubernetes' pause.c in the module
	// cache; default "go". CC is the C compiler; default "gcc".
	Go, CC string
	// Log receives progress lines; nil discards them.
	Log io.Writer
}

// stampFile marks a store Build finished, with the Version it built.
const stampFile = "tutor-images.json"

// Version names the recipes Build makes its images from: a hash of their
// data and of formatVersion. A store is built again when it changes. The
// Debian packages' versions are not part of it, so a built store stays
// current until tutor's recipes change.
func Version() string {
	raw, err := json.Marshal(struct {
		Format   int
		Base     []file
		Recipes  []recipe
		Pause    any
		Binaries map[string][]string
	}{formatVersion, baseFiles, recipes, pauseRecipe, binaryRepos})
	if err != nil {
		panic(err) // plain data: cannot fail
	}
	sum := sha256.Sum256(raw)
	return hex.EncodeToString(sum[:8])
}

// versionDir matches the directory names Version gives.
var versionDir = regexp.MustCompile(`^[0-9a-f]{16}$`)

// CacheDir is tutor's cache of things that outlive a checkout:
// $XDG_CACHE_HOME/tutor, else ~/.cache/tutor.
func CacheDir() (string, error) {
	cache, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("no cache directory for the images: %w", err)
	}
	return filepath.Join(cache, "tutor"), nil
}

// DefaultDir is where Build puts the store by default:
// CacheDir()/images/Version().
func DefaultDir() (string, error) {
	cache, err := CacheDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(cache, "images", Version()), nil
}

// Build makes the images into a store: nginx, curl (curlimages/curl),
// shell (busybox, alpine) from Debian packages, pause from kubernetes'
// pause.c, and one image for each of o.Binaries and o.Local. It does nothing when the
// store holds them already. It holds a lock next to the store, builds into
// a temporary directory beside it and renames that at the end, so an
// interrupted build never leaves a store that looks complete. Images
// added to the previous store (Add) are carried over into a new one, and
// stores of older recipes in the default place are removed.
func Build(ctx context.Context, o Options) (*Store, error) {
	dir, isDefault, err := storeDir(o.Dir)
	if err != nil {
		return nil, err
	}
	log := installdir.NewLog(o.Log)
	bins, err := binaryEntries(o.Binaries)
	if err != nil {
		return nil, err
	}
	locals, err := localImages(o.Local)
	if err != nil {
		return nil, err
	}
	if built(dir) && current(dir, bins) && current(dir, localEntries(locals)) {
		log.Printf("images up to date: %s", dir)
		return Open(dir)
	}
	if err := os.MkdirAll(filepath.Dir(dir), 0o755); err != nil {
		return nil, fmt.Errorf("build images: %w", err)
	}
	unlock, err := installdir.Lock(ctx, dir+".lock", waiting(log, dir+".lock"))
	if err != nil {
		return nil, fmt.Errorf("build images: %w", err)
	}
	defer unlock()
	if !built(dir) { // another build may have finished while we waited
		if err := buildStore(ctx, o, dir, isDefault, log); err != nil {
			return nil, fmt.Errorf("build images: %w", err)
		}
	}
	for _, b := range bins {
		if current(dir, []entry{b}) {
			continue
		}
		if err := putBinary(dir, b, log); err != nil {
			return nil, fmt.Errorf("build images: %w", err)
		}
	}
	if err := putLocal(ctx, o, dir, locals, log); err != nil {
		return nil, fmt.Errorf("build images: %w", err)
	}
	return Open(dir)
}

// storeDir is the store's absolute directory, and whether it is the
// default one.
func storeDir(dir string) (string, bool, error) {
	if dir == "" {
		d, err := DefaultDir()
		return d, true, err
	}
	d, err := filepath.Abs(dir)
	return d, false, err
}

// built reports whether dir holds a store Build finished for this Version
// with every recipe's image.
func built(dir string) bool {
	raw, err := os.ReadFile(filepath.Join(dir, stampFile))
	if err != nil {
		return false
	}
	var stamp struct{ Version string }
	if json.Unmarshal(raw, &stamp) != nil || stamp.Version != Version() {
		return false
	}
	index, err := readIndex(dir)
	if err != nil {
		return false
	}
	have := map[string]bool{}
	for _, d := range index.Manifests {
		if d.Annotations[annotationSource] == string(SourceBuilt) {
			have[d.Annotations[annotationName]] = true
		}
	}
	for _, r := range recipes {
		if !have[r.Name] {
			return false
		}
	}
	return have[pauseRecipe.Name]
}

// buildStore builds every recipe into a new store at dir.
func buildStore(ctx context.Context, o Options, dir string, isDefault bool, log *installdir.Log) error {
	if entries, err := os.ReadDir(dir); err == nil && len(entries) > 0 {
		if _, err := os.Stat(filepath.Join(dir, "oci-layout")); err != nil {
			return fmt.Errorf("%s holds files and is no image store: remove it or choose another directory", dir)
		}
	}
	// Leftovers of builds that were killed: nobody else holds the lock.
	if stale, err := filepath.Glob(dir + ".tmp-*"); err == nil {
		for _, s := range stale {
			os.RemoveAll(s)
		}
	}
	tmp, err := os.MkdirTemp(filepath.Dir(dir), filepath.Base(dir)+".tmp-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp) // gone once renamed
	work, err := os.MkdirTemp(filepath.Dir(dir), filepath.Base(dir)+".tmp-work-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(work)
	if err := os.Chmod(tmp, 0o755); err != nil {
		return err
	}
	if err := newLayout(tmp); err != nil {
		return err
	}
	log.Printf("building the sandbox's images into %s", dir)
	if err := buildDebian(ctx, o, tmp, work, log); err != nil {
		return err
	}
	img, err := pauseImage(ctx, o, work)
	if err != nil {
		return err
	}
	if err := putImage(tmp, img, entry{name: pauseRecipe.Name, repos: pauseRecipe.Repos, source: SourceBuilt}); err != nil {
		return err
	}
	log.Step("pause: built from k8s.io/kubernetes@%s/build/pause/linux/pause.c", KubernetesVersion)
	prev := dir
	if isDefault {
		prev = newestSibling(dir)
	}
	if err := carryOver(prev, tmp, log); err != nil {
		return err
	}
	stamp, _ := json.Marshal(struct{ Version string }{Version()})
	if err := os.WriteFile(filepath.Join(tmp, stampFile), append(stamp, '\n'), 0o644); err != nil {
		return err
	}
	if err := installdir.Replace(tmp, dir); err != nil {
		return err
	}
	if isDefault {
		pruneSiblings(dir, log)
	}
	log.Step("images built: %s (%s)", dir, installdir.Size(dir))
	return nil
}

// waiting says on log that a build waits for another's lock.
func waiting(log *installdir.Log, lock string) func() {
	return func() { log.Printf("waiting for another build of the images to finish (it holds %s)", lock) }
}

// sortedKeys are m's keys in order.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
