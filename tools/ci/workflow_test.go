package ci

import (
	"os"
	"os/exec"
	"strings"
	"testing"

	"go.yaml.in/yaml/v4"
)

// workflow is the part of hack/ci/docs-workflow.yml the tests read.
type workflow struct {
	On   map[string]any `yaml:"on"`
	Jobs map[string]struct {
		Needs    any               `yaml:"needs"`
		If       string            `yaml:"if"`
		Outputs  map[string]string `yaml:"outputs"`
		Strategy struct {
			FailFast *bool `yaml:"fail-fast"`
			Matrix   any   `yaml:"matrix"`
		} `yaml:"strategy"`
		Steps []step `yaml:"steps"`
	} `yaml:"jobs"`
}

func loadWorkflow(t *testing.T) *workflow {
	t.Helper()
	src, err := os.ReadFile(workflowFile)
	if err != nil {
		t.Fatal(err)
	}
	var w workflow
	if err := yaml.Unmarshal(src, &w); err != nil {
		t.Fatalf("%s: %v", workflowFile, err)
	}
	return &w
}

// The shape the docs describe: pull requests and a schedule; a plan job
// whose matrix output drives the run job's shards through the action; a
// report job that merges whatever the shards left.
func TestWorkflowShape(t *testing.T) {
	w := loadWorkflow(t)
	for _, event := range []string{"pull_request", "schedule"} {
		if _, ok := w.On[event]; !ok {
			t.Errorf("the workflow does not run on %s", event)
		}
	}
	plan, run, report := w.Jobs["plan"], w.Jobs["run"], w.Jobs["report"]
	if !anyRun(plan.Steps, "tutor plan --matrix") || plan.Outputs["matrix"] == "" {
		t.Errorf("plan job: want a step running tutor plan --matrix and a matrix output; outputs %v", plan.Outputs)
	}
	if got, want := run.Strategy.Matrix, "${{ fromJSON(needs.plan.outputs.matrix) }}"; got != want {
		t.Errorf("run job matrix %v, want %q", got, want)
	}
	if ff := run.Strategy.FailFast; ff == nil || *ff {
		t.Errorf("run job: want fail-fast: false, so one broken shard does not cancel the others")
	}
	var action *step
	for i, s := range run.Steps {
		if strings.HasPrefix(s.Uses, "tutor-run/tutor@") {
			action = &run.Steps[i]
		}
		if s.Uses == "actions/checkout@v4" && s.With["fetch-depth"] != "0" {
			t.Errorf("run job: checkout with fetch-depth %q, want 0 (--changed-since needs the base branch)", s.With["fetch-depth"])
		}
	}
	switch {
	case action == nil:
		t.Errorf("run job does not use the tutor action")
	case action.With["shard"] != "${{ matrix.shard }}":
		t.Errorf("run job: the action's shard is %q, want ${{ matrix.shard }}", action.With["shard"])
	case !strings.Contains(action.With["changed-since"], "github.base_ref"):
		t.Errorf("run job: changed-since %q does not name the pull request's base", action.With["changed-since"])
	}
	if !strings.HasPrefix(report.If, "always()") || !anyRun(report.Steps, "tutor report merge") {
		t.Errorf("report job: if %q, want always() and a step running tutor report merge", report.If)
	}
}

// As in action.yml: no expression inside a script, and every script
// parses as bash.
func TestWorkflowScripts(t *testing.T) {
	for name, job := range loadWorkflow(t).Jobs {
		for i, s := range job.Steps {
			if s.Run == "" {
				continue
			}
			if exprRE.MatchString(s.Run) {
				t.Errorf("job %s step %d: its script contains %q: pass the value through env", name, i, exprRE.FindString(s.Run))
			}
			cmd := exec.Command("bash", "-n")
			cmd.Stdin = strings.NewReader(s.Run)
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Errorf("job %s step %d: bash -n: %v\n%s", name, i, err, out)
			}
		}
	}
}

func anyRun(steps []step, command string) bool {
	for _, s := range steps {
		if strings.Contains(s.Run, command) {
			return true
		}
	}
	return false
}
