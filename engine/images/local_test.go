package images

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/layout"
)

// TestLocalImages: Build makes Local images from packages and copied
// files and links, answers their repositories with them, does nothing when
// they are current, and makes one again when a copied file changes.
func TestLocalImages(t *testing.T) {
	s := builtStore(t)
	dir := filepath.Join(t.TempDir(), "store")
	if out, err := exec.Command("cp", "-a", s.Dir(), dir).CombinedOutput(); err != nil {
		t.Fatalf("cp: %v\n%s", err, out)
	}
	src := t.TempDir()
	for name, data := range map[string]string{"tool": "#!/bin/sh\necho tool\n", "lib/a.h": "// a\n", "lib/sub/b.h": "// b\n"} {
		p := filepath.Join(src, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	locals := []Local{
		{
			Name: "quay.io/example/agent", Repos: []string{"quay.io/example/agent-alias"},
			Packages: []string{"busybox-static"},
			Copies:   []Copy{{Src: filepath.Join(src, "tool"), Path: "usr/bin/tool"}, {Src: filepath.Join(src, "lib"), Path: "var/lib/example"}},
			Links:    map[string]string{"usr/bin/sh": "/bin/busybox"},
			Config:   v1.Config{Cmd: []string{"/usr/bin/tool"}},
		},
		{Name: "quay.io/example/relay", Copies: []Copy{{Src: filepath.Join(src, "tool"), Path: "usr/bin/relay"}},
			Config: v1.Config{Entrypoint: []string{"/usr/bin/relay"}}},
	}
	var log bytes.Buffer
	store, err := Build(context.Background(), Options{Dir: dir, Local: locals, Log: &log})
	if err != nil {
		t.Fatalf("Build: %v\n%s", err, log.String())
	}
	for _, want := range []string{"quay.io/example/agent: 1 packages (0 downloaded), 0 busybox applets, 2 copies", "quay.io/example/relay: 0 packages (0 downloaded), 0 busybox applets, 1 copies"} {
		if !strings.Contains(log.String(), want) {
			t.Errorf("the log lacks %q:\n%s", want, log.String())
		}
	}
	img, ok := store.Resolve("quay.io/example/agent-alias:v1.14.0")
	if !ok || img.Name != "quay.io/example/agent" || img.Source != SourceLocal {
		t.Fatalf("Resolve agent-alias: %+v, %v", img, ok)
	}
	i, err := layout.Path(dir).Image(img.Digest)
	if err != nil {
		t.Fatal(err)
	}
	root := extract(t, i)
	for _, f := range []string{"usr/bin/tool", "var/lib/example/a.h", "var/lib/example/sub/b.h", "bin/busybox", "etc/passwd"} {
		if _, err := os.Stat(filepath.Join(root, f)); err != nil {
			t.Errorf("the agent image lacks %s: %v", f, err)
		}
	}
	if fi, err := os.Stat(filepath.Join(root, "usr/bin/tool")); err == nil && fi.Mode().Perm() != 0o755 {
		t.Errorf("usr/bin/tool mode %v, want 0755", fi.Mode())
	}
	if target, err := os.Readlink(filepath.Join(root, "usr/bin/sh")); err != nil || target != "/bin/busybox" {
		t.Errorf("usr/bin/sh links to %q, %v", target, err)
	}
	relay, ok := store.Resolve("quay.io/example/relay")
	if !ok {
		t.Fatal("no relay image")
	}
	ri, _ := layout.Path(dir).Image(relay.Digest)
	if cf, err := ri.ConfigFile(); err != nil || strings.Join(cf.Config.Entrypoint, " ") != "/usr/bin/relay" {
		t.Errorf("relay's config: %+v, %v", cf, err)
	}

	before, _ := os.Stat(filepath.Join(dir, "index.json"))
	log.Reset()
	if _, err := Build(context.Background(), Options{Dir: dir, Local: locals, Log: &log}); err != nil {
		t.Fatal(err)
	}
	after, _ := os.Stat(filepath.Join(dir, "index.json"))
	if !strings.Contains(log.String(), "images up to date") || !after.ModTime().Equal(before.ModTime()) {
		t.Errorf("a warm Build did work: %s", log.String())
	}

	later := time.Now().Add(time.Minute)
	if err := os.Chtimes(filepath.Join(src, "lib", "sub", "b.h"), later, later); err != nil {
		t.Fatal(err)
	}
	log.Reset()
	store, err = Build(context.Background(), Options{Dir: dir, Local: locals, Log: &log})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(log.String(), "quay.io/example/agent: ") || strings.Contains(log.String(), "quay.io/example/relay: ") {
		t.Errorf("after a copied file changed, Build said:\n%s\nwant the agent made again, and only it", log.String())
	}
	n := 0
	for _, img := range store.Images() {
		if img.Name == "quay.io/example/agent" {
			n++
		}
	}
	if n != 1 {
		t.Errorf("%d agent images in the store, want the new one only", n)
	}
}
