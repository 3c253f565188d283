package ci

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// runner plays the part of the Actions runner for run steps of action.yml
// and of the docs workflow: it expands their env from the inputs, the
// earlier steps' and jobs' outputs and the github context, gives each step
// fresh GITHUB_OUTPUT, GITHUB_PATH and
// GITHUB_STEP_SUMMARY files, and runs the script as GitHub's `shell: bash`
// does. The fake tutor and go (fakes below) stand in for the real ones.
// Which steps run, and when, the test says: the if: conditions are for
// actionlint to check (TestActionLint).
type runner struct {
	t         *testing.T
	action    *action
	inputs    map[string]string
	github    map[string]string
	outputs   map[string]map[string]string // step id -> outputs
	needs     map[string]map[string]string // job id -> outputs, for workflow steps
	env       map[string]string            // the job's environment
	path      []string                     // GITHUB_PATH additions, newest first
	workspace string
	summary   string // the job summary: every step's GITHUB_STEP_SUMMARY
}

// newRunner is a runner for action.yml with the given inputs over the
// defaults, and a fake tutor and go on PATH.
func newRunner(t *testing.T, inputs map[string]string) *runner {
	t.Helper()
	a := loadAction(t)
	r := &runner{t: t, action: a, inputs: map[string]string{}, outputs: map[string]map[string]string{}, needs: map[string]map[string]string{}}
	for name, in := range a.Inputs {
		if in.Default != nil {
			r.inputs[name] = *in.Default
		}
	}
	for name, v := range inputs {
		if _, ok := a.Inputs[name]; !ok {
			t.Fatalf("test sets input %q, which action.yml does not declare", name)
		}
		r.inputs[name] = v
	}
	tmp := t.TempDir()
	fakeBin := filepath.Join(tmp, "fake-bin")
	r.workspace = filepath.Join(tmp, "workspace")
	for _, d := range []string{fakeBin, r.workspace, filepath.Join(tmp, "runner-temp"), filepath.Join(tmp, "home")} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	writeFakes(t, fakeBin)
	r.github = map[string]string{"action_path": filepath.Join(tmp, "action"), "action_ref": "v1.2.3"}
	r.env = map[string]string{
		"PATH":         fakeBin + ":/usr/local/bin:/usr/bin:/bin",
		"HOME":         filepath.Join(tmp, "home"),
		"RUNNER_TEMP":  filepath.Join(tmp, "runner-temp"),
		"RUNNER_OS":    "Linux",
		"RUNNER_ARCH":  "X64",
		"FAKE_RECORD":  filepath.Join(tmp, "record"),
		"FAKE_TUTOR":   filepath.Join(fakeBin, "tutor.fake"),
		"FAKE_VERSION": "v1.2.3",
		"FAKE_EXIT":    "0",
	}
	return r
}

// stepResult is what one step did.
type stepResult struct {
	err     error  // the script's exit error, nil for status 0
	log     string // stdout and stderr
	outputs map[string]string
}

// exitCode is the step's exit status.
func (s stepResult) exitCode() int {
	if e, ok := s.err.(*exec.ExitError); ok {
		return e.ExitCode()
	}
	if s.err != nil {
		return -1
	}
	return 0
}

// run runs action.yml's step with id.
func (r *runner) run(id string) stepResult {
	r.t.Helper()
	return r.runStep(id, r.action.stepByID(r.t, id))
}

// runStep runs s as the step id and records its outputs, path and summary
// as the runner does.
func (r *runner) runStep(id string, s step) stepResult {
	r.t.Helper()
	if s.Run == "" {
		r.t.Fatalf("step %s runs no script", id)
	}
	dir := r.t.TempDir()
	files := map[string]string{}
	for _, name := range []string{"GITHUB_OUTPUT", "GITHUB_PATH", "GITHUB_STEP_SUMMARY"} {
		files[name] = filepath.Join(dir, name)
		if err := os.WriteFile(files[name], nil, 0o644); err != nil {
			r.t.Fatal(err)
		}
	}
	script := filepath.Join(dir, "script.sh")
	if err := os.WriteFile(script, []byte(s.Run), 0o644); err != nil {
		r.t.Fatal(err)
	}
	env := map[string]string{}
	for k, v := range r.env {
		env[k] = v
	}
	env["PATH"] = strings.Join(append(append([]string(nil), r.path...), r.env["PATH"]), ":")
	for k, v := range files {
		env[k] = v
	}
	for k, v := range s.Env {
		env[k] = r.expand(id, v)
	}
	// GitHub's `shell: bash`, and its default shell on Linux.
	args := []string{"--noprofile", "--norc", "-eo", "pipefail", script}
	switch s.Shell {
	case "bash":
	case "":
		args = []string{"-e", script}
	default:
		r.t.Fatalf("step %s: shell %q: the test runs bash only", id, s.Shell)
	}
	cmd := exec.Command("bash", args...)
	cmd.Dir = r.workspace
	for k, v := range env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	out, err := cmd.CombinedOutput()
	res := stepResult{err: err, log: string(out), outputs: r.readOutputs(files["GITHUB_OUTPUT"])}
	r.outputs[id] = res.outputs
	for _, p := range r.readLines(files["GITHUB_PATH"]) {
		r.path = append([]string{p}, r.path...)
	}
	summary, _ := os.ReadFile(files["GITHUB_STEP_SUMMARY"])
	r.summary += string(summary)
	return res
}

