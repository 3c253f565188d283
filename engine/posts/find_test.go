package posts

import (
	"errors"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// tree is a docs folder with every kind of file Find must take or leave.
var tree = map[string]string{
	"docs/intro.md":                    post(""),
	"docs/guide/deploy.md":             post("```bash\nkubectl apply -f manifests/web.yaml\n```\n"),
	"docs/guide/manifests/web.yaml":    "kind: Namespace\n",
	"docs/guide/README.md":             "# Just words\n\nNo command here.\n",
	"docs/drafts/wip.md":               "---\ntutor:\n  skip: not finished\n---\n" + post(""),
	"docs/drafts/broken-header.md":     "---\ntutor: [\n---\n" + post(""),
	"docs/notes.txt":                   "not a post\n",
	"docs/.hidden/secret.md":           post(""),
	"docs/.github/template.md":         post(""),
	"docs/node_modules/pkg/readme.md":  post(""),
	"docs/build/out.md":                post(""),
	"docs/guide/.draft.md":             post(""),
	"other/loose.md":                   post(""),
	"other/deep/a/b/c/far.md":          post(""),
	"other/deep/a/b/c/far.markdown":    post(""),
	"other/empty/nothing.txt":          "",
	"weird name [1].md":                post(""),
	"docs/guide/manifests/values.yaml": "replicas: 1\n",
}

// TestFind takes files, directories and globs, inside a git work tree
// (where .gitignore counts) and outside one.
func TestFind(t *testing.T) {
	for _, inGit := range []bool{false, true} {
		name := "outside git"
		if inGit {
			name = "in a git work tree"
		}
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			hermeticGit(t, dir)
			writeTree(t, dir, tree)
			// build/ is ignored; in git only. An ignored file git tracks
			// (forced in) still counts: git lists it.
			writeTree(t, dir, map[string]string{".gitignore": "build/\n*.tmp.md\n", "docs/forced.tmp.md": post(""), "docs/scratch.tmp.md": post("")})
			if inGit {
				runGit(t, dir, "init", "-q", "-b", "main")
				runGit(t, dir, "add", "-A")
				runGit(t, dir, "add", "-f", "docs/forced.tmp.md")
				runGit(t, dir, "commit", "-q", "-m", "start")
				// Tracked, then deleted in the work tree: gone.
				writeTree(t, dir, map[string]string{"docs/deleted.md": post("")})
				runGit(t, dir, "add", "docs/deleted.md")
				if err := os.Remove(dir + "/docs/deleted.md"); err != nil {
					t.Fatal(err)
				}
				// Untracked and not ignored: found.
				writeTree(t, dir, map[string]string{"docs/untracked.md": post("")})
			} else {
				writeTree(t, dir, map[string]string{"docs/untracked.md": post("")})
			}
			t.Chdir(dir)
			ignored := []string(nil)
			if !inGit {
				ignored = []string{"docs/build/out.md", "docs/forced.tmp.md", "docs/scratch.tmp.md"}
			} else {
				ignored = []string{"docs/forced.tmp.md"}
			}
			docs := sorted(append([]string{"docs/drafts/broken-header.md", "docs/guide/README.md", "docs/guide/deploy.md", "docs/intro.md", "docs/untracked.md"}, ignored...))
			for _, tc := range []struct {
				name  string
				paths []string
				want  []string
				skips []Skip
			}{
				{name: "a directory", paths: []string{"docs"}, want: docs,
					skips: []Skip{{File: "docs/drafts/wip.md", Reason: "not finished"}}},
				{name: "as the user wrote it, cleaned", paths: []string{"./docs/../docs/guide/"}, want: []string{"docs/guide/README.md", "docs/guide/deploy.md"}},
				{name: "a file as is", paths: []string{"docs/notes.txt", "docs/drafts/wip.md", "docs/.hidden/secret.md"},
					want: []string{"docs/.hidden/secret.md", "docs/drafts/wip.md", "docs/notes.txt"}},
				{name: "named and found once", paths: []string{"docs/guide", "docs/guide/deploy.md", "docs/guide"}, want: []string{"docs/guide/README.md", "docs/guide/deploy.md"}},
				{name: "a named opted-out post runs", paths: []string{"docs/drafts", "docs/drafts/wip.md"}, want: []string{"docs/drafts/broken-header.md", "docs/drafts/wip.md"}},
				{name: "a hidden directory named", paths: []string{"docs/.hidden"}, want: []string{"docs/.hidden/secret.md"}},
				{name: "a glob across directories", paths: []string{"other/**/*.md"}, want: []string{"other/deep/a/b/c/far.md", "other/loose.md"}},
				{name: "a glob takes any extension", paths: []string{"other/**/far.*"}, want: []string{"other/deep/a/b/c/far.markdown", "other/deep/a/b/c/far.md"}},
				{name: "a glob within one directory", paths: []string{"docs/*.md"}, want: sorted(append([]string{"docs/intro.md", "docs/untracked.md"}, filterDir(ignored, "docs/")...))},
				{name: "a glob skips what a directory skips", paths: []string{"docs/**/*.md"}, want: docs,
					skips: []Skip{{File: "docs/drafts/wip.md", Reason: "not finished"}}},
				{name: "a glob from the top", paths: []string{"**/far.md"}, want: []string{"other/deep/a/b/c/far.md"}},
				{name: "a file whose name looks like a glob", paths: []string{"weird name [1].md"}, want: []string{"weird name [1].md"}},
				{name: "absolute stays absolute", paths: []string{dir + "/other/deep"}, want: []string{dir + "/other/deep/a/b/c/far.md"}},
			} {
				t.Run(tc.name, func(t *testing.T) {
					got, err := Search(tc.paths)
					if err != nil {
						t.Fatal(err)
					}
					if !reflect.DeepEqual(got.Files, tc.want) {
						t.Errorf("files\n got %q\nwant %q", got.Files, tc.want)
					}
					if !reflect.DeepEqual(got.Skips, tc.skips) {
						t.Errorf("skips\n got %q\nwant %q", got.Skips, tc.skips)
					}
				})
			}
		})
	}
}

