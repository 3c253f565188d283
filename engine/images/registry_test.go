package images

import (
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-containerregistry/pkg/name"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/remote"

	"github.com/tutor-run/tutor/engine/internal/syncio"
)

// mirror sends every request to server, naming the registry it was meant
// for in ?ns=, as containerd does with a mirror.
type mirror struct{ server *url.URL }

func (m mirror) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	q := r.URL.Query()
	q.Set("ns", r.URL.Host)
	r.URL.RawQuery = q.Encode()
	r.URL.Scheme, r.URL.Host, r.Host = m.server.Scheme, m.server.Host, m.server.Host
	return http.DefaultTransport.RoundTrip(r)
}

// serve serves Registry(s) and returns the remote option that pulls from it
// as a mirror of every registry.
func serve(t testing.TB, s *Store) (*httptest.Server, remote.Option) {
	t.Helper()
	srv := httptest.NewServer(Registry(s))
	t.Cleanup(srv.Close)
	u, _ := url.Parse(srv.URL)
	return srv, remote.WithTransport(mirror{u})
}

// pulls are the references posts use and the image each must give.
var pulls = []struct{ ref, image string }{
	{"nginx", "nginx"},
	{"nginx:1.27", "nginx"},
	{"nginx:1.14.2", "nginx"},
	{"docker.io/library/nginx:latest", "nginx"},
	{"index.docker.io/library/nginx:alpine", "nginx"},
	{"curlimages/curl:8.8.0", "curl"},
	{"busybox:1.36", "shell"},
	{"busybox", "shell"},
	{"alpine:3.20", "shell"},
	{"registry.k8s.io/pause:3.10", "pause"},
	{"registry.k8s.io/coredns/coredns:v1.11.1", "coredns"},
	{"coredns/coredns:1.11.1", "coredns"},
}

// checkPulls pulls each of pulls from Registry(s) with
// go-containerregistry's client and checks it is the store's image, every
// blob's digest verified on the way.
func checkPulls(t *testing.T, s *Store) {
	_, opt := serve(t, s)
	for _, p := range pulls {
		t.Run(p.ref, func(t *testing.T) {
			want, ok := s.Resolve(p.ref)
			if !ok {
				t.Fatalf("the store does not resolve %s", p.ref)
			}
			if want.Name != p.image {
				t.Errorf("%s resolves to %s, want %s", p.ref, want.Name, p.image)
			}
			ref, err := name.ParseReference(p.ref)
			if err != nil {
				t.Fatal(err)
			}
			head, err := remote.Head(ref, opt)
			if err != nil {
				t.Fatal(err)
			}
			if head.Digest != want.Digest || head.MediaType != want.MediaType {
				t.Errorf("HEAD %s: %s %s, want %s %s", p.ref, head.Digest, head.MediaType, want.Digest, want.MediaType)
			}
			img, err := remote.Image(ref, opt)
			if err != nil {
				t.Fatal(err)
			}
			if d, _ := img.Digest(); d != want.Digest {
				t.Errorf("pulled %s, want %s", d, want.Digest)
			}
			pullAll(t, img)
			// The same manifest by digest, as a pull resolves it.
			byDigest, err := name.ParseReference(ref.Context().Name() + "@" + want.Digest.String())
			if err != nil {
				t.Fatal(err)
			}
			if _, err := remote.Head(byDigest, opt); err != nil {
				t.Errorf("by digest: %v", err)
			}
		})
	}
	t.Run("unknown image", func(t *testing.T) {
		ref, _ := name.ParseReference("example.com/team/app:v2")
		_, err := remote.Image(ref, opt)
		want := "the tutor sandbox has no image example.com/team/app (asked for example.com/team/app:v2); add one with 'tutor sandbox images add NAME=DIR|TAR'"
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("pull of an unknown image: %v\nwant the message %q", err, want)
		}
	})
	t.Run("other digest", func(t *testing.T) {
		other := "sha256:" + strings.Repeat("ab", 32)
		ref, _ := name.ParseReference("nginx@" + other)
		_, err := remote.Image(ref, opt)
		if err == nil || !strings.Contains(err.Error(), "not "+other+": drop the digest") || !strings.Contains(err.Error(), AddHint) {
			t.Errorf("pull of a digest the store lacks: %v", err)
		}
	})
}

