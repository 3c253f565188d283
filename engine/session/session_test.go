package session

import (
	"bytes"
	"context"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/tutor-run/tutor/engine/learn"
	"github.com/tutor-run/tutor/engine/model"
	"github.com/tutor-run/tutor/engine/reader"
	"github.com/tutor-run/tutor/engine/result"
	"github.com/tutor-run/tutor/engine/runner"
)

// passing claims what its command prints; failing claims something else.
const (
	passing = "# Greet\n\n```console\n$ echo hello\nhello\n```\n"
	failing = "# Greet\n\n```console\n$ echo hello\nbonjour\n```\n"
)

// writePost writes text to name in a fresh directory that also holds the
// run state, and returns its path.
func writePost(t *testing.T, name, text string) string {
	t.Helper()
	dir := t.TempDir()
	t.Setenv("TUTOR_STATE_DIR", filepath.Join(dir, "state"))
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// reporter records the calls a session makes beyond those of the
// runner's observer.
type reporter struct {
	result.NopObserver
	mu    sync.Mutex
	calls []string
}

func (r *reporter) Close() { r.note("close") }

func (r *reporter) Summary(res *result.Run) { r.note("summary") }

func (r *reporter) note(call string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.calls = append(r.calls, call)
}

func (r *reporter) String() string { return strings.Join(r.calls, " ") }

// TestRunRefuses checks what Run refuses before anything runs, and the
// type of error it says so with.
func TestRunRefuses(t *testing.T) {
	notRecording := t.TempDir()
	for _, tc := range []struct {
		name string
		post string
		opts func(*Options)
		want string // in the error
		is   func(error) bool
	}{
		{name: "missing post", opts: func(o *Options) { o.File += ".gone" }, want: "no such file",
			is: func(err error) bool { return errors.Is(err, fs.ErrNotExist) }},
		{name: "malformed post", post: "# Broken\n\n```console\n$ touch ran.txt\n", want: "never closed",
			is: isType[*reader.Error]},
		{name: "bad var", opts: func(o *Options) { o.Choices.Vars = []string{"novalue"} }, want: `--var "novalue": want NAME=VALUE`,
			is: isType[*UsageError]},
		{name: "negative watch window", opts: func(o *Options) { o.Choices.Window = -1 }, want: "--watch-window -1ns: want a positive duration",
			is: isType[*UsageError]},
		{name: "unknown tab", opts: func(o *Options) { o.Choices.Tab = "Fish" }, want: "Fish",
			is: isType[*UsageError]},
		{name: "unknown capability", opts: func(o *Options) { o.Cluster.Require = []string{"everything"} }, want: "--require everything: want one of az, cilium, hubble, internet, pods",
			is: isType[*UsageError]},
		{name: "record over replay", opts: func(o *Options) { o.Recording.Record, o.Recording.Replay = "rec", "rec/" },
			want: "--record and --replay name the same directory", is: isType[*UsageError]},
		{name: "replay of no recording", opts: func(o *Options) { o.Recording.Replay = notRecording }, want: "--replay:",
			is: isType[*UsageError]},
		{name: "helm mirror without a directory", opts: func(o *Options) { o.Cluster.HelmMirrors = []string{"https://charts"} },
			want: `--helm-mirror "https://charts": want URL=DIR`, is: isType[*UsageError]},
		{name: "helm mirror without an index", opts: func(o *Options) { o.Cluster.HelmMirrors = []string{"https://charts=" + notRecording} },
			want: "holds no index.yaml", is: isType[*UsageError]},
		{name: "unknown section", opts: func(o *Options) { o.Selection.Sections = []string{"nowhere"} }, want: `no section "nowhere"`,
			is: isType[*runner.SelectionError]},
	} {
		t.Run(tc.name, func(t *testing.T) {
			post := tc.post
			if post == "" {
				post = "# Touch\n\n```console\n$ touch ran.txt\n```\n"
			}
			file := writePost(t, "post.md", post)
			opts := Options{File: file}
			if tc.opts != nil {
				tc.opts(&opts)
			}
			rep := &reporter{}
			opts.IO.Reporter = rep
			res, err := Run(context.Background(), opts)
			if err == nil || !strings.Contains(err.Error(), tc.want) || !tc.is(err) {
				t.Fatalf("Run: %T %v, want an error of the right type saying %q", err, err, tc.want)
			}
			if res != nil {
				t.Errorf("Run returned a result with %v", err)
			}
			if _, err := os.Stat(filepath.Join(filepath.Dir(file), "ran.txt")); err == nil {
				t.Error("a step ran")
			}
			if got, want := rep.String(), "close"; got != want {
				t.Errorf("reporter calls %q, want %q", got, want)
			}
		})
	}
}

func isType[E error](err error) bool {
	var target E
	return errors.As(err, &target)
}

// TestRun checks a run's outcome and what it leaves: the state file, the
// reports, the order of the reporter's calls.
func TestRun(t *testing.T) {
	for _, tc := range []struct {
		name      string
		post      string
		code      int
		stateKept bool
	}{
		{name: "passes", post: passing, code: result.ExitPassed},
		// The state is saved after each step that passed.
		{name: "claim broken", post: "# Two\n\n```console\n$ echo one\none\n$ echo two\nthree\n```\n", code: result.ExitClaimBroken, stateKept: true},
		{name: "tool missing", post: "# Tools\n\n```console\n$ echo one\none\n$ definitely-not-installed-tool\n```\n", code: result.ExitEnvironment, stateKept: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			file := writePost(t, "post.md", tc.post)
			dir := filepath.Dir(file)
			rep := &reporter{}
			var errOut bytes.Buffer
			reports := Reports{JSON: filepath.Join(dir, "r.json"), JUnit: filepath.Join(dir, "r.xml"),
				Markdown: filepath.Join(dir, "r.md"), HTML: filepath.Join(dir, "r.html")}
			res, err := Run(context.Background(), Options{File: file, Reports: reports, IO: IO{Reporter: rep, ErrOut: &errOut}})
			if err != nil {
				t.Fatalf("Run: %v\n%s", err, errOut.String())
			}
			if got := res.ExitCode(); got != tc.code {
				t.Errorf("exit code %d, want %d", got, tc.code)
			}
			if got, want := rep.String(), "close summary"; got != want {
				t.Errorf("reporter calls %q, want %q", got, want)
			}
			for _, path := range []string{reports.JSON, reports.JUnit, reports.Markdown, reports.HTML} {
				if fi, err := os.Stat(path); err != nil || fi.Size() == 0 {
					t.Errorf("report %s: %v", filepath.Base(path), err)
				}
			}
			entries, _ := os.ReadDir(filepath.Join(dir, "state"))
			if got := len(entries) > 0; got != tc.stateKept {
				t.Errorf("state kept: %v, want %v", got, tc.stateKept)
			}
		})
	}
}

