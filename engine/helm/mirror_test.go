package helm

import (
	"errors"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
)

func TestMirrorProvider(t *testing.T) {
	dir := t.TempDir()
	for name, body := range map[string]string{"index.yaml": "index", "c-1.0.0.tgz": "chart", "sub/d.tgz": "nested"} {
		path := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("net:" + r.URL.Path)) }))
	defer srv.Close()

	g, err := MirrorProvider(map[string]string{"https://charts.example/repo": dir}).New()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		url, want string
		notExist  bool
	}{
		{"https://charts.example/repo/index.yaml", "index", false},
		{"https://charts.example/repo/c-1.0.0.tgz?x=1", "chart", false},
		{"https://charts.example/repo/sub/d.tgz", "nested", false},
		{"https://charts.example/repo/../../etc/passwd", "", true}, // stays inside dir
		{"https://charts.example/repo/missing.tgz", "", true},      // never goes to the network
		{srv.URL + "/other/index.yaml", "net:/other/index.yaml", false},
	}
	for _, tt := range tests {
		t.Run(tt.url, func(t *testing.T) {
			buf, err := g.Get(tt.url)
			if tt.notExist {
				var me *MirrorError
				if !errors.As(err, &me) || !errors.Is(err, fs.ErrNotExist) {
					t.Fatalf("err = %v, want a *MirrorError for a missing file", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := buf.String(); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

// TestLocateChart finds charts without a cluster: a repository reference
// after repo add, --repo, a .tgz and a local dir, all offline through the
// mirror.
func TestLocateChart(t *testing.T) {
	dir := ciliumChartsDir(t)
	c := newTestClient(t, "", dir)
	run(t, c, "repo add cilium https://helm.cilium.io/", nil)
	if got, want := run(t, c, "repo add cilium https://helm.cilium.io/", nil).Output, "\"cilium\" already exists with the same configuration, skipping\n"; got != want {
		t.Errorf("second repo add = %q, want %q", got, want)
	}
	tests := []struct {
		name           string
		cmd            Command
		chart, version string
	}{
		{"repo reference", Command{Chart: "cilium/cilium", Version: "1.14.0"}, "cilium", "1.14.0"},
		{"repo reference, range", Command{Chart: "cilium/cilium", Version: "~1.14.0"}, "cilium", "1.14.19"},
		{"--repo", Command{Chart: "cilium", ChartRepo: "https://helm.cilium.io", Version: "1.14.0"}, "cilium", "1.14.0"},
		{".tgz", Command{Chart: filepath.Join(dir, "cilium-1.14.0.tgz")}, "cilium", "1.14.0"},
		{"local dir", Command{Chart: "./tiny"}, "tiny", "0.1.0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ch, err := c.loadChart(tt.cmd)
			if err != nil {
				t.Fatal(err)
			}
			if ch.Metadata.Name != tt.chart || ch.Metadata.Version != tt.version {
				t.Errorf("chart %s-%s, want %s-%s", ch.Metadata.Name, ch.Metadata.Version, tt.chart, tt.version)
			}
		})
	}
	for _, chart := range []string{"./nothing", "cilium/nothing", "nope/cilium"} {
		if _, err := c.loadChart(Command{Chart: chart}); err == nil {
			t.Errorf("loadChart(%q): no error", chart)
		}
	}
}
