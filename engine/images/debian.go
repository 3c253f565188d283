package images

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	"golang.org/x/sync/errgroup"

	"github.com/tutor-run/tutor/engine/internal/installdir"
)

// buildDebian builds the recipes' images into the layout tmp, unpacking
// their packages under work.
func buildDebian(ctx context.Context, o Options, tmp, work string, log *installdir.Log) error {
	a, unlock, err := openApt(ctx, o, log)
	if err != nil {
		return err
	}
	defer unlock()
	// One image per processor at a time: unpacking and compressing keep
	// one busy. The store's index takes them in the recipes' order.
	imgs := make([]v1.Image, len(recipes))
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(runtime.GOMAXPROCS(0))
	for i, r := range recipes {
		g.Go(func() error {
			img, err := debianImage(gctx, a, r, nil, work, log)
			if err != nil {
				return fmt.Errorf("%s: %w", r.Name, err)
			}
			imgs[i] = img
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return err
	}
	for i, r := range recipes {
		if err := putImage(tmp, imgs[i], entry{name: r.Name, repos: r.Repos, source: SourceBuilt}); err != nil {
			return fmt.Errorf("%s: %w", r.Name, err)
		}
	}
	return nil
}

// openApt takes the lock of o's apt directory and refreshes its package
// lists; unlock lets the next build use it.
func openApt(ctx context.Context, o Options, log *installdir.Log) (a *apt, unlock func(), err error) {
	aptDir := o.AptDir
	if aptDir == "" {
		cache, err := CacheDir()
		if err != nil {
			return nil, nil, err
		}
		aptDir = filepath.Join(cache, "apt")
	}
	if err := os.MkdirAll(aptDir, 0o755); err != nil {
		return nil, nil, err
	}
	unlock, err = installdir.Lock(ctx, aptDir+".lock", waiting(log, aptDir+".lock"))
	if err != nil {
		return nil, nil, err
	}
	a = &apt{dir: aptDir}
	if err := a.update(ctx); err != nil {
		// Offline with lists from before: the packages may be cached too.
		if !a.haveLists() || ctx.Err() != nil {
			unlock()
			return nil, nil, err
		}
		log.Printf("warning: %v", err)
		log.Printf("going on with the package lists of the last update")
	} else {
		log.Step("package lists of this machine's apt sources updated in %s", aptDir)
	}
	return a, unlock, nil
}

// debianImage makes the image of r: its packages' closure unpacked, the
// recipe's files written over them, then copies.
func debianImage(ctx context.Context, a *apt, r recipe, copies []Copy, work string, log *installdir.Log) (v1.Image, error) {
	var closure []debPackage
	var debs []string
	downloaded := 0
	if len(r.Packages) > 0 { // a Local image may hold copies only
		var err error
		if closure, err = a.resolve(ctx, r.Packages); err != nil {
			return nil, err
		}
		if debs, downloaded, err = a.fetch(ctx, closure); err != nil {
			return nil, err
		}
	}
	root := filepath.Join(work, r.Name)
	if err := os.MkdirAll(root, 0o755); err != nil {
		return nil, err
	}
	if err := unpack(ctx, debs, root); err != nil {
		return nil, err
	}
	if err := writeFiles(root, append(append([]file{}, baseFiles...), r.Files...)); err != nil {
		return nil, err
	}
	if err := copyInto(root, copies); err != nil {
		return nil, err
	}
	applets := 0
	if r.Busybox {
		var err error
		if applets, err = linkApplets(ctx, root); err != nil {
			return nil, err
		}
	}
	if r.CABundle {
		if _, err := writeCABundle(root); err != nil {
			return nil, err
		}
	}
	layer, err := layerFromDir(root, filepath.Join(work, r.Name+".tar.gz"), skipDocs)
	if err != nil {
		return nil, err
	}
	os.RemoveAll(root)
	size, _ := layer.Size()
	var pkgs []string
	for _, p := range closure {
		pkgs = append(pkgs, p.Name+"="+p.Version)
	}
	var copied []string
	for _, c := range copies {
		copied = append(copied, c.Src)
	}
	log.Step("%s: %d packages (%d downloaded), %d busybox applets, %d copies, layer %s", r.Name, len(closure), downloaded, applets, len(copies), installdir.MiB(size))
	history := "tutor sandbox images: dpkg-deb -x " + strings.Join(pkgs, " ")
	if len(copied) > 0 {
		history += "; cp -r " + strings.Join(copied, " ")
	}
	return newImage(layer, r.Config, history)
}
