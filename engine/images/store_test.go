package images

import (
	"compress/gzip"
	"errors"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-containerregistry/pkg/name"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/empty"
	"github.com/google/go-containerregistry/pkg/v1/layout"
	"github.com/google/go-containerregistry/pkg/v1/mutate"
	"github.com/google/go-containerregistry/pkg/v1/random"
	"github.com/google/go-containerregistry/pkg/v1/tarball"

	"github.com/tutor-run/tutor/engine/internal/installdir"
)

// newTestStore makes an empty store in a temporary directory.
func newTestStore(t testing.TB) *Store {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "store")
	if err := newLayout(dir); err != nil {
		t.Fatal(err)
	}
	s, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// rootfs makes a root file system directory holding data, a file of size
// bytes seeded by seed, and /bin/sh when sh is set.
func rootfs(t testing.TB, seed uint64, size int, sh bool) string {
	t.Helper()
	root := t.TempDir()
	data := make([]byte, size)
	r := rand.New(rand.NewPCG(seed, seed))
	for i := range data {
		data[i] = byte(r.Uint32())
	}
	if err := os.WriteFile(filepath.Join(root, "data"), data, 0o644); err != nil {
		t.Fatal(err)
	}
	if sh {
		if err := os.MkdirAll(filepath.Join(root, "bin"), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(root, "bin", "sh"), []byte("#!/not/run\n"), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

// fakeSet puts into s an image for each image Build makes, made from small
// directories, named and answering as Build's do, so the registry's name
// mapping is tested without apt.
func fakeSet(t testing.TB, s *Store) {
	t.Helper()
	var set []entry
	for _, r := range recipes {
		set = append(set, entry{name: r.Name, repos: r.Repos, source: SourceBuilt})
	}
	set = append(set, entry{name: pauseRecipe.Name, repos: pauseRecipe.Repos, source: SourceBuilt},
		entry{name: "coredns", repos: append([]string{"docker.io/library/coredns"}, binaryRepos["coredns"]...), source: SourceBinary})
	for i, e := range set {
		img, err := dirImage(rootfs(t, uint64(i), 64<<10, true), t.TempDir(), nil)
		if err != nil {
			t.Fatal(err)
		}
		if err := putImage(s.Dir(), img, e); err != nil {
			t.Fatal(err)
		}
	}
}

// platformImage is a random image with a config for linux/arch.
func platformImage(t testing.TB, arch string) v1.Image {
	t.Helper()
	img, err := random.Image(1024, 2)
	if err != nil {
		t.Fatal(err)
	}
	cf, err := img.ConfigFile()
	if err != nil {
		t.Fatal(err)
	}
	cf = cf.DeepCopy()
	cf.OS, cf.Architecture = "linux", arch
	img, err = mutate.ConfigFile(img, cf)
	if err != nil {
		t.Fatal(err)
	}
	return img
}

// dockerArchive writes img as `docker save` would, gzip-compressed when
// gz is set, and returns the file.
func dockerArchive(t testing.TB, img v1.Image, gz bool) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "image.tar")
	tag, _ := name.NewTag("example.com/app:1")
	if err := tarball.WriteToFile(path, tag, img); err != nil {
		t.Fatal(err)
	}
	if !gz {
		return path
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Create(path + ".gz")
	if err != nil {
		t.Fatal(err)
	}
	zw := gzip.NewWriter(f)
	zw.Write(raw)
	zw.Close()
	f.Close()
	return path + ".gz"
}

// ociArchive writes the images as one OCI layout (an index of them, each
// with its platform) in a tar and returns the file.
func ociArchive(t testing.TB, imgs ...v1.Image) string {
	t.Helper()
	dir := t.TempDir()
	p, err := layout.Write(dir, empty.Index)
	if err != nil {
		t.Fatal(err)
	}
	for _, img := range imgs {
		cf, _ := img.ConfigFile()
		if err := p.AppendImage(img, layout.WithPlatform(v1.Platform{OS: cf.OS, Architecture: cf.Architecture})); err != nil {
			t.Fatal(err)
		}
	}
	return tarDir(t, dir)
}

// tarDir writes dir as a tar file and returns it.
func tarDir(t testing.TB, dir string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "layout.tar")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := writeTar(f, dir, nil); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestAdd: each kind of source becomes an image the store resolves under
// the name given, with any tag.
func TestAdd(t *testing.T) {
	other := "arm64"
	if runtime.GOARCH == "arm64" {
		other = "amd64"
	}
	native, foreign := platformImage(t, runtime.GOARCH), platformImage(t, other)
	configOf := func(img v1.Image) v1.Hash { h, _ := img.ConfigName(); return h }
	plain := tarDir(t, rootfs(t, 7, 10, false))
	for _, tc := range []struct {
		name, ref      string
		src            string
		entrypoint     []string
		wantCmd        []string
		wantEntrypoint []string
		wantConfig     v1.Hash // when the source has one
		err            string  // in the error
		errIs          error
	}{
		{name: "myapp:1.0", ref: "docker.io/library/myapp:2", src: rootfs(t, 1, 100, true), wantCmd: []string{"sh"}},
		{name: "ghcr.io/org/tool", ref: "ghcr.io/org/tool:latest", src: rootfs(t, 2, 100, false), entrypoint: []string{"/data"}, wantEntrypoint: []string{"/data"}},
		{name: "nosh", src: rootfs(t, 3, 100, false), errIs: ErrNoEntrypoint},
		{name: "saved", ref: "saved:3", src: dockerArchive(t, native, false), wantConfig: configOf(native)},
		{name: "savedgz", ref: "savedgz", src: dockerArchive(t, native, true), wantConfig: configOf(native)},
		{name: "oci", ref: "oci:1", src: ociArchive(t, native), wantConfig: configOf(native)},
		{name: "multi", ref: "multi:1", src: ociArchive(t, foreign, native), wantConfig: configOf(native)},
		{name: "foreign", src: dockerArchive(t, foreign, false), err: "the image is for linux/" + other},
		{name: "foreignoci", src: ociArchive(t, foreign), err: "the OCI layout has no image for linux/" + runtime.GOARCH},
		{name: "plain", src: plain, err: "not a docker-archive (docker save) nor an OCI image layout"},
		{name: "app@sha256:" + strings.Repeat("0", 64), src: plain, err: "give the image a name, not a digest"},
		{name: "Bad", src: plain, err: `"Bad" is not a valid repository path component`},
		{name: "missing", src: filepath.Join(t.TempDir(), "nothing"), errIs: fs.ErrNotExist},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := newTestStore(t)
			err := s.Add(tc.name, tc.src, tc.entrypoint...)
			if tc.err != "" || tc.errIs != nil {
				if err == nil || !strings.Contains(err.Error(), tc.err) || (tc.errIs != nil && !errors.Is(err, tc.errIs)) {
					t.Fatalf("Add: %v; want an error with %q (%v)", err, tc.err, tc.errIs)
				}
				if len(s.Images()) != 0 {
					t.Errorf("a failed add left images: %v", s.Names())
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			img, ok := s.Resolve(tc.ref)
			if !ok {
				t.Fatalf("Resolve(%q): not found in %v", tc.ref, s.Images())
			}
			if want := strings.SplitN(tc.name, ":", 2)[0]; img.Name != want || img.Source != SourceAdded || img.Origin != tc.src {
				t.Errorf("image %+v, want name %q, added from %s", img, want, tc.src)
			}
			got, err := layout.Path(s.Dir()).Image(img.Digest)
			if err != nil {
				t.Fatal(err)
			}
			cf, err := got.ConfigFile()
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(cf.Config.Cmd, tc.wantCmd) && tc.wantCmd != nil || !slices.Equal(cf.Config.Entrypoint, tc.wantEntrypoint) && tc.wantEntrypoint != nil {
				t.Errorf("cmd %q entrypoint %q, want %q %q", cf.Config.Cmd, cf.Config.Entrypoint, tc.wantCmd, tc.wantEntrypoint)
			}
			if tc.wantConfig != (v1.Hash{}) {
				if h, _ := got.ConfigName(); h != tc.wantConfig {
					t.Errorf("config %s, want the source's %s", h, tc.wantConfig)
				}
			}
			if layers, err := got.Layers(); err != nil || len(layers) == 0 {
				t.Fatalf("layers: %v, %v", layers, err)
			}
			pullAll(t, got)
		})
	}
}

// TestAddReplaces: adding a name again replaces its image and removes the
// blobs only the old one had; an added image comes before a built one.
func TestAddReplaces(t *testing.T) {
	s := newTestStore(t)
	fakeSet(t, s)
	built, _ := s.Resolve("nginx:1.27")
	blobs := func() int { e, _ := os.ReadDir(filepath.Join(s.Dir(), "blobs", "sha256")); return len(e) }
	if err := s.Add("nginx", rootfs(t, 10, 1000, true)); err != nil {
		t.Fatal(err)
	}
	n := blobs()
	first, _ := s.Resolve("nginx:1.27")
	if first.Source != SourceAdded || first.Digest == built.Digest {
		t.Errorf("after add, nginx is %+v; want the added one", first)
	}
	if err := s.Add("nginx:2", rootfs(t, 11, 1000, true)); err != nil {
		t.Fatal(err)
	}
	second, _ := s.Resolve("docker.io/library/nginx")
	if second.Digest == first.Digest {
		t.Error("adding nginx again did not replace it")
	}
	if got := blobs(); got != n {
		t.Errorf("%d blobs after the replacement, want %d: the old image's were kept", got, n)
	}
	var names []string
	for _, img := range s.Images() {
		names = append(names, img.Name+"/"+string(img.Source))
	}
	if want := "nginx/built curl/built shell/built pause/built coredns/binary nginx/added"; strings.Join(names, " ") != want {
		t.Errorf("images %q, want %q", names, want)
	}
	// Another Store on the same directory (a running registry) sees the
	// change.
	other, err := Open(s.Dir())
	if err != nil {
		t.Fatal(err)
	}
	if img, _ := other.Resolve("nginx"); img.Digest != second.Digest {
		t.Errorf("a second Store resolves nginx to %s, want %s", img.Digest, second.Digest)
	}
}

// TestCarryOver: a new store keeps the images added to the previous one
// and those made from binaries, and none of the built ones.
func TestCarryOver(t *testing.T) {
	old := newTestStore(t)
	fakeSet(t, old)
	if err := old.Add("myapp", rootfs(t, 20, 100, true)); err != nil {
		t.Fatal(err)
	}
	fresh := newTestStore(t)
	if err := carryOver(old.Dir(), fresh.Dir(), installdir.NewLog(nil)); err != nil {
		t.Fatal(err)
	}
	if got, want := strings.Join(fresh.Names(), " "), "coredns myapp"; got != want {
		t.Errorf("carried over %q, want %q", got, want)
	}
	a, _ := old.Resolve("myapp")
	b, _ := fresh.Resolve("myapp:1")
	if a.Digest != b.Digest || b.Source != SourceAdded {
		t.Errorf("myapp carried over as %+v, want %+v", b, a)
	}
}

// TestOpenNotAStore: Open refuses a directory with no OCI layout.
func TestOpenNotAStore(t *testing.T) {
	if _, err := Open(t.TempDir()); err == nil || !strings.Contains(err.Error(), "is not an OCI image layout") {
		t.Errorf("Open of an empty directory: %v", err)
	}
}
