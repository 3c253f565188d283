package images

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/layout"
	"github.com/google/go-containerregistry/pkg/v1/mutate"

	"github.com/tutor-run/tutor/engine/internal/installdir"
)

// The real image set, built once for every test that needs it, into the
// default store: a no-op when a previous run built it.
var builtSet struct {
	once  sync.Once
	store *Store
	log   string
	took  time.Duration
	err   error
}

// builtStore is the real image set. It skips the test when apt cannot
// reach this machine's apt sources and nothing was built before.
func builtStore(t testing.TB) *Store {
	t.Helper()
	builtSet.once.Do(func() {
		var log bytes.Buffer
		start := time.Now()
		builtSet.store, builtSet.err = Build(context.Background(), Options{Log: &log})
		builtSet.took, builtSet.log = time.Since(start), log.String()
	})
	if errors.Is(builtSet.err, ErrNoPackageLists) {
		t.Skipf("the image set cannot be built here: %v", builtSet.err)
	}
	if builtSet.err != nil {
		t.Fatalf("Build: %v\n%s", builtSet.err, builtSet.log)
	}
	return builtSet.store
}

// extract unpacks img's file system into a temporary directory with the
// machine's tar, which keeps links and modes as a runtime would.
func extract(t *testing.T, img v1.Image) string {
	t.Helper()
	root := t.TempDir()
	cmd := exec.Command("tar", "-x", "-C", root)
	cmd.Stdin = mutate.Extract(img)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("tar -x: %v\n%s", err, out)
	}
	return root
}

// image is the store's image name, read from its layout.
func image(t *testing.T, s *Store, name string) (v1.Image, *v1.ConfigFile) {
	t.Helper()
	for _, img := range s.Images() {
		if img.Name == name && img.Source == SourceBuilt {
			i, err := layout.Path(s.Dir()).Image(img.Digest)
			if err != nil {
				t.Fatal(err)
			}
			cf, err := i.ConfigFile()
			if err != nil {
				t.Fatal(err)
			}
			return i, cf
		}
	}
	t.Fatalf("no built image %s in %v", name, s.Names())
	return nil, nil
}

