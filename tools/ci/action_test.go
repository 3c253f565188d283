package ci

import (
	"bytes"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v4"
)

// repoRoot is the repository's top directory, seen from tools/ci.
const repoRoot = "../.."

var (
	actionFile   = filepath.Join(repoRoot, "action.yml")
	workflowFile = filepath.Join(repoRoot, "hack", "ci", "docs-workflow.yml")
)

// action is action.yml as GitHub reads a composite action's metadata. Decoding
// it with KnownFields catches a misspelt key, which GitHub would ignore.
type action struct {
	Name        string            `yaml:"name"`
	Description string            `yaml:"description"`
	Author      string            `yaml:"author"`
	Branding    map[string]string `yaml:"branding"`
	Inputs      map[string]input  `yaml:"inputs"`
	Outputs     map[string]output `yaml:"outputs"`
	Runs        struct {
		Using string `yaml:"using"`
		Steps []step `yaml:"steps"`
	} `yaml:"runs"`
}

type input struct {
	Description string  `yaml:"description"`
	Required    bool    `yaml:"required"`
	Default     *string `yaml:"default"`
}

type output struct {
	Description string `yaml:"description"`
	Value       string `yaml:"value"`
}

// step is a step of a composite action.
type step struct {
	ID    string            `yaml:"id"`
	Name  string            `yaml:"name"`
	If    string            `yaml:"if"`
	Uses  string            `yaml:"uses"`
	With  map[string]string `yaml:"with"`
	Shell string            `yaml:"shell"`
	Env   map[string]string `yaml:"env"`
	Run   string            `yaml:"run"`
}

// loadAction reads and strictly decodes action.yml.
func loadAction(t testing.TB) *action {
	t.Helper()
	src, err := os.ReadFile(actionFile)
	if err != nil {
		t.Fatal(err)
	}
	dec := yaml.NewDecoder(bytes.NewReader(src))
	dec.KnownFields(true)
	var a action
	if err := dec.Decode(&a); err != nil {
		t.Fatalf("%s: %v", actionFile, err)
	}
	return &a
}

// stepByID is the step with id; the test fails without it.
func (a *action) stepByID(t testing.TB, id string) step {
	t.Helper()
	for _, s := range a.Runs.Steps {
		if s.ID == id {
			return s
		}
	}
	t.Fatalf("action.yml has no step with id %q", id)
	return step{}
}

var (
	exprRE      = regexp.MustCompile(`\$\{\{(.*?)\}\}`)
	inputRefRE  = regexp.MustCompile(`\binputs\.([A-Za-z0-9_-]+)`)
	stepRefRE   = regexp.MustCompile(`\bsteps\.([A-Za-z0-9_-]+)\.(outputs\.([A-Za-z0-9_-]+)|outcome|conclusion)`)
	outputKeyRE = regexp.MustCompile(`(?m)^\s*echo "([A-Za-z0-9_-]+)=`)
)

// expressions are the texts of every expression in a: ${{ }} anywhere, and
// the bare expressions of if: conditions.
func (a *action) expressions() []string {
	var out []string
	add := func(s string) {
		for _, m := range exprRE.FindAllStringSubmatch(s, -1) {
			out = append(out, m[1])
		}
	}
	for _, o := range a.Outputs {
		add(o.Value)
	}
	for _, s := range a.Runs.Steps {
		out = append(out, s.If)
		for _, v := range s.With {
			add(v)
		}
		for _, v := range s.Env {
			add(v)
		}
		add(s.Run)
	}
	return out
}

