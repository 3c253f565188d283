package helm

import (
	"bytes"
	"fmt"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"helm.sh/helm/v3/pkg/getter"
)

// MirrorError reports a URL under a mirrored repository that the mirror
// directory does not hold.
type MirrorError struct {
	URL, Path string
	Err       error
}

func (e *MirrorError) Error() string {
	return fmt.Sprintf("mirror: %s (from %s): %v", e.Path, e.URL, e.Err)
}

// Unwrap returns the file system error.
func (e *MirrorError) Unwrap() error { return e.Err }

// MirrorProvider returns a getter.Provider for http and https that serves
// the URLs under each key of mirrors (a repository URL) from the directory
// it maps to, and hands every other URL to helm's HTTP getter. A mirrored
// repository never goes to the network.
func MirrorProvider(mirrors map[string]string) getter.Provider {
	m := mirrorGetter{}
	for u, dir := range mirrors {
		m.prefixes = append(m.prefixes, mirrorPrefix{strings.TrimSuffix(u, "/") + "/", dir})
	}
	// Longest prefix first, so nested repositories win.
	sort.Slice(m.prefixes, func(i, j int) bool { return len(m.prefixes[i].url) > len(m.prefixes[j].url) })
	return getter.Provider{
		Schemes: []string{"http", "https"},
		New: func(options ...getter.Option) (getter.Getter, error) {
			m := m
			m.options = options
			return &m, nil
		},
	}
}

// mirrorPrefix maps a repository URL (ending in "/") to a directory.
type mirrorPrefix struct{ url, dir string }

// mirrorGetter is the getter.Getter of MirrorProvider.
type mirrorGetter struct {
	prefixes []mirrorPrefix
	options  []getter.Option
}

// Get reads a mirrored URL from its directory or fetches it over HTTP.
func (g *mirrorGetter) Get(rawURL string, options ...getter.Option) (*bytes.Buffer, error) {
	if path, ok := g.local(rawURL); ok {
		b, err := os.ReadFile(path)
		if err != nil {
			return nil, &MirrorError{URL: rawURL, Path: path, Err: err}
		}
		return bytes.NewBuffer(b), nil
	}
	hg, err := getter.NewHTTPGetter(g.options...)
	if err != nil {
		return nil, err
	}
	return hg.Get(rawURL, options...)
}

// local maps a URL under a mirrored repository to its file.
func (g *mirrorGetter) local(rawURL string) (string, bool) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return "", false
	}
	u.RawQuery, u.Fragment = "", ""
	clean := u.String()
	for _, p := range g.prefixes {
		if rel, ok := strings.CutPrefix(clean, p.url); ok && rel != "" {
			if unescaped, err := url.PathUnescape(rel); err == nil {
				rel = unescaped
			}
			// Cleaning the rooted path keeps ".." inside the directory.
			return filepath.Join(p.dir, filepath.FromSlash(path.Clean("/"+rel))), true
		}
	}
	return "", false
}