// pullAll reads the config and every layer of img, which verifies their
// digests.
func pullAll(t *testing.T, img v1.Image) {
	t.Helper()
	if _, err := img.ConfigFile(); err != nil {
		t.Fatal(err)
	}
	layers, err := img.Layers()
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range layers {
		rc, err := l.Compressed()
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.Copy(io.Discard, rc); err != nil {
			t.Errorf("layer: %v", err)
		}
		rc.Close()
	}
}

// TestRegistryPulls: every reference form of the posts pulls the image
// Build would serve for it, from a store of small stand-ins.
func TestRegistryPulls(t *testing.T) {
	s := newTestStore(t)
	fakeSet(t, s)
	checkPulls(t, s)
}

// TestRegistryHTTP checks the answers themselves: status, headers and
// error bodies, as containerd reads them.
func TestRegistryHTTP(t *testing.T) {
	s := newTestStore(t)
	fakeSet(t, s)
	srv, _ := serve(t, s)
	nginx, _ := s.Resolve("nginx")
	manifest, err := os.ReadFile(s.blobPath(nginx.Digest))
	if err != nil {
		t.Fatal(err)
	}
	m, err := s.readManifest(nginx.Digest)
	if err != nil {
		t.Fatal(err)
	}
	layer := m.Layers[0]
	for _, tc := range []struct {
		method, path string
		header       map[string]string // request headers
		status       int
		want         map[string]string // response headers
		code         string            // the error code in the body
		body         string            // in the body
	}{
		{method: "GET", path: "/v2/", status: 200, want: map[string]string{"Docker-Distribution-API-Version": "registry/2.0"}},
		{method: "HEAD", path: "/v2/library/nginx/manifests/1.27?ns=docker.io", status: 200, want: map[string]string{
			"Content-Type": string(nginx.MediaType), "Docker-Content-Digest": nginx.Digest.String(), "Content-Length": strconv.Itoa(len(manifest))}},
		{method: "GET", path: "/v2/library/nginx/manifests/" + nginx.Digest.String() + "?ns=docker.io", status: 200,
			want: map[string]string{"Docker-Content-Digest": nginx.Digest.String()}, body: string(manifest)},
		{method: "GET", path: "/v2/pause/manifests/3.10?ns=registry.k8s.io", status: 200},
		{method: "HEAD", path: "/v2/library/nginx/blobs/" + layer.Digest.String() + "?ns=docker.io", status: 200, want: map[string]string{
			"Content-Type": "application/octet-stream", "Docker-Content-Digest": layer.Digest.String(), "Content-Length": strconv.FormatInt(layer.Size, 10)}},
		{method: "GET", path: "/v2/library/nginx/blobs/" + layer.Digest.String(), header: map[string]string{"Range": "bytes=0-9"}, status: 206,
			want: map[string]string{"Content-Length": "10"}},
		{method: "HEAD", path: "/v2/library/nosuch/manifests/1.0?ns=docker.io", status: 403, want: map[string]string{"Content-Type": "application/json"}},
		{method: "GET", path: "/v2/library/nosuch/manifests/1.0?ns=docker.io", status: 403, code: "DENIED",
			body: "the tutor sandbox has no image docker.io/library/nosuch (asked for docker.io/library/nosuch:1.0); add one with 'tutor sandbox images add NAME=DIR|TAR'"},
		{method: "GET", path: "/v2/pause/manifests/3.10", status: 403, code: "DENIED", body: "no image docker.io/library/pause"},
		{method: "GET", path: "/v2/library/nginx/blobs/sha256:" + strings.Repeat("0", 64), status: 404, code: "BLOB_UNKNOWN"},
		{method: "GET", path: "/v2/library/nginx/blobs/sha256:../../index.json", status: 400, code: "DIGEST_INVALID"},
		{method: "GET", path: "/v2/Library/Nginx/manifests/1", status: 400, code: "NAME_INVALID"},
		{method: "GET", path: "/v2/library/nginx/tags/list", status: 404, code: "UNSUPPORTED"},
		{method: "PUT", path: "/v2/library/nginx/manifests/1", status: 405, code: "UNSUPPORTED"},
	} {
		t.Run(tc.method+" "+tc.path, func(t *testing.T) {
			req, _ := http.NewRequest(tc.method, srv.URL+tc.path, nil)
			for k, v := range tc.header {
				req.Header.Set(k, v)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			body, _ := io.ReadAll(resp.Body)
			if resp.StatusCode != tc.status {
				t.Errorf("status %d, want %d: %s", resp.StatusCode, tc.status, body)
			}
			for k, v := range tc.want {
				if got := resp.Header.Get(k); got != v {
					t.Errorf("%s: %q, want %q", k, got, v)
				}
			}
			if tc.code != "" {
				var e registryError
				if err := json.Unmarshal(body, &e); err != nil || len(e.Errors) != 1 || e.Errors[0].Code != tc.code {
					t.Errorf("body %s, want one error %s", body, tc.code)
				}
			}
			if !strings.Contains(string(body), tc.body) {
				t.Errorf("body %s, want it to contain %q", body, tc.body)
			}
		})
	}
}

// TestServe: Serve answers until its context ends, then returns nil.
func TestServe(t *testing.T) {
	s := newTestStore(t)
	fakeSet(t, s)
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	var out strings.Builder
	log := &syncio.Writer{W: &out}
	done := make(chan error, 1)
	go func() { done <- Serve(ctx, s, l, log) }()
	resp, err := http.Get("http://" + l.Addr().String() + "/v2/library/busybox/manifests/1.36")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Errorf("status %d", resp.StatusCode)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Serve: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Serve did not return after its context ended")
	}
	if _, err := http.Get("http://" + l.Addr().String() + "/v2/"); err == nil {
		t.Error("the registry still answers after Serve returned")
	}
	var got string
	log.Locked(func() { got = out.String() })
	if want := "GET /v2/library/busybox/manifests/1.36 200\n"; got != want {
		t.Errorf("log %q, want %q", got, want)
	}
}

