package ci

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/rhysd/actionlint"
	"go.yaml.in/yaml/v4"
)

// lint runs actionlint on the workflow src, as path, in a project rooted at
// root, and returns its errors as "line:col: message [kind]". shellcheck and
// pyflakes stay off whatever the machine has, so that the result does not
// depend on it; TestActionScripts and the step tests cover the scripts.
func lint(t *testing.T, root, path string, src []byte) []string {
	t.Helper()
	l, err := actionlint.NewLinter(io.Discard, &actionlint.LinterOptions{})
	if err != nil {
		t.Fatal(err)
	}
	proj, err := actionlint.NewProject(root)
	if err != nil {
		t.Fatal(err)
	}
	errs, err := l.Lint(path, src, proj)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(src), "\n")
	var out []string
	for _, e := range errs {
		msg := fmt.Sprintf("%d:%d: %s [%s]", e.Line, e.Column, e.Message, e.Kind)
		if e.Line >= 1 && e.Line <= len(lines) {
			msg += "\n\t" + strings.TrimSpace(lines[e.Line-1])
		}
		out = append(out, msg)
	}
	return out
}

// project makes a repository root holding a copy of action.yml, so that a
// workflow can use the action as `./` and actionlint checks its inputs
// against action.yml (and action.yml's metadata itself).
func project(t *testing.T) string {
	t.Helper()
	root := t.TempDir()
	if err := os.MkdirAll(filepath.Join(root, ".github", "workflows"), 0o755); err != nil {
		t.Fatal(err)
	}
	src, err := os.ReadFile(actionFile)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, "action.yml"), src, 0o644); err != nil {
		t.Fatal(err)
	}
	return root
}

// localWorkflow is the example workflow with the tutor action used as the
// local action `./`, plus extra lines after its with: key.
func localWorkflow(t *testing.T, extraWith string) []byte {
	t.Helper()
	src, err := os.ReadFile(workflowFile)
	if err != nil {
		t.Fatal(err)
	}
	const uses = "      - uses: tutor-run/tutor@v0.1.0\n        with:\n"
	if n := strings.Count(string(src), uses); n != 1 {
		t.Fatalf("%s uses the tutor action %d times as %q; the test expects once", workflowFile, n, uses)
	}
	return []byte(strings.Replace(string(src), uses, "      - uses: ./\n        with:\n"+extraWith, 1))
}

func TestWorkflowLint(t *testing.T) {
	src, err := os.ReadFile(workflowFile)
	if err != nil {
		t.Fatal(err)
	}
	root := project(t)
	if errs := lint(t, root, workflowFile, src); len(errs) > 0 {
		t.Errorf("actionlint %s:\n%s", workflowFile, strings.Join(errs, "\n"))
	}
	// With the action local, actionlint also checks the with: inputs
	// against action.yml and action.yml's own metadata.
	path := filepath.Join(root, ".github", "workflows", "docs.yml")
	if errs := lint(t, root, path, localWorkflow(t, "")); len(errs) > 0 {
		t.Errorf("actionlint %s using action.yml as ./:\n%s", workflowFile, strings.Join(errs, "\n"))
	}
}

// The check above is live: a misspelt input is caught. (actionlint says
// nothing when it cannot find a local action, so without this a broken
// project layout would pass the test.)
func TestWorkflowLintCatchesUnknownInput(t *testing.T) {
	root := project(t)
	path := filepath.Join(root, ".github", "workflows", "docs.yml")
	errs := lint(t, root, path, localWorkflow(t, "          change-since: main\n"))
	if !slices.ContainsFunc(errs, func(e string) bool { return strings.Contains(e, `"change-since" is not defined`) }) {
		t.Errorf("actionlint did not catch the unknown input change-since; errors:\n%s", strings.Join(errs, "\n"))
	}
}

// actionlint does not lint a composite action's steps (v1.7.12 checks
// action metadata only, and only for actions a workflow uses). So the
// steps go into a reusable workflow with the action's inputs as its
// inputs and its outputs as the job's: actionlint then type-checks every
// expression (inputs.X, steps.S.outputs.K, github.action_path), the if:
// conditions and the with: inputs of the actions the steps use.
func TestActionLint(t *testing.T) {
	src, err := asWorkflow(t)
	if err != nil {
		t.Fatal(err)
	}
	root := project(t)
	path := filepath.Join(root, ".github", "workflows", "action-steps.yml")
	if errs := lint(t, root, path, src); len(errs) > 0 {
		t.Errorf("actionlint on action.yml's steps as a workflow:\n%s\n\nthe workflow:\n%s", strings.Join(errs, "\n"), src)
	}
}

// asWorkflow turns action.yml into a reusable workflow with one job.
func asWorkflow(t *testing.T) ([]byte, error) {
	t.Helper()
	src, err := os.ReadFile(actionFile)
	if err != nil {
		return nil, err
	}
	var raw struct {
		Inputs  map[string]map[string]any `yaml:"inputs"`
		Outputs map[string]map[string]any `yaml:"outputs"`
		Runs    struct {
			Steps []any `yaml:"steps"`
		} `yaml:"runs"`
	}
	if err := yaml.Unmarshal(src, &raw); err != nil {
		return nil, err
	}
	inputs := map[string]any{}
	for name, in := range raw.Inputs {
		spec := map[string]any{"type": "string", "description": in["description"]}
		if req, _ := in["required"].(bool); req {
			spec["required"] = true
		} else {
			spec["default"] = in["default"]
		}
		inputs[name] = spec
	}
	jobOutputs := map[string]any{}
	callOutputs := map[string]any{}
	for name, out := range raw.Outputs {
		jobOutputs[name] = out["value"]
		callOutputs[name] = map[string]any{"value": "${{ jobs.action.outputs." + name + " }}"}
	}
	wf := map[string]any{
		"name": "action.yml's steps",
		"on":   map[string]any{"workflow_call": map[string]any{"inputs": inputs, "outputs": callOutputs}},
		"jobs": map[string]any{"action": map[string]any{
			"runs-on": "ubuntu-latest",
			"outputs": jobOutputs,
			"steps":   raw.Runs.Steps,
		}},
	}
	return yaml.Marshal(wf)
}
