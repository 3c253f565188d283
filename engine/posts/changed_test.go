package posts

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// changedTree is a repository of posts and the files they name.
var changedTree = map[string]string{
	"docs/intro.md":            post(""),
	"docs/deploy.md":           post("```bash\nkubectl apply -f manifests/web.yaml\n```\n"),
	"docs/manifests/web.yaml":  "kind: Namespace\n",
	"docs/chart.md":            post("```console\n$ helm install web ./chart -f values.yaml\n```\n"),
	"docs/chart/Chart.yaml":    "name: web\n",
	"docs/values.yaml":         "replicas: 1\n",
	"docs/env.md":              post("```console\n$ source ../scripts/env.sh\n```\n"),
	"scripts/env.sh":           "export A=1\n",
	"docs/writes.md":           post("Create a file named `manifests/web.yaml` with:\n\n```yaml\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: x\n```\n\n```console\n$ kubectl apply -f manifests/web.yaml\n```\n"),
	"docs/broken.md":           "# Broken\n\n```console\n$ kubectl apply -f manifests/web.yaml\n",
	"docs/guide/nested.md":     post("```console\n$ kubectl apply -f ../manifests/web.yaml\n```\n"),
	"docs/guide/unrelated.txt": "x\n",
	".gitignore":               "*.env\n",
	"docs/local.md":            post("```console\n$ source ./local.env\n$ cat notes.txt\n```\n"),
}

// TestChangedSince plays a pull request: a branch off main whose work
// tree is then changed, while main moves on.
func TestChangedSince(t *testing.T) {
	all := []string{"docs/broken.md", "docs/chart.md", "docs/deploy.md", "docs/env.md", "docs/guide/nested.md", "docs/intro.md", "docs/local.md", "docs/writes.md"}
	commitWebV2 := func(t *testing.T, dir string) {
		writeTree(t, dir, map[string]string{"docs/manifests/web.yaml": "kind: Namespace # v2\n"})
		runGit(t, dir, "commit", "-qam", "web v2")
	}
	for _, tc := range []struct {
		name   string
		change func(t *testing.T, dir string)
		chdir  string // run from here, with files relative to it
		want   []string
	}{
		{name: "nothing changed", change: func(*testing.T, string) {}, want: []string{}},
		{name: "a committed manifest", change: commitWebV2, want: []string{"docs/deploy.md", "docs/guide/nested.md"}},
		{name: "from a subdirectory", chdir: "docs", change: commitWebV2, want: []string{"deploy.md", "guide/nested.md"}},
		{name: "a post itself, uncommitted", change: writesFile("docs/intro.md", post("more\n")), want: []string{"docs/intro.md"}},
		{name: "a broken post itself", change: writesFile("docs/broken.md", "# Still broken\n\n```console\n"), want: []string{"docs/broken.md"}},
		{name: "staged", change: func(t *testing.T, dir string) {
			writeTree(t, dir, map[string]string{"scripts/env.sh": "export A=2\n"})
			runGit(t, dir, "add", "scripts/env.sh")
		}, want: []string{"docs/env.md"}},
		{name: "a file under a named directory", change: writesFile("docs/chart/templates/new.yaml", "kind: Service\n"), want: []string{"docs/chart.md"}},
		{name: "a named file deleted", change: func(t *testing.T, dir string) {
			runGit(t, dir, "rm", "-q", "docs/values.yaml")
			runGit(t, dir, "commit", "-qm", "no values")
		}, want: []string{"docs/chart.md"}},
		{name: "a named file renamed away", change: func(t *testing.T, dir string) {
			runGit(t, dir, "mv", "scripts/env.sh", "scripts/environment.sh")
			runGit(t, dir, "commit", "-qm", "rename")
		}, want: []string{"docs/env.md"}},
		{name: "untracked", change: writesFile("docs/notes.txt", "x"), want: []string{"docs/local.md"}},
		{name: "ignored", change: writesFile("docs/local.env", "A=1"), want: []string{}},
		{name: "main moved on, the branch did not", change: func(t *testing.T, dir string) {
			runGit(t, dir, "checkout", "-q", "main")
			writeTree(t, dir, map[string]string{"docs/manifests/web.yaml": "kind: Namespace # on main\n"})
			runGit(t, dir, "commit", "-qam", "main moves")
			runGit(t, dir, "checkout", "-q", "pr")
		}, want: []string{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			hermeticGit(t, dir)
			writeTree(t, dir, changedTree)
			gitInit(t, dir)
			runGit(t, dir, "checkout", "-q", "-b", "pr")
			tc.change(t, dir)
			t.Chdir(filepath.Join(dir, tc.chdir))
			files := all
			if tc.chdir != "" {
				files = nil
				for _, f := range all {
					files = append(files, strings.TrimPrefix(f, tc.chdir+"/"))
				}
			}
			loaded, err := Load(files, nil)
			if err != nil {
				t.Fatal(err)
			}
			chosen, err := ChangedSince(context.Background(), "main", loaded)
			if err != nil {
				t.Fatal(err)
			}
			got := []string{}
			for _, p := range chosen {
				got = append(got, p.File)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("changed\n got %q\nwant %q", got, tc.want)
			}
		})
	}
}

// writesFile is a change that writes text to the file at path in the
// repository, and does nothing with git.
func writesFile(path, text string) func(*testing.T, string) {
	return func(t *testing.T, dir string) {
		writeTree(t, dir, map[string]string{path: text})
	}
}

// TestChangedSinceErrors: outside a repository, an unknown revision and
// one without common history are typed errors that say what to do.
func TestChangedSinceErrors(t *testing.T) {
	ctx := context.Background()
	t.Run("not a repository", func(t *testing.T) {
		dir := t.TempDir()
		hermeticGit(t, dir)
		t.Chdir(dir)
		_, err := ChangedSince(ctx, "main", nil)
		var nr *NotRepoError
		if !errors.As(err, &nr) || !strings.Contains(err.Error(), "is not inside a git work tree") {
			t.Errorf("error %v (%T), want a *NotRepoError", err, err)
		}
	})
	dir := t.TempDir()
	hermeticGit(t, dir)
	writeTree(t, dir, map[string]string{"a.md": post("")})
	gitInit(t, dir)
	runGit(t, dir, "checkout", "-q", "--orphan", "alone")
	runGit(t, dir, "commit", "-qm", "no shared history")
	t.Chdir(dir)
	for _, tc := range []struct{ ref, msg string }{
		{ref: "origin/nowhere", msg: "--changed-since origin/nowhere: git knows no such revision (in CI, fetch it: actions/checkout with fetch-depth: 0)"},
		{ref: "--output=x", msg: "--changed-since --output=x: want a git revision (a branch, tag or commit)"},
		{ref: "main", msg: "--changed-since main: HEAD shares no history with it (a shallow clone? fetch with fetch-depth: 0)"},
	} {
		t.Run(tc.ref, func(t *testing.T) {
			_, err := ChangedSince(ctx, tc.ref, []Post{{File: "a.md"}})
			var re *RefError
			if !errors.As(err, &re) || err.Error() != tc.msg {
				t.Errorf("error %v (%T), want *RefError %q", err, err, tc.msg)
			}
		})
	}
	if _, err := os.Stat("x"); err == nil {
		t.Error("a ref that looks like a flag reached git as one")
	}
}