// inRoots runs script as root in new mount, network and PID namespaces,
// with $ROOT_<name> the root file system of each named image, its /dev
// and /proc mounted as a container runtime would, and the loopback up,
// and returns its output. The script's commands are checked by what they
// print: its exit status is its last command's, which may fail on
// purpose, and is not looked at.
func inRoots(t *testing.T, roots map[string]string, script string) string {
	t.Helper()
	if os.Geteuid() != 0 {
		t.Skip("running the images' programs needs root (chroot, mount, unshare); as another user only their files are checked")
	}
	var pre strings.Builder
	pre.WriteString("set -e\nip link set lo up\n")
	var env []string
	for _, name := range sortedKeys(roots) {
		v := "ROOT_" + name
		env = append(env, v+"="+roots[name])
		fmt.Fprintf(&pre, "mkdir -p \"$%[1]s/dev\" \"$%[1]s/proc\"\nmount --rbind /dev \"$%[1]s/dev\"\nmount -t proc proc \"$%[1]s/proc\"\n", v)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "unshare", "--mount", "--net", "--pid", "--fork", "sh", "-c", pre.String()+"set +e\n"+script+"\ntrue")
	cmd.Env = append(os.Environ(), env...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	return string(out)
}

// TestBuiltImages: each image has what it claims, and its programs run
// inside it.
func TestBuiltImages(t *testing.T) {
	s := builtStore(t)
	t.Logf("Build: %s", builtSet.took.Round(time.Millisecond))
	if got, want := s.Names(), []string{"curl", "nginx", "pause", "shell"}; !slices.Equal(slices.DeleteFunc(got, func(n string) bool { return !slices.Contains(want, n) }), want) {
		t.Fatalf("names %v, want %v among them", s.Names(), want)
	}
	for _, tc := range []struct {
		image      string
		files      []string // that must be in it
		entrypoint []string
		cmd        []string
		port       string
		script     string // run with $R its root
		want       []string
	}{
		{image: "nginx", cmd: []string{"nginx", "-g", "daemon off;"}, port: "80/tcp",
			files: []string{"usr/sbin/nginx", "etc/nginx/nginx.conf", "etc/nginx/conf.d/default.conf", "usr/share/nginx/html/index.html",
				"var/lib/nginx", "run", "tmp", "bin/bash", "usr/bin/curl", "etc/ssl/certs/ca-certificates.crt", "usr/share/doc/nginx/copyright"},
			script: `chroot $R nginx -t; chroot $R nginx -v; chroot $R bash -c 'echo bash $BASH_VERSION'; chroot $R curl --version
chroot $R id www-data; chroot $R id nobody; chroot $R ls -l /var/log/nginx`,
			want: []string{"syntax is ok", "test is successful", "nginx version: nginx/1.", "bash 5.", "curl 7.",
				"uid=33(www-data) gid=33(www-data)", "uid=65534(nobody)", "access.log -> /dev/stdout", "error.log -> /dev/stderr"}},
		{image: "curl", entrypoint: []string{"/entrypoint.sh"}, cmd: []string{"curl"},
			files:  []string{"usr/bin/curl", "etc/ssl/certs/ca-certificates.crt", "bin/busybox", "bin/sh"},
			script: `chroot $R /entrypoint.sh --version; chroot $R /entrypoint.sh curl -V; chroot $R /entrypoint.sh sh -c 'echo shell runs'; chroot $R /entrypoint.sh 2>&1`,
			want:   []string{"curl 7.", "Protocols:", "shell runs", "curl: try 'curl --help'"}},
		{image: "shell", cmd: []string{"sh"},
			files: []string{"bin/busybox", "bin/sh", "usr/bin/curl", "usr/bin/wget", "usr/bin/dig", "usr/bin/nslookup", "bin/ping", "etc/passwd"},
			script: `chroot $R sh -c 'echo sh runs'; chroot $R dig -v 2>&1; chroot $R nslookup -version; chroot $R ping -V; chroot $R wget --version
chroot $R curl --version; chroot $R ls /bin/ls; chroot $R ping -c 1 127.0.0.1; chroot $R ps; chroot $R awk 'BEGIN { print "awk runs" }'`,
			want: []string{"sh runs", "DiG 9.", "nslookup 9.", "ping from iputils", "GNU Wget 1.", "curl 7.", "/bin/ls",
				"1 packets transmitted, 1 received", "PID", "awk runs"}},
		{image: "pause", entrypoint: []string{"/pause"}, files: []string{"pause"},
			script: `chroot $R /pause -v`, want: []string{"pause.c tutor-" + KubernetesVersion}},
	} {
		t.Run(tc.image, func(t *testing.T) {
			img, cf := image(t, s, tc.image)
			if !slices.Equal(cf.Config.Entrypoint, tc.entrypoint) || !slices.Equal(cf.Config.Cmd, tc.cmd) {
				t.Errorf("entrypoint %q cmd %q, want %q %q", cf.Config.Entrypoint, cf.Config.Cmd, tc.entrypoint, tc.cmd)
			}
			if _, ok := cf.Config.ExposedPorts[tc.port]; tc.port != "" && !ok {
				t.Errorf("ports %v, want %s", cf.Config.ExposedPorts, tc.port)
			}
			if !hasEnv(cf.Config.Env, "PATH") || cf.OS != "linux" || cf.Architecture == "" {
				t.Errorf("config %+v: want linux, an architecture and a PATH", cf)
			}
			root := extract(t, img)
			for _, f := range tc.files {
				if _, err := os.Lstat(filepath.Join(root, f)); err != nil {
					t.Errorf("%s lacks %s", tc.image, f)
				}
			}
			if _, err := os.Stat(filepath.Join(root, "usr/share/man")); err == nil {
				t.Errorf("%s has manual pages", tc.image)
			}
			out := inRoots(t, map[string]string{"R": root}, strings.ReplaceAll(tc.script, "$R", `"$ROOT_R"`))
			for _, w := range tc.want {
				if !strings.Contains(out, w) {
					t.Errorf("the output lacks %q:\n%s", w, out)
				}
			}
		})
	}
}

// TestNginxServes: the nginx image's command serves its page and logs the
// request to its output; curl's and the shell's images fetch it.
func TestNginxServes(t *testing.T) {
	s := builtStore(t)
	roots := map[string]string{}
	for _, name := range []string{"nginx", "curl", "shell"} {
		img, _ := image(t, s, name)
		roots[name] = extract(t, img)
	}
	out := inRoots(t, roots, `chroot "$ROOT_nginx" nginx -g 'daemon off;' &
pid=$!
for i in $(seq 100); do chroot "$ROOT_curl" /entrypoint.sh -s -o /dev/null http://127.0.0.1/ && break; sleep 0.1; done
chroot "$ROOT_curl" /entrypoint.sh -sS -i http://127.0.0.1/
chroot "$ROOT_shell" wget -q -O /dev/null http://127.0.0.1/ && echo wget fetched
chroot "$ROOT_shell" curl -sS -o /dev/null -w 'status %{http_code}\n' http://127.0.0.1/missing
kill $pid; wait $pid`)
	for _, w := range []string{"HTTP/1.1 200 OK", "Server: nginx/", "<title>Welcome to nginx!</title>", "wget fetched", "status 404",
		`"GET / HTTP/1.1" 200`, `"Wget/1.`, `"GET /missing HTTP/1.1" 404`} {
		if !strings.Contains(out, w) {
			t.Errorf("the output lacks %q:\n%s", w, out)
		}
	}
}

// TestBuiltRegistry: the real images pull from Registry under every
// reference form, coredns made from a binary (the pause binary stands in
// for CoreDNS's) included, and a warm Build is a no-op.
func TestBuiltRegistry(t *testing.T) {
	s := builtStore(t)
	dir := filepath.Join(t.TempDir(), "store")
	if out, err := exec.Command("cp", "-a", s.Dir(), dir).CombinedOutput(); err != nil {
		t.Fatalf("cp: %v\n%s", err, out)
	}
	pause, _ := image(t, s, "pause")
	bin := filepath.Join(extract(t, pause), "pause")
	copyStore, err := Build(context.Background(), Options{Dir: dir, Binaries: map[string]string{"coredns": bin}})
	if err != nil {
		t.Fatal(err)
	}
	checkPulls(t, copyStore)

	before, _ := os.Stat(filepath.Join(dir, "index.json"))
	var log bytes.Buffer
	start := time.Now()
	if _, err := Build(context.Background(), Options{Dir: dir, Binaries: map[string]string{"coredns": bin}, Log: &log}); err != nil {
		t.Fatal(err)
	}
	took := time.Since(start)
	after, _ := os.Stat(filepath.Join(dir, "index.json"))
	if !strings.Contains(log.String(), "images up to date") || !after.ModTime().Equal(before.ModTime()) {
		t.Errorf("a warm Build did work: %s", log.String())
	}
	t.Logf("warm Build (a no-op): %s", took)
	if took > 2*time.Second {
		t.Errorf("a warm Build took %s", took)
	}

	_, err = Build(context.Background(), Options{Dir: dir, Binaries: map[string]string{"tool": "/bin/ls"}})
	if err == nil || !strings.Contains(err.Error(), "is dynamically linked; an image of one binary needs a static one") {
		t.Errorf("Build with a dynamic binary: %v", err)
	}
}

// TestReproducible: building an image again from the same packages, or
// pause.c again, gives the same digests.
func TestReproducible(t *testing.T) {
	s := builtStore(t)
	aptDir, err := CacheDir()
	if err != nil {
		t.Fatal(err)
	}
	a := &apt{dir: filepath.Join(aptDir, "apt")}
	curl := recipes[slices.IndexFunc(recipes, func(r recipe) bool { return r.Name == "curl" })]
	var digests []v1.Hash
	for range 2 {
		img, err := debianImage(context.Background(), a, curl, nil, t.TempDir(), installdir.NewLog(nil))
		if err != nil {
			t.Fatal(err)
		}
		d, err := img.Digest()
		if err != nil {
			t.Fatal(err)
		}
		digests = append(digests, d)
	}
	if digests[0] != digests[1] {
		t.Errorf("the curl image built twice: %s and %s", digests[0], digests[1])
	}
	img, err := pauseImage(context.Background(), Options{}, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	built, _ := s.Resolve("registry.k8s.io/pause")
	if d, _ := img.Digest(); d != built.Digest {
		t.Errorf("pause built again: %s, the store's %s", d, built.Digest)
	}
}

// BenchmarkBuildWarm: Build when the store is current, as every sandbox
// start calls it.
func BenchmarkBuildWarm(b *testing.B) {
	builtStore(b)
	for b.Loop() {
		if _, err := Build(context.Background(), Options{}); err != nil {
			b.Fatal(err)
		}
	}
}
