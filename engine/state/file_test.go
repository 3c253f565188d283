package state

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

// stateText is a small shell state with nothing secret in it.
const stateText = "# tutor shell state v1\n\\builtin cd -- /work\ndeclare -- X=\"1\"\n\\builtin return 0\n#tutor:cwd:/work\n#tutor:end\n"

func TestSaveLoadRoundTrip(t *testing.T) {
	tests := []struct {
		name  string
		shell []byte
	}{
		{"text", []byte(stateText)},
		{"not utf-8", []byte("# tutor shell state v1\ndeclare -- B=$'\\377'\nraw \xff byte\n")},
		{"empty", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "runs", "x.json")
			want := &State{
				Version:      Version,
				Tutorial:     "/posts/cilium.md",
				Fingerprints: []string{"f1", "f2", "f3"},
				Done:         2,
				Shell:        tt.shell,
				Dropped:      []string{"AZURE_CLIENT_SECRET"},
				Bindings:     map[string]string{"web-6c9f8d7b5d-2xkqp": "web-7d4b9c6f8-k2m9x"},
				Applied:      []string{"deployment default/web", "service default/web"},
				Saved:        time.Date(2025, 2, 7, 10, 21, 33, 0, time.UTC),
			}
			if err := Save(path, want, nil); err != nil {
				t.Fatalf("Save: %v", err)
			}
			got, err := Load(path)
			if err != nil {
				t.Fatalf("Load: %v", err)
			}
			if len(want.Shell) == 0 {
				want.Shell = []byte{}
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("Load = %+v\nwant %+v", got, want)
			}
			fi, err := os.Stat(path)
			if err != nil {
				t.Fatal(err)
			}
			if mode := fi.Mode().Perm(); mode != 0o600 {
				t.Errorf("mode = %v, want 0600", mode)
			}
			entries, _ := os.ReadDir(filepath.Dir(path))
			if len(entries) != 1 {
				t.Errorf("the directory holds %d files, want only the state", len(entries))
			}
		})
	}
}

func TestSaveReplaces(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.json")
	for done := range 3 {
		if err := Save(path, &State{Tutorial: "/p.md", Fingerprints: []string{"a", "b"}, Done: done}, nil); err != nil {
			t.Fatal(err)
		}
	}
	if s, err := Load(path); err != nil || s.Done != 2 {
		t.Errorf("Load = %+v, %v; want Done 2", s, err)
	}
}

func TestLoadErrors(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
		return path
	}
	_, err := Load(filepath.Join(dir, "missing.json"))
	var nf *NotFoundError
	if !errors.As(err, &nf) || !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Load of a missing file: %v (%T), want *NotFoundError", err, err)
	}
	corrupt := map[string]string{
		"truncated":     `{"version": 1, "tutorial": "/p.md", "fingerpr`,
		"not json":      "declare -- X=1\n",
		"empty":         "",
		"other version": `{"version": 2, "tutorial": "/p.md", "fingerprints": [], "done": 0}`,
		"no tutorial":   `{"version": 1, "fingerprints": [], "done": 0}`,
		"done too far":  `{"version": 1, "tutorial": "/p.md", "fingerprints": ["a"], "done": 2}`,
		"wrong type":    `{"version": "1"}`,
	}
	for name, text := range corrupt {
		t.Run(name, func(t *testing.T) {
			path := write(strings.ReplaceAll(name, " ", "-")+".json", text)
			_, err := Load(path)
			var ce *CorruptError
			if !errors.As(err, &ce) || ce.Path != path {
				t.Errorf("Load: %v (%T), want *CorruptError", err, err)
			}
		})
	}
}

func TestPath(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("TUTOR_STATE_DIR", filepath.Join(dir, "states"))
	a, err := Path(filepath.Join(dir, "a.md"))
	if err != nil {
		t.Fatal(err)
	}
	b, _ := Path(filepath.Join(dir, "b.md"))
	if a == b {
		t.Errorf("two tutorials in one directory share %s", a)
	}
	if got, want := filepath.Dir(a), filepath.Join(dir, "states"); got != want {
		t.Errorf("Path dir = %s, want %s", got, want)
	}
	if base := filepath.Base(a); len(base) != len("0123456789abcdef.json") {
		t.Errorf("Path base = %s, want 16 hex digits and .json", base)
	}
	t.Chdir(dir)
	if rel, _ := Path("a.md"); rel != a {
		t.Errorf("relative path gives %s, absolute %s", rel, a)
	}
	if err := os.WriteFile(filepath.Join(dir, "a.md"), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(dir, "a.md"), filepath.Join(dir, "link.md")); err != nil {
		t.Fatal(err)
	}
	a, _ = Path("a.md")
	if link, _ := Path("link.md"); link != a {
		t.Errorf("a symbolic link gives %s, its target %s", link, a)
	}
}

func TestPathDirectories(t *testing.T) {
	tests := []struct {
		name, stateDir, xdg, home, want string
	}{
		{"TUTOR_STATE_DIR wins", "/s", "/x", "/h", "/s"},
		{"XDG_STATE_HOME", "", "/x", "/h", "/x/tutor/runs"},
		{"relative XDG_STATE_HOME is ignored", "", "x", "/h", "/h/.local/state/tutor/runs"},
		{"home", "", "", "/h", "/h/.local/state/tutor/runs"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("TUTOR_STATE_DIR", tt.stateDir)
			t.Setenv("XDG_STATE_HOME", tt.xdg)
			t.Setenv("HOME", tt.home)
			p, err := Path("/posts/a.md")
			if err != nil {
				t.Fatal(err)
			}
			if got := filepath.Dir(p); got != tt.want {
				t.Errorf("dir = %s, want %s", got, tt.want)
			}
		})
	}
}