// TestRunResume: a resumed run without a saved one says so and starts
// from the beginning.
func TestRunResume(t *testing.T) {
	file := writePost(t, "post.md", passing)
	var errOut bytes.Buffer
	res, err := Run(context.Background(), Options{File: file, Recording: Recording{Resume: true}, IO: IO{ErrOut: &errOut}})
	if err != nil {
		t.Fatal(err)
	}
	if got := res.ExitCode(); got != result.ExitPassed {
		t.Errorf("exit code %d, want 0", got)
	}
	if want := "tutor: resume: no saved run of " + file + "; starting from the beginning\n"; errOut.String() != want {
		t.Errorf("notes %q, want %q", errOut.String(), want)
	}
}

// TestRunUpdate checks the three update modes on a stale output.
func TestRunUpdate(t *testing.T) {
	for _, tc := range []struct {
		mode     UpdateMode
		wantPost string
		wantOut  string // in Out
		wantNote string // in ErrOut
	}{
		{mode: UpdateNone, wantPost: failing},
		{mode: UpdateDiff, wantPost: failing, wantOut: "-bonjour\n+hello\n"},
		{mode: UpdateWrite, wantPost: passing, wantNote: "post.md:5\n"},
	} {
		t.Run(map[UpdateMode]string{UpdateNone: "none", UpdateDiff: "diff", UpdateWrite: "write"}[tc.mode], func(t *testing.T) {
			file := writePost(t, "post.md", failing)
			var out, errOut bytes.Buffer
			res, err := Run(context.Background(), Options{File: file, Update: tc.mode, IO: IO{Out: &out, ErrOut: &errOut}})
			if err != nil {
				t.Fatal(err)
			}
			if got := res.ExitCode(); got != result.ExitClaimBroken {
				t.Errorf("exit code %d, want 1", got)
			}
			src, _ := os.ReadFile(file)
			if got := string(src); got != tc.wantPost {
				t.Errorf("post after the run:\n%s\nwant:\n%s", got, tc.wantPost)
			}
			if !strings.Contains(out.String(), tc.wantOut) || tc.wantOut == "" && out.Len() > 0 {
				t.Errorf("out %q, want %q", out.String(), tc.wantOut)
			}
			if !strings.Contains(errOut.String(), tc.wantNote) || tc.wantNote == "" && errOut.Len() > 0 {
				t.Errorf("notes %q, want %q", errOut.String(), tc.wantNote)
			}
		})
	}
}

