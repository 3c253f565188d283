package images

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"strings"
	"time"

	v1 "github.com/google/go-containerregistry/pkg/v1"
)

// AddHint is how a user puts an image the store lacks into it.
const AddHint = "tutor sandbox images add NAME=DIR|TAR"

// Registry serves the store read-only over the part of the OCI
// distribution API a puller uses: GET /v2/, and HEAD and GET of
// /v2/<name>/manifests/<tag or digest> and /v2/<name>/blobs/<digest>.
//
// <name> is read as containerd sends it to a mirror: the path of the
// repository on its upstream registry, whose host comes as the query
// ?ns=host (none means Docker Hub). Any tag of a repository the store
// has gives that image; a digest gives the manifest if the store holds
// it. A repository the store lacks is refused with an error that names it
// and says how to add an image (AddHint); see unknownStatus for why that
// refusal is a 403.
func Registry(s *Store) http.Handler {
	return &registry{store: s}
}

type registry struct {
	store *Store
}

// The error codes of the distribution spec that the registry answers with.
const (
	codeDenied          = "DENIED"
	codeNameInvalid     = "NAME_INVALID"
	codeManifestUnknown = "MANIFEST_UNKNOWN"
	codeBlobUnknown     = "BLOB_UNKNOWN"
	codeDigestInvalid   = "DIGEST_INVALID"
	codeUnsupported     = "UNSUPPORTED"
)

func (g *registry) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Docker-Distribution-API-Version", "registry/2.0")
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		writeError(w, r, http.StatusMethodNotAllowed, codeUnsupported, "this registry is read-only")
		return
	}
	if r.URL.Path == "/v2/" || r.URL.Path == "/v2" {
		w.Header().Set("Content-Type", "application/json")
		if r.Method == http.MethodGet {
			io.WriteString(w, "{}\n")
		}
		return
	}
	rest, ok := strings.CutPrefix(r.URL.Path, "/v2/")
	if !ok {
		writeError(w, r, http.StatusNotFound, codeUnsupported, "not an OCI distribution API path: "+r.URL.Path)
		return
	}
	var name, kind, ref string
	for _, k := range []string{"manifests", "blobs"} {
		if i := strings.LastIndex(rest, "/"+k+"/"); i > 0 {
			name, kind, ref = rest[:i], k, rest[i+len(k)+2:]
			break
		}
	}
	if kind == "" || ref == "" {
		writeError(w, r, http.StatusNotFound, codeUnsupported, "this registry serves manifests and blobs only: "+r.URL.Path)
		return
	}
	ns := r.URL.Query().Get("ns")
	repo, err := repositoryAt(ns, name)
	if err != nil {
		writeError(w, r, http.StatusBadRequest, codeNameInvalid, err.Error())
		return
	}
	img, ok := g.store.resolve(repo)
	if !ok {
		sep := ":"
		if strings.Contains(ref, ":") {
			sep = "@"
		}
		writeError(w, r, unknownStatus, codeDenied, fmt.Sprintf(
			"the tutor sandbox has no image %s (asked for %s%s%s); add one with '%s'", repo, repo, sep, ref, AddHint))
		return
	}
	if kind == "manifests" {
		g.manifest(w, r, repo, img, ref)
		return
	}
	h, err := v1.NewHash(ref)
	if err != nil {
		writeError(w, r, http.StatusBadRequest, codeDigestInvalid, err.Error())
		return
	}
	g.serveBlob(w, r, h, "application/octet-stream", codeBlobUnknown, "blob "+ref+" is not in the sandbox's image store")
}

// unknownStatus is the status of the answer for an image the store lacks,
// with the error code DENIED, which containerd knows (it does not know
// NAME_UNKNOWN). containerd 2.4's resolver drops the body of a 404 and
// reports only "<ref>: not found"; after a 403 to its HEAD it asks again
// with GET and puts the body's errors in its own error, which the kubelet
// puts in the pod's event: so the hint to add the image reaches the user.
const unknownStatus = http.StatusForbidden

// manifest serves img's manifest for a tag, or the manifest ref names
// when it is a digest the store holds.
func (g *registry) manifest(w http.ResponseWriter, r *http.Request, repo string, img Image, ref string) {
	d := v1.Descriptor{Digest: img.Digest, MediaType: img.MediaType}
	if strings.Contains(ref, ":") {
		h, err := v1.NewHash(ref)
		if err != nil {
			writeError(w, r, http.StatusBadRequest, codeDigestInvalid, err.Error())
			return
		}
		var ok bool
		if d, ok = g.store.manifest(h); !ok {
			writeError(w, r, unknownStatus, codeDenied, fmt.Sprintf(
				"the tutor sandbox's image %s is %s, not %s: drop the digest from the image reference, or add that image with '%s'",
				repo, img.Digest, ref, AddHint))
			return
		}
	}
	g.serveBlob(w, r, d.Digest, string(d.MediaType), codeManifestUnknown, "manifest "+d.Digest.String()+" is missing from the sandbox's image store")
}

// serveBlob serves the blob h with its digest, length and content type,
// ranges included.
func (g *registry) serveBlob(w http.ResponseWriter, r *http.Request, h v1.Hash, contentType, code, missing string) {
	if h.Algorithm != "sha256" {
		writeError(w, r, http.StatusBadRequest, codeDigestInvalid, "only sha256 digests are served")
		return
	}
	f, err := os.Open(g.store.blobPath(h))
	if err != nil {
		writeError(w, r, http.StatusNotFound, code, missing)
		return
	}
	defer f.Close()
	w.Header().Set("Content-Type", contentType)
	w.Header().Set("Docker-Content-Digest", h.String())
	w.Header().Set("Etag", `"`+h.String()+`"`)
	// ServeContent sets Content-Length, answers HEAD without a body and
	// serves ranges, which resumed pulls ask for.
	http.ServeContent(w, r, "", time.Time{}, f)
}

// registryError is the body of an error answer, as the distribution spec
// has it.
type registryError struct {
	Errors []registryErrorItem `json:"errors"`
}

type registryErrorItem struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

func writeError(w http.ResponseWriter, r *http.Request, status int, code, message string) {
	body, _ := json.Marshal(registryError{Errors: []registryErrorItem{{Code: code, Message: message}}})
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", fmt.Sprint(len(body)+1))
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		w.Write(append(body, '\n'))
	}
}

// Serve serves Registry(s) on l until ctx ends, then stops accepting and
// lets the requests under way finish for up to five seconds.
func Serve(ctx context.Context, s *Store, l net.Listener, log io.Writer) error {
	var h http.Handler = Registry(s)
	if log != nil {
		h = logRequests(h, log)
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	done := make(chan struct{})
	defer close(done)
	go func() {
		select {
		case <-ctx.Done():
		case <-done:
			return
		}
		shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		srv.Shutdown(shutdown)
	}()
	err := srv.Serve(l)
	if errors.Is(err, http.ErrServerClosed) {
		return nil
	}
	return err
}

// logRequests writes a line per request: method, path and query, status.
func logRequests(h http.Handler, log io.Writer) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
		h.ServeHTTP(sw, r)
		fmt.Fprintf(log, "%s %s %d\n", r.Method, r.URL.RequestURI(), sw.status)
	})
}

type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(status int) {
	w.status = status
	w.ResponseWriter.WriteHeader(status)
}