func sorted(s []string) []string { return slices.Sorted(slices.Values(s)) }

// filterDir keeps the paths directly in dir.
func filterDir(paths []string, dir string) []string {
	var out []string
	for _, p := range paths {
		if rest, ok := strings.CutPrefix(p, dir); ok && !strings.Contains(rest, "/") {
			out = append(out, p)
		}
	}
	return out
}

// TestFindNothing: a path that matches nothing is a *NotFoundError that
// says which and how.
func TestFindNothing(t *testing.T) {
	dir := t.TempDir()
	hermeticGit(t, dir)
	writeTree(t, dir, tree)
	t.Chdir(dir)
	for _, tc := range []struct {
		paths []string
		kind  PathKind
		msg   string
	}{
		{paths: []string{"docs", "nowhere.md"}, kind: PathFile, msg: "nowhere.md: no such file"},
		{paths: []string{"docs/**/*.rst"}, kind: PathGlob, msg: "docs/**/*.rst: matches no post"},
		{paths: []string{"docs/**/secret.md"}, kind: PathGlob, msg: "docs/**/secret.md: matches no post"},
		{paths: []string{"missing/**/*.md"}, kind: PathGlob, msg: "missing/**/*.md: matches no post"},
		{paths: []string{"other/empty"}, kind: PathDir, msg: "other/empty: holds no post (no .md file that git does not ignore)"},
	} {
		t.Run(tc.msg, func(t *testing.T) {
			_, err := Find(tc.paths)
			var nf *NotFoundError
			if !errors.As(err, &nf) {
				t.Fatalf("error %v (%T), want a *NotFoundError", err, err)
			}
			if nf.Kind != tc.kind || err.Error() != tc.msg {
				t.Errorf("error %q kind %d, want %q kind %d", err, nf.Kind, tc.msg, tc.kind)
			}
		})
	}
	if _, err := Find([]string{"docs/[a-"}); err == nil || err.Error() != "docs/[a-: bad glob pattern" {
		t.Errorf("bad pattern: error %v", err)
	}
	if _, err := Find(nil); err == nil {
		t.Error("no path: no error")
	}
}

// TestFindLongFrontmatter reads a frontmatter longer than the first
// chunk read to find its opt-out.
func TestFindLongFrontmatter(t *testing.T) {
	dir := t.TempDir()
	hermeticGit(t, dir)
	long := "---\ntitle: long\n"
	for len(long) < 3*headerChunk {
		long += "# a comment line that makes the header long\n"
	}
	writeTree(t, dir, map[string]string{"d/long.md": long + "tutor:\n  skip: later\n---\n" + post(""), "d/ok.md": post(""),
		"d/header-only.md": "---\ntutor: {skip: empty}\n---", "d/skip-in-body.md": "---\ntitle: x\n---\n" + post("skip: not a setting\n")})
	t.Chdir(dir)
	got, err := Search([]string{"d"})
	if err != nil {
		t.Fatal(err)
	}
	if want := []Skip{{File: "d/header-only.md", Reason: "empty"}, {File: "d/long.md", Reason: "later"}}; !reflect.DeepEqual(got.Skips, want) {
		t.Errorf("skips %q, want %q", got.Skips, want)
	}
}
