package posts

import (
	"fmt"
	"testing"
)

// benchTree writes 2000 posts in 40 directories of a git work tree: most
// are shell posts, some apply manifests, every tenth opts out.
func benchTree(b *testing.B) string {
	b.Helper()
	dir := b.TempDir()
	files := map[string]string{".gitignore": "build/\n"}
	for i := range 2000 {
		body := fmt.Sprintf("---\ntitle: Post %d\n---\n# Post %d\n\nSome prose about step one.\n\n```console\n$ echo %d\n%d\n$ ls -1 /\n```\n\n## Deploy\n\n```bash\nkubectl apply -f manifests/web-%d.yaml\n```\n", i, i, i, i, i)
		if i%10 == 0 {
			body = "---\ntutor:\n  skip: not yet\n---\n" + body[4:]
		}
		files[fmt.Sprintf("docs/d%02d/post-%04d.md", i%40, i)] = body
	}
	writeTree(b, dir, files)
	hermeticGit(b, dir)
	return dir
}

// BenchmarkFindLoad finds and loads 2000 posts, as tutor plan --matrix
// does for a large docs tree.
func BenchmarkFindLoad(b *testing.B) {
	dir := benchTree(b)
	b.Chdir(dir)
	for _, inGit := range []bool{false, true} {
		if inGit {
			gitInitB(b, dir)
		}
		b.Run(fmt.Sprintf("git=%v", inGit), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				found, err := Search([]string{"docs"})
				if err != nil {
					b.Fatal(err)
				}
				if len(found.Files) != 1800 || len(found.Skips) != 200 {
					b.Fatalf("%d posts, %d left out", len(found.Files), len(found.Skips))
				}
				if _, err := Load(found.Files, nil); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkFind is Find alone over the same tree.
func BenchmarkFind(b *testing.B) {
	dir := benchTree(b)
	b.Chdir(dir)
	gitInitB(b, dir)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Find([]string{"docs"}); err != nil {
			b.Fatal(err)
		}
	}
}

func gitInitB(b *testing.B, dir string) {
	for _, args := range [][]string{{"init", "-q", "-b", "main"}, {"add", "-A"}, {"commit", "-q", "-m", "start"}} {
		if out, err := gitCmd(dir, args...); err != nil {
			b.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
}
