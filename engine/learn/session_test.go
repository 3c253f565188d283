package learn

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"

	"github.com/tutor-run/tutor/engine/goldentest"
	"github.com/tutor-run/tutor/engine/reader"
	"github.com/tutor-run/tutor/engine/result"
	"github.com/tutor-run/tutor/engine/runner"
)

// post has two sections (the second with a failing step), a section of
// prose only and a cleanup section that leaves a file behind.
const post = `# First

Say **hello**.

` + "```console\n$ echo hello\nhello\n$ echo one\none\n```" + `

# Second

` + "```console\n$ printf 'a\\nactual\\n'\na\nexpected\n$ echo after\nafter\n```" + `

# Words

Nothing to run.

# Cleanup

<!-- tutor: cleanup -->
` + "```console\n$ touch cleaned\n```\n"

// learnPost runs src with a Session reading keys (one per line) and
// returns the run and the transcript.
func learnPost(t *testing.T, src string, opts Options) (*result.Run, string, string) {
	t.Helper()
	tu, err := reader.Read("post.md", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	opts.Out = &out
	s := New(opts)
	s.Intro(tu)
	dir := t.TempDir()
	res, err := runner.Run(context.Background(), tu, runner.Options{IO: runner.IO{Controller: s, Observer: s, Dir: dir}, Selection: runner.Selection{KeepGoing: true}})
	if err != nil {
		t.Fatal(err)
	}
	s.Summary(res)
	return res, out.String(), dir
}

// stepStatuses lists the status of every step, section by section.
func stepStatuses(res *result.Run) string {
	var secs []string
	for _, sec := range res.Sections {
		var st []string
		for _, r := range sec.Steps {
			st = append(st, string(r.Status))
		}
		secs = append(secs, sec.Section.ID+"="+strings.Join(st, ","))
	}
	return strings.Join(secs, " ")
}

func TestSessionKeys(t *testing.T) {
	tests := []struct {
		name    string
		keys    string
		want    string // step statuses
		exit    int
		cleaned bool     // the cleanup step ran
		shows   []string // in the transcript, in order
	}{
		{
			name: "run, skip, checks, retry, next", keys: "\ns\nc\nr\nr\nn\n\n\n",
			want: "first=passed,skipped second=failed,passed words= cleanup=passed", exit: 1, cleaned: true,
			shows: []string{"Say hello.", "› run", "✓ passed", "› skip", "› checks", "exit status 0",
				"the post shows (line 16)", "│ expected", "› run", "✗ failed", "-expected", "+actual",
				"[r]etry  [n]ext  [q]uit › retry", "↻ again", "› next", "Nothing to run.",
				"Steps: 3 passed, 1 failed, 1 skipped.", "tutor learn --from-section second post.md"},
		},
		{
			name: "quit skips the rest and cleanup still runs", keys: "r\nq\n",
			want: "first=passed,skipped second=skipped,skipped words= cleanup=passed", exit: 0, cleaned: true,
			shows: []string{"› run", "› quit", "$ touch cleaned", "✓ passed", "You quit in \"First\"",
				"tutor learn --from-section first post.md"},
		},
		{
			name: "quit after a failure", keys: "r\nr\nr\nq\n",
			want: "first=passed,passed second=failed,blocked words= cleanup=passed", exit: 1, cleaned: true,
			shows: []string{"✗ failed", "[r]etry  [n]ext  [q]uit › quit", "Steps: 3 passed, 1 failed, 1 blocked."},
		},
		{
			name: "end of input quits", keys: "",
			want: "first=skipped,skipped second=skipped,skipped words= cleanup=passed", exit: 0, cleaned: true,
			shows: []string{"reading one key per line", "› quit"},
		},
		{
			name: "an unknown key asks again", keys: "x\nr\nq\n",
			want: "first=passed,skipped second=skipped,skipped words= cleanup=passed", exit: 0, cleaned: true,
			shows: []string{`› 'x': press r (or Enter), s, c or q`, "[r]un  [s]kip  [c]hecks  [q]uit › run"},
		},
		{
			name: "everything skipped, cleanup too", keys: "s\ns\ns\ns\ns\n",
			want: "first=skipped,skipped second=skipped,skipped words= cleanup=skipped", exit: 0,
			shows: []string{"Every step you ran passed; you skipped 5", "tutor run post.md"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, out, dir := learnPost(t, post, Options{In: strings.NewReader(tt.keys)})
			if got := stepStatuses(res); got != tt.want {
				t.Errorf("statuses\n got %s\nwant %s", got, tt.want)
			}
			if got := res.ExitCode(); got != tt.exit {
				t.Errorf("exit code %d, want %d", got, tt.exit)
			}
			if got := fileExists(filepath.Join(dir, "cleaned")); got != tt.cleaned {
				// runner.Controller promises that cleanup sections still run
				// after DecisionQuit.
				t.Errorf("cleanup ran: %v, want %v", got, tt.cleaned)
			}
			assertInOrder(t, out, tt.shows)
		})
	}
}

func TestSessionRetryUntilItPasses(t *testing.T) {
	src := "# Flaky\n\n```console\n$ [ -f marker ] && echo yes || { touch marker; echo no; }\nyes\n```\n"
	res, out, _ := learnPost(t, src, Options{In: strings.NewReader("r\nr\n")})
	if got, want := stepStatuses(res), "flaky=passed"; got != want {
		t.Errorf("statuses %s, want %s", got, want)
	}
	assertInOrder(t, out, []string{"│ no", "✗ failed", "› retry", "↻ again", "│ yes", "✓ passed", "Every step passed."})
}

func TestSessionRawKeys(t *testing.T) {
	entered := 0
	raw := func() (func(), error) { entered++; return func() {}, nil }
	res, out, _ := learnPost(t, post, Options{In: strings.NewReader("\rsq"), Raw: raw, Color: true})
	if got, want := stepStatuses(res), "first=passed,skipped second=skipped,skipped words= cleanup=passed"; got != want {
		t.Errorf("statuses %s, want %s", got, want)
	}
	if entered != 3 {
		t.Errorf("raw mode entered %d times, want 3 (one per key)", entered)
	}
	if strings.Contains(out, "reading one key per line") {
		t.Error("a terminal's keys are not read line by line")
	}
	assertInOrder(t, out, []string{"\x1b[1mFirst\x1b[0m", "\x1b[32m✓\x1b[0m"})
}

func TestSessionInterrupted(t *testing.T) {
	tu, err := reader.Read("post.md", []byte(post))
	if err != nil {
		t.Fatal(err)
	}
	pr, _ := io.Pipe() // no key ever comes
	var out bytes.Buffer
	s := New(Options{In: pr, Out: &out})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if got := s.BeforeStep(ctx, tu.Sections[0], tu.Sections[0].Steps[0]); got != runner.DecisionQuit {
		t.Errorf("BeforeStep with a cancelled context = %v, want DecisionQuit", got)
	}
}

// TestSessionGolden runs post.md of each testdata/session/*.txtar with
// the keys of its keys file and compares the transcript (durations
// normalized) with its want section.
func TestSessionGolden(t *testing.T) {
	goldentest.Run(t, "testdata/session/*.txtar", func(t *testing.T, f string, ar *txtar.Archive) {
		keys := strings.NewReader(goldentest.Section(ar, "keys"))
		_, out, _ := learnPost(t, goldentest.Section(ar, "post.md"), Options{In: keys, Width: 60})
		goldentest.Check(t, f, ar, map[string]string{"want": timings.ReplaceAllString(out, "in 1ms")})
	})
}

// timings matches the durations of a transcript.
var timings = regexp.MustCompile(`in [0-9.]+(?:ns|µs|ms|s)`)

// assertInOrder checks that out shows each of want, in order.
func assertInOrder(t *testing.T, out string, want []string) {
	t.Helper()
	rest := out
	for _, w := range want {
		i := strings.Index(rest, w)
		if i < 0 {
			t.Errorf("transcript does not show %q (in order) after what came before:\n%s", w, out)
			return
		}
		rest = rest[i+len(w):]
	}
}

func fileExists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}
