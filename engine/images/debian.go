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
	aptDir := o.AptDir
	if aptDir == "" {
		cache, err := CacheDir()
		if err != nil {
			return err
		}
		aptDir = filepath.Join(cache, "apt")
	}
	if err := os.MkdirAll(aptDir, 0o755); err != nil {
		return err
	}
	unlock, err := installdir.Lock(ctx, aptDir+".lock", waiting(log, aptDir+".lock"))
	if err != nil {
		return err
	}
	defer unlock()
	a := &apt{dir: aptDir}
	if err := a.update(ctx); err != nil {
		// Offline with lists from before: the packages may be cached too.
		if !a.haveLists() || ctx.Err() != nil {
			return err
		}
		log.Printf("warning: %v", err)
		log.Printf("going on with the package lists of the last update")
	} else {
		log.Step("package lists of this machine's apt sources updated in %s", aptDir)
	}
	// One image per processor at a time: unpacking and compressing keep
	// one busy. The store's index takes them in the recipes' order.
	imgs := make([]v1.Image, len(recipes))
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(runtime.GOMAXPROCS(0))
	for i, r := range recipes {
		g.Go(func() error {
			img, err := debianImage(gctx, a, r, work, log)
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

// debianImage makes the image of r: its packages' closure unpacked, the
// recipe's files written over them.
func debianImage(ctx context.Context, a *apt, r recipe, work string, log *installdir.Log) (v1.Image, error) {
	closure, err := a.resolve(ctx, r.Packages)
	if err != nil {
		return nil, err
	}
	debs, downloaded, err := a.fetch(ctx, closure)
	if err != nil {
		return nil, err
	}
	root := filepath.Join(work, r.Name)
	if err := unpack(ctx, debs, root); err != nil {
		return nil, err
	}
	if err := writeFiles(root, append(append([]file{}, baseFiles...), r.Files...)); err != nil {
		return nil, err
	}
	applets := 0
	if r.Busybox {
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
	log.Step("%s: %d packages (%d downloaded), %d busybox applets, layer %s", r.Name, len(closure), downloaded, applets, installdir.MiB(size))
	return newImage(layer, r.Config, "tutor sandbox images: dpkg-deb -x "+strings.Join(pkgs, " "))
}