func TestActionMetadata(t *testing.T) {
	a := loadAction(t)
	if a.Name == "" || a.Description == "" {
		t.Errorf("name %q, description %q: the Marketplace needs both", a.Name, a.Description)
	}
	if got, want := a.Runs.Using, "composite"; got != want {
		t.Errorf("runs.using = %q, want %q", got, want)
	}
	wantInputs := []string{"paths", "args", "version", "go-version", "sandbox", "shard", "changed-since", "report-dir", "upload", "artifact-name", "summary"}
	for _, name := range wantInputs {
		in, ok := a.Inputs[name]
		if !ok {
			t.Errorf("input %q is missing", name)
			continue
		}
		if in.Description == "" {
			t.Errorf("input %q has no description", name)
		}
		if in.Required == (in.Default != nil) {
			t.Errorf("input %q: required %v with default %v: an input is either required or has a default", name, in.Required, in.Default != nil)
		}
	}
	if len(a.Inputs) != len(wantInputs) {
		t.Errorf("inputs %v, want exactly %v", slices.Sorted(maps.Keys(a.Inputs)), wantInputs)
	}
	defaults := map[string]string{"report-dir": "tutor-report", "upload": "true", "summary": "true", "sandbox": "false", "version": ""}
	for name, want := range defaults {
		if in := a.Inputs[name]; in.Default == nil || *in.Default != want {
			t.Errorf("input %q: default %v, want %q", name, in.Default, want)
		}
	}
	for _, name := range []string{"exit-code", "report-dir"} {
		if o, ok := a.Outputs[name]; !ok || o.Value == "" || o.Description == "" {
			t.Errorf("output %q: %+v, want a described value", name, o)
		}
	}
}

// The actions the issue asks for, at their major versions.
func TestActionUses(t *testing.T) {
	a := loadAction(t)
	want := map[string]string{"setup-go": "actions/setup-go@v5", "cache": "actions/cache@v4", "upload": "actions/upload-artifact@v4"}
	for id, uses := range want {
		if got := a.stepByID(t, id).Uses; got != uses {
			t.Errorf("step %s uses %q, want %q", id, got, uses)
		}
	}
}

// Every input and step output an expression names exists, and every input
// is used: a renamed input cannot leave a reference that GitHub would
// silently read as empty.
func TestActionReferences(t *testing.T) {
	a := loadAction(t)
	steps := map[string]step{}
	for _, s := range a.Runs.Steps {
		if s.ID != "" {
			steps[s.ID] = s
		}
	}
	used := map[string]bool{}
	for _, e := range a.expressions() {
		for _, m := range inputRefRE.FindAllStringSubmatch(e, -1) {
			used[m[1]] = true
			if _, ok := a.Inputs[m[1]]; !ok {
				t.Errorf("${{%s}} names input %q, which action.yml does not declare", e, m[1])
			}
		}
		for _, m := range stepRefRE.FindAllStringSubmatch(e, -1) {
			s, ok := steps[m[1]]
			if !ok {
				t.Errorf("${{%s}} names step %q, which has no such id", e, m[1])
				continue
			}
			if m[3] != "" && !slices.Contains(writtenOutputs(s.Run), m[3]) {
				t.Errorf("${{%s}}: step %q writes no output %q (it writes %v)", e, m[1], m[3], writtenOutputs(s.Run))
			}
		}
	}
	for name := range a.Inputs {
		if !used[name] {
			t.Errorf("input %q is declared but no step reads it", name)
		}
	}
}

// writtenOutputs are the keys a script writes to $GITHUB_OUTPUT.
func writtenOutputs(script string) []string {
	if !strings.Contains(script, "GITHUB_OUTPUT") {
		return nil
	}
	var keys []string
	for _, m := range outputKeyRE.FindAllStringSubmatch(script, -1) {
		keys = append(keys, m[1])
	}
	return keys
}

// Scripts take inputs from env only: an expression spliced into a script is
// expanded before bash parses it, so an input could inject commands. Each
// script parses as bash.
func TestActionScripts(t *testing.T) {
	a := loadAction(t)
	for i, s := range a.Runs.Steps {
		if s.Run == "" {
			if s.Uses == "" {
				t.Errorf("step %d (%s) neither runs nor uses anything", i, s.ID)
			}
			continue
		}
		if s.ID == "" || s.Name == "" {
			t.Errorf("step %d: a run step needs an id (for the tests) and a name (for the log)", i)
		}
		if s.Shell != "bash" {
			t.Errorf("step %s: shell %q, want bash (composite steps must name one)", s.ID, s.Shell)
		}
		if exprRE.MatchString(s.Run) {
			t.Errorf("step %s: its script contains %q: pass the value through env instead", s.ID, exprRE.FindString(s.Run))
		}
		cmd := exec.Command("bash", "-n")
		cmd.Stdin = strings.NewReader(s.Run)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Errorf("step %s: bash -n: %v\n%s", s.ID, err, out)
		}
	}
}