// TestRunReported: a report that cannot be written fails the session
// after the steps, with the result and the note already written.
func TestRunReported(t *testing.T) {
	file := writePost(t, "post.md", passing)
	rep := &reporter{}
	var errOut bytes.Buffer
	path := filepath.Join(filepath.Dir(file), "no-such-dir", "r.json")
	res, err := Run(context.Background(), Options{File: file, Reports: Reports{JSON: path}, IO: IO{Reporter: rep, ErrOut: &errOut}})
	var reportedErr *ReportedError
	if !errors.As(err, &reportedErr) || reportedErr.Status != result.ExitEnvironment {
		t.Fatalf("Run: %T %v, want a *ReportedError with status 3", err, err)
	}
	if res == nil {
		t.Error("no result")
	}
	if want := "tutor: writing report " + path + ": "; !strings.HasPrefix(errOut.String(), want) {
		t.Errorf("notes %q, want them to start with %q", errOut.String(), want)
	}
	if got, want := rep.String(), "close summary"; got != want {
		t.Errorf("reporter calls %q, want %q", got, want)
	}
}

// TestRunEnv: the steps start from IO.Env, and the placeholders are
// looked up there.
func TestRunEnv(t *testing.T) {
	file := writePost(t, "post.md", "# Env\n\n```console\n$ echo \"$GREETING, <your-name>\"\nhi, Ada\n```\n")
	env := append(os.Environ(), "GREETING=overridden", "YOUR_NAME=Ada", "GREETING=hi")
	res, err := Run(context.Background(), Options{File: file, IO: IO{Env: env}})
	if err != nil {
		t.Fatal(err)
	}
	if got := res.ExitCode(); got != result.ExitPassed {
		_, st := res.FirstFailure()
		t.Errorf("exit code %d, want 0: %+v", got, st.Failure)
	}
}

// TestChoicesApply checks the reader's choices on a parsed post.
func TestChoicesApply(t *testing.T) {
	const post = "# Tabs\n\n## Pick\n\n### [Bash](#tab/bash)\n\n```bash\necho bash-tab\n```\n\n" +
		"### [Zsh](#tab/zsh)\n\n```bash\necho zsh-tab\n```\n\n---\n\n## Watch\n\n```bash\ntail -f log.txt\n```\n\n" +
		"## Greet\n\n```bash\necho \"Hello, <your-name>\"\n```\n"
	env := envLookup([]string{"YOUR_NAME=Env"})
	for _, tc := range []struct {
		name    string
		choices Choices
		check   func(*testing.T, *model.Tutorial)
	}{
		{name: "none", check: func(t *testing.T, tut *model.Tutorial) {
			want(t, skipOf(tut, "zsh-tab") != "", "the second tab is skipped")
			want(t, commandOf(tut, "Hello") == `echo "Hello, Env"`, "the placeholder comes from the environment")
		}},
		{name: "tab", choices: Choices{Tab: "zsh"}, check: func(t *testing.T, tut *model.Tutorial) {
			want(t, skipOf(tut, "zsh-tab") == "" && skipOf(tut, "bash-tab") != "", "the zsh tab runs instead of bash's")
		}},
		{name: "var", choices: Choices{Vars: []string{"your-name=Ada"}}, check: func(t *testing.T, tut *model.Tutorial) {
			want(t, commandOf(tut, "Hello") == `echo "Hello, Ada"`, "--var wins over the environment")
		}},
		{name: "window", choices: Choices{Window: 3e9}, check: func(t *testing.T, tut *model.Tutorial) {
			for _, st := range tut.Steps() {
				if strings.HasPrefix(st.Command, "tail") {
					want(t, st.Window == 3e9 && strings.Contains(st.Note, "3s"), "the watch window and its note are replaced")
				}
			}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tut, err := reader.Read("post.md", []byte(post))
			if err != nil {
				t.Fatal(err)
			}
			if err := tc.choices.Apply(tut, env); err != nil {
				t.Fatal(err)
			}
			tc.check(t, tut)
		})
	}
}