var refRE = regexp.MustCompile(`^\s*([a-z_]+)\.([A-Za-z0-9_.-]+?)\s*$`)

// expand evaluates v's expressions, which in a run step's env must be plain
// references (inputs.X, steps.S.outputs.K, needs.J.outputs.K, github.X):
// anything more is logic that belongs in the script. A step output nobody
// wrote is empty, as on GitHub.
func (r *runner) expand(id, v string) string {
	r.t.Helper()
	return exprRE.ReplaceAllStringFunc(v, func(e string) string {
		m := refRE.FindStringSubmatch(exprRE.FindStringSubmatch(e)[1])
		if m == nil {
			r.t.Fatalf("step %s: env %q: want a plain reference", id, v)
		}
		var val string
		var ok bool
		switch m[1] {
		case "inputs":
			val, ok = r.inputs[m[2]]
		case "github":
			val, ok = r.github[m[2]]
		case "steps", "needs":
			from, key, found := strings.Cut(m[2], ".outputs.")
			ctx := r.outputs
			if m[1] == "needs" {
				ctx = r.needs
			}
			val, ok = ctx[from][key], found
		}
		if !ok {
			r.t.Fatalf("step %s: env %q: the test has no value for %s", id, v, m[0])
		}
		return val
	})
}

func (r *runner) readLines(path string) []string {
	r.t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		r.t.Fatal(err)
	}
	var lines []string
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		if sc.Text() != "" {
			lines = append(lines, sc.Text())
		}
	}
	return lines
}

// readOutputs reads a GITHUB_OUTPUT file of name=value lines.
func (r *runner) readOutputs(path string) map[string]string {
	r.t.Helper()
	out := map[string]string{}
	for _, line := range r.readLines(path) {
		k, v, ok := strings.Cut(line, "=")
		if !ok {
			r.t.Fatalf("GITHUB_OUTPUT line %q is not name=value", line)
		}
		out[k] = v
	}
	return out
}

// calls are the command lines the fakes recorded, one per call, words
// joined by " | " so that word boundaries show.
func (r *runner) calls() []string {
	r.t.Helper()
	b, err := os.ReadFile(r.env["FAKE_RECORD"])
	if os.IsNotExist(err) || len(b) == 0 {
		return nil
	}
	if err != nil {
		r.t.Fatal(err)
	}
	var calls []string
	for _, c := range strings.Split(strings.TrimSuffix(string(b), "\x01"), "\x01") {
		calls = append(calls, strings.Join(strings.Split(strings.TrimSuffix(c, "\x00"), "\x00"), " | "))
	}
	return calls
}

// writeFakes writes the fake go and the fake tutor into dir. Both record
// their arguments in $FAKE_RECORD. The fake go "builds" tutor by copying
// the fake tutor where -o or GOBIN says; the fake tutor prints
// $FAKE_VERSION, writes a summary.md into --report-dir and exits $FAKE_EXIT.
func writeFakes(t *testing.T, dir string) {
	t.Helper()
	const record = `{ printf '%s\0' "$(basename "$0")" "$@"; printf '\1'; } >> "$FAKE_RECORD"` + "\n"
	goFake := "#!/bin/bash\n" + record + `
case $1 in
  build)
    while [ $# -gt 0 ]; do
      if [ "$1" = -o ]; then cp "$FAKE_TUTOR" "$2"; exit 0; fi
      shift
    done
    echo "fake go: build without -o" >&2; exit 2 ;;
  install) cp "$FAKE_TUTOR" "$GOBIN/tutor" ;;
  *) echo "fake go: unexpected $1" >&2; exit 2 ;;
esac
`
	tutorFake := "#!/bin/bash\n" + record + `
case $1 in
  --version) echo "tutor version $FAKE_VERSION"; exit 0 ;;
  sandbox) exit 0 ;;
  run | report)
    while [ $# -gt 0 ]; do
      if [ "$1" = --report-dir ] || [ "$1" = --out ]; then
        mkdir -p "$2" && printf '## tutor: fake summary, exit %s\n' "$FAKE_EXIT" > "$2/summary.md"
      fi
      shift
    done
    exit "$FAKE_EXIT" ;;
  *) echo "fake tutor: unexpected $1" >&2; exit 2 ;;
esac
`
	for name, body := range map[string]string{"go": goFake, "tutor.fake": tutorFake} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o755); err != nil {
			t.Fatal(err)
		}
	}
}

// mustSucceed fails the test when the step failed.
func (s stepResult) mustSucceed(t *testing.T, id string) stepResult {
	t.Helper()
	if s.err != nil {
		t.Fatalf("step %s: %v\n%s", id, s.err, s.log)
	}
	return s
}

func (s stepResult) String() string {
	return fmt.Sprintf("exit %d, outputs %v, log:\n%s", s.exitCode(), s.outputs, s.log)
}
