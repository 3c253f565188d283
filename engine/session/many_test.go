package session

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tutor-run/tutor/engine/internal/syncio"
	"github.com/tutor-run/tutor/engine/posts"
	"github.com/tutor-run/tutor/engine/result"
)

// writePosts writes name=text posts into one fresh directory (which also
// holds the run state) and returns their paths in order.
func writePosts(t *testing.T, texts ...string) []posts.Post {
	t.Helper()
	dir := t.TempDir()
	t.Setenv("TUTOR_STATE_DIR", filepath.Join(dir, "state"))
	var ps []posts.Post
	for i := 0; i+1 < len(texts); i += 2 {
		path := filepath.Join(dir, texts[i])
		if err := os.WriteFile(path, []byte(texts[i+1]), 0o644); err != nil {
			t.Fatal(err)
		}
		ps = append(ps, posts.Post{File: path})
	}
	return ps
}

// display records what a run of many posts showed, per post.
type display struct {
	mu    sync.Mutex
	notes map[string]*syncio.Writer // to a strings.Builder
	done  []string
}

func (d *display) Post(file string) PostView {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.notes == nil {
		d.notes = map[string]*syncio.Writer{}
	}
	w := &syncio.Writer{W: &strings.Builder{}}
	d.notes[file] = w
	return &view{d: d, file: file, notes: w}
}

type view struct {
	nopReporter
	d     *display
	file  string
	notes *syncio.Writer
}

func (v *view) Notes() io.Writer { return v.notes }

func (v *view) Done(*result.Run) {
	v.d.mu.Lock()
	defer v.d.mu.Unlock()
	v.d.done = append(v.d.done, filepath.Base(v.file))
}

const malformedPost = "# Bad\n\n<!-- tutor: expect exit sometimes -->\n```console\n$ touch ran\n```\n"

func TestRunManyRefusesMalformedPostsBeforeRunning(t *testing.T) {
	ps := writePosts(t, "a.md", "# A\n\n```console\n$ touch a-ran\n```\n", "b.md", malformedPost)
	d := &display{}
	_, err := RunMany(context.Background(), Many{Posts: ps, Jobs: 2, Display: d})
	var me *MalformedError
	if !errors.As(err, &me) || len(me.Errs) != 1 || !strings.Contains(me.Errs[0].Error(), "b.md:3") {
		t.Fatalf("err = %v, want a MalformedError naming b.md:3", err)
	}
	if len(d.done) != 0 {
		t.Errorf("posts shown as done: %v, want none", d.done)
	}
	if _, err := os.Stat(filepath.Join(filepath.Dir(ps[0].File), "a-ran")); err == nil {
		t.Error("a.md ran although b.md is malformed")
	}
}

func TestRunManyKeepGoingReportsMalformedPostsAndRunsTheOthers(t *testing.T) {
	ps := writePosts(t, "a.md", passing, "b.md", malformedPost, "c.md", failing)
	opts := Many{Posts: ps, Jobs: 2, Display: &display{}}
	opts.Post.Selection.KeepGoing = true
	runs, err := RunMany(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range runs {
		got = append(got, fmt.Sprintf("%s=%d", filepath.Base(r.Tutorial.File), r.ExitCode()))
	}
	if want := "a.md=0 b.md=2 c.md=1"; strings.Join(got, " ") != want {
		t.Errorf("runs = %s, want %s", strings.Join(got, " "), want)
	}
	if runs[1].Failed == nil || !strings.Contains(runs[1].Failed.Message, "b.md:3") {
		t.Errorf("b.md's failure = %+v, want its file:line", runs[1].Failed)
	}
}

// Each post runs in a private directory that links to its own directory's
// entries: what a step writes stays with its post and the docs tree is
// not written to. Results come in the posts' order whatever order they
// finished in.
func TestRunManyIsolatesPosts(t *testing.T) {
	write := func(name string, pause string) string {
		return "# " + name + "\n\n```console\n$ sleep " + pause + "; echo " + name + " > mine; ls mine* other* 2>/dev/null | sort; cat shared\n" +
			"mine\nshared text\n```\n"
	}
	ps := writePosts(t, "slow.md", write("slow", "0.4"), "fast.md", write("fast", "0"))
	dir := filepath.Dir(ps[0].File)
	if err := os.WriteFile(filepath.Join(dir, "shared"), []byte("shared text\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	d := &display{}
	runs, err := RunMany(context.Background(), Many{Posts: ps, Jobs: 2, Display: d})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range runs {
		if code := r.ExitCode(); code != result.ExitPassed {
			_, st := r.FirstFailure()
			t.Errorf("%s: exit %d: %s", r.Tutorial.File, code, st.Message())
		}
	}
	if runs[0].Tutorial.File != ps[0].File {
		t.Errorf("first result is %s, want %s", runs[0].Tutorial.File, ps[0].File)
	}
	if strings.Join(d.done, " ") != "fast.md slow.md" {
		t.Errorf("finished in order %v, want fast first (the two ran at once)", d.done)
	}
	if _, err := os.Stat(filepath.Join(dir, "mine")); err == nil {
		t.Error("a post wrote into the docs tree")
	}
}

func TestRunManyPostTimeout(t *testing.T) {
	ps := writePosts(t, "slow.md", "# Slow\n\n```console\n$ sleep 30\n```\n", "quick.md", passing)
	start := time.Now()
	runs, err := RunMany(context.Background(), Many{Posts: ps, Jobs: 2, PostTimeout: 500 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	if took := time.Since(start); took > 15*time.Second {
		t.Errorf("took %s; the timeout did not stop the slow post", took)
	}
	slow := runs[0]
	if slow.Failed == nil || slow.ExitCode() != result.ExitEnvironment || !strings.Contains(slow.Failed.Message, "timed out") {
		t.Errorf("slow post: failed %+v exit %d, want timed out with 3", slow.Failed, slow.ExitCode())
	}
	if runs[1].ExitCode() != result.ExitPassed {
		t.Errorf("quick post: exit %d, want 0", runs[1].ExitCode())
	}
}

// A post that talks to no cluster starts no sandbox, even with --sandbox:
// here the sandbox's binaries are missing, so starting one would fail.
func TestRunManyStartsNoSandboxForPostsWithoutCluster(t *testing.T) {
	t.Setenv("TUTOR_CLUSTER_BIN", filepath.Join(t.TempDir(), "none"))
	ps := writePosts(t, "a.md", passing)
	opts := Many{Posts: ps}
	opts.Post.Cluster.Sandbox.Enabled = true
	runs, err := RunMany(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	if runs[0].ExitCode() != result.ExitPassed {
		t.Errorf("exit %d (%+v), want 0", runs[0].ExitCode(), runs[0].Failed)
	}
}