func want(t *testing.T, ok bool, what string) {
	t.Helper()
	if !ok {
		t.Error("want: " + what)
	}
}

// skipOf returns why the step whose command contains s is skipped.
func skipOf(tut *model.Tutorial, s string) string {
	for _, sec := range tut.Sections {
		for _, st := range sec.Steps {
			if strings.Contains(st.Command, s) {
				if sec.Skip != "" {
					return sec.Skip
				}
				return st.Skip
			}
		}
	}
	return "no such step"
}

// commandOf returns the command that contains s.
func commandOf(tut *model.Tutorial, s string) string {
	for _, st := range tut.Steps() {
		if strings.Contains(st.Command, s) {
			return st.Command
		}
	}
	return ""
}

// TestEnvLookup: the last of two entries wins, as for the steps.
func TestEnvLookup(t *testing.T) {
	lookup := envLookup([]string{"A=1", "B=", "A=2", "C"})
	for _, tc := range []struct {
		name, value string
		ok          bool
	}{{"A", "2", true}, {"B", "", true}, {"C", "", false}, {"D", "", false}} {
		v, ok := lookup(tc.name)
		if v != tc.value || ok != tc.ok {
			t.Errorf("lookup(%q) = %q, %v; want %q, %v", tc.name, v, ok, tc.value, tc.ok)
		}
	}
}

// TestLearn takes a scripted learner through a post: Enter runs a step.
func TestLearn(t *testing.T) {
	for _, tc := range []struct {
		name string
		post string
		keys string
		code int
	}{
		{name: "passes", post: passing, keys: "\n", code: result.ExitPassed},
		{name: "claim broken", post: failing, keys: "\nn\n", code: result.ExitClaimBroken},
		{name: "quit", post: failing, keys: "q\n", code: result.ExitPassed},
	} {
		t.Run(tc.name, func(t *testing.T) {
			file := writePost(t, "post.md", tc.post)
			var out bytes.Buffer
			res, err := Learn(context.Background(), LearnOptions{File: file, ErrOut: io.Discard,
				Screen: learnScreen(strings.NewReader(tc.keys), &out)})
			if err != nil {
				t.Fatal(err)
			}
			if got := res.ExitCode(); got != tc.code {
				t.Errorf("exit code %d, want %d\n%s", got, tc.code, out.String())
			}
			if !strings.Contains(out.String(), "Greet") {
				t.Errorf("the session did not show the post:\n%s", out.String())
			}
		})
	}
}

// learnScreen is a learner's screen that reads keys one per line.
func learnScreen(in io.Reader, out io.Writer) learn.Options {
	return learn.Options{In: in, Out: out}
}

// TestLearnRefuses: a post that cannot be read is refused as by Run.
func TestLearnRefuses(t *testing.T) {
	file := writePost(t, "post.md", "# Broken\n\n```console\n$ touch ran.txt\n")
	var out bytes.Buffer
	_, err := Learn(context.Background(), LearnOptions{File: file, Screen: learnScreen(strings.NewReader(""), &out)})
	if !isType[*reader.Error](err) {
		t.Errorf("Learn: %T %v, want a *reader.Error", err, err)
	}
	if out.Len() > 0 {
		t.Errorf("the session showed something:\n%s", out.String())
	}
}
