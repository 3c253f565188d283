package runner

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tutor-run/tutor/engine/record"
)

// TestRecordThenReplay records a run, then judges the post and an edited
// copy against the recording without executing anything.
func TestRecordThenReplay(t *testing.T) {
	const post = "# Count\n\n```console\n$ touch ran; echo one; echo two\none\ntwo\n```\n\n" +
		"# Fail\n\n<!-- tutor: expect exit 3 -->\n\n```console\n$ echo SECRET_TOKEN=$API_TOKEN; exit 3\n```\n"
	dir, recDir := t.TempDir(), t.TempDir()
	w, err := record.Create(recDir, "t.md", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	env := append(os.Environ(), "API_TOKEN=hunter2hunter2")
	res := runPost(t, post, Options{IO: IO{Dir: dir, Env: env}, Recording: Recording{Record: w}})
	if got, want := statuses(res), "count=passed fail=passed"; got != want {
		t.Fatalf("recorded run: %s, want %s", got, want)
	}
	if err := w.Err(); err != nil {
		t.Fatal(err)
	}
	rec, err := record.Load(recDir)
	if err != nil {
		t.Fatal(err)
	}
	if e, _ := rec.Lookup("fail#1"); e == nil || e.Exit != 3 || strings.Contains(e.Output, "hunter2") {
		t.Fatalf("fail#1 recorded as %+v", e)
	}

	replayDir := t.TempDir()
	res = runPost(t, post, Options{IO: IO{Dir: replayDir}, Recording: Recording{Replay: rec}})
	if got, want := statuses(res), "count=passed fail=passed"; got != want {
		t.Errorf("replay: %s, want %s", got, want)
	}
	if _, err := os.Stat(filepath.Join(replayDir, "ran")); err == nil {
		t.Error("the replay executed the step")
	}
	if !res.Sections[0].Steps[0].Replayed {
		t.Error("step not marked replayed")
	}

	edited := strings.Replace(post, "one\ntwo", "one\nthree", 1)
	res = runPost(t, edited, Options{IO: IO{Dir: replayDir}, Recording: Recording{Replay: rec}})
	if got, want := statuses(res), "count=failed fail=blocked"; got != want {
		t.Errorf("edited output: %s, want %s", got, want)
	}

	changed := strings.Replace(post, "echo two", "echo 2", 1)
	res = runPost(t, changed, Options{IO: IO{Dir: replayDir}, Recording: Recording{Replay: rec}})
	st := res.Sections[0].Steps[0]
	if st.Failure == nil || !strings.Contains(st.Failure.Message, "changed since it was recorded") {
		t.Errorf("changed command: %+v", st.Failure)
	}
}
