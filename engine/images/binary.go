package images

import (
	"context"
	"debug/elf"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	v1 "github.com/google/go-containerregistry/pkg/v1"

	"github.com/tutor-run/tutor/engine/internal/installdir"
)

// binaryEntries are the index entries of Options.Binaries, in name order;
// the origin of each records the binary's path, size and modification
// time, so that a changed binary is made into an image again.
func binaryEntries(bins map[string]string) ([]entry, error) {
	var out []entry
	for _, name := range sortedKeys(bins) {
		repo, err := Repository(name)
		if err != nil {
			return nil, err
		}
		if strings.ContainsAny(name, ":@") {
			return nil, fmt.Errorf("binary image %q: a name has no tag or digest", name)
		}
		path, err := filepath.Abs(bins[name])
		if err != nil {
			return nil, err
		}
		fi, err := os.Stat(path)
		if err != nil {
			return nil, fmt.Errorf("binary image %s: %w", name, err)
		}
		out = append(out, entry{name: name, repos: append([]string{repo}, binaryRepos[name]...), source: SourceBinary,
			origin: fmt.Sprintf("%s %d %d", path, fi.Size(), fi.ModTime().UnixNano())})
	}
	return out, nil
}

// putBinary makes the image of one static binary, its entrypoint, and
// puts it in the store dir.
func putBinary(dir string, b entry, log *installdir.Log) error {
	path := strings.Fields(b.origin)[0]
	if err := checkStatic(path); err != nil {
		return fmt.Errorf("binary image %s: %w", b.name, err)
	}
	work, err := os.MkdirTemp(filepath.Dir(dir), filepath.Base(dir)+".tmp-work-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(work)
	root := filepath.Join(work, "root")
	target := filepath.Join(root, filepath.Base(path))
	if err := os.MkdirAll(root, 0o755); err != nil {
		return err
	}
	if err := installdir.CopyFile(path, target, 0o755); err != nil {
		return err
	}
	if err := writeFiles(root, baseFiles); err != nil {
		return err
	}
	layer, err := layerFromDir(root, filepath.Join(work, "layer.tar.gz"), nil)
	if err != nil {
		return err
	}
	entrypoint := "/" + filepath.Base(path)
	img, err := newImage(layer, v1.Config{Entrypoint: []string{entrypoint}}, "tutor sandbox images: "+entrypoint)
	if err != nil {
		return err
	}
	if err := putImage(dir, img, b); err != nil {
		return err
	}
	size, _ := layer.Size()
	log.Step("%s: made from %s, layer %s", b.name, path, installdir.MiB(size))
	return nil
}

// checkStatic fails unless path is an ELF executable with no program
// interpreter, which an image with no libraries needs.
func checkStatic(path string) error {
	f, err := elf.Open(path)
	if err != nil {
		return fmt.Errorf("%s is not an executable: %w", path, err)
	}
	defer f.Close()
	for _, p := range f.Progs {
		if p.Type == elf.PT_INTERP {
			return fmt.Errorf("%s is dynamically linked; an image of one binary needs a static one", path)
		}
	}
	return nil
}

// pauseImage compiles kubernetes' pause.c, from the Go module cache,
// statically with the C compiler, and makes it the image's entrypoint.
func pauseImage(ctx context.Context, o Options, work string) (v1.Image, error) {
	goBin, cc := o.Go, o.CC
	if goBin == "" {
		goBin = "go"
	}
	if cc == "" {
		cc = "gcc"
	}
	mod := "k8s.io/kubernetes@" + KubernetesVersion
	out, err := run(ctx, work, []string{"GOWORK=off", "GOFLAGS=-mod=mod"}, goBin, "mod", "download", "-json", mod)
	var m struct{ Dir, Error string }
	if jerr := json.Unmarshal(out, &m); jerr != nil || m.Dir == "" {
		return nil, fmt.Errorf("pause: no source of %s in the Go module cache (%s): %v", mod, m.Error, err)
	}
	root := filepath.Join(work, "pause")
	if err := os.MkdirAll(root, 0o755); err != nil {
		return nil, err
	}
	src := filepath.Join(m.Dir, "build", "pause", "linux", "pause.c")
	if _, err := run(ctx, work, nil, cc, "-Os", "-Wall", "-Werror", "-static", "-s",
		"-DVERSION=tutor-"+KubernetesVersion, "-o", filepath.Join(root, "pause"), src); err != nil {
		return nil, fmt.Errorf("pause: %w (a C compiler and the static C library are needed: apt-get install gcc libc6-dev)", err)
	}
	layer, err := layerFromDir(root, filepath.Join(work, "pause.tar.gz"), nil)
	if err != nil {
		return nil, err
	}
	return newImage(layer, v1.Config{Entrypoint: []string{"/pause"}}, "tutor sandbox images: gcc -Os -static "+mod+"/build/pause/linux/pause.c")
}