// BenchmarkRegistryManifestBlob: a manifest and a 1 MiB layer from
// Registry over loopback HTTP, as a pull asks for them.
func BenchmarkRegistryManifestBlob(b *testing.B) {
	s := newTestStore(b)
	img, err := dirImage(rootfs(b, 1, 1<<20, true), b.TempDir(), nil)
	if err != nil {
		b.Fatal(err)
	}
	if err := putImage(s.Dir(), img, entry{name: "app", repos: []string{"docker.io/library/app"}, source: SourceAdded}); err != nil {
		b.Fatal(err)
	}
	a, _ := s.Resolve("app")
	m, _ := s.readManifest(a.Digest)
	srv := httptest.NewServer(Registry(s))
	defer srv.Close()
	get := func(path string) int64 {
		resp, err := http.Get(srv.URL + path)
		if err != nil {
			b.Fatal(err)
		}
		n, _ := io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 {
			b.Fatalf("%s: %d", path, resp.StatusCode)
		}
		return n
	}
	b.ResetTimer()
	for b.Loop() {
		n := get("/v2/library/app/manifests/latest?ns=docker.io")
		n += get("/v2/library/app/blobs/" + m.Layers[0].Digest.String() + "?ns=docker.io")
		b.SetBytes(n)
	}
}
