package reader

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/rogpeppe/go-internal/txtar"
)

// FuzzRead feeds arbitrary bytes to the reader, seeded with the golden
// corpus: it must never panic, it must answer within a second, and it
// returns either a tutorial or errors that all carry a message and a line
// inside the file.
func FuzzRead(f *testing.F) {
	for _, post := range goldenPosts(f) {
		f.Add(post)
	}
	if seed, err := os.ReadFile("../../tutorials/getting-started.md"); err == nil {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		start := time.Now()
		tu, err := Read("fuzz.md", src)
		if d := time.Since(start); d > time.Second {
			t.Errorf("Read of %d bytes took %s", len(src), d)
		}
		if err != nil {
			e, ok := err.(*Error)
			if !ok || len(e.Diagnostics) == 0 {
				t.Fatalf("error %v is not a non-empty *Error", err)
			}
			n := len(lineStarts(src))
			for _, d := range e.Diagnostics {
				if d.Message == "" || d.Pos.Line < 1 || d.Pos.Line > n+1 {
					t.Fatalf("diagnostic line %d outside 1..%d: %s", d.Pos.Line, n, d)
				}
			}
			return
		}
		for _, st := range tu.Steps() {
			if st.Pos.Line < 1 {
				t.Fatalf("step without a line: %+v", st)
			}
			if st.CommandSpan.End > len(src) || st.CommandSpan.Start > st.CommandSpan.End {
				t.Fatalf("bad command span %+v for %d bytes", st.CommandSpan, len(src))
			}
		}
	})
}

// goldenPosts returns the post.md of every testdata/*.txtar.
func goldenPosts(f *testing.F) [][]byte {
	var posts [][]byte
	archives, _ := filepath.Glob("testdata/*.txtar")
	for _, name := range archives {
		ar, err := txtar.ParseFile(name)
		if err != nil {
			f.Fatal(err)
		}
		for _, file := range ar.Files {
			if file.Name == "post.md" {
				posts = append(posts, file.Data)
			}
		}
	}
	return posts
}
