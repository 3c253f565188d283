package ci

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
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

// The report job's merge step: tutor report merge's status, unless a
// planned shard left no report, which must not pass for a clean run.
func TestWorkflowMerge(t *testing.T) {
	var merge step
	for _, s := range loadWorkflow(t).Jobs["report"].Steps {
		if s.ID == "merge" {
			merge = s
		}
	}
	tests := []struct {
		name      string
		reports   int
		mergeExit string
		want      string // the exit-code output
		wantCalls int
		wantError string
	}{
		{"all shards, all held", 3, "0", "0", 1, ""},
		{"all shards, a claim broke", 3, "1", "1", 1, ""},
		{"a shard is missing", 2, "0", "3", 1, "::error::2 of 3 shards wrote a report"},
		{"a shard is missing and a claim broke", 2, "1", "1", 1, "::error::2 of 3 shards wrote a report"},
		{"no shard wrote a report", 0, "0", "3", 0, "::error::0 of 3 shards wrote a report"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := newRunner(t, nil)
			r.path = []string{filepath.Join(r.env["RUNNER_TEMP"], "tutor-bin")}
			if err := os.MkdirAll(r.path[0], 0o755); err != nil {
				t.Fatal(err)
			}
			tutor, err := os.ReadFile(r.env["FAKE_TUTOR"])
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(r.path[0], "tutor"), tutor, 0o755); err != nil {
				t.Fatal(err)
			}
			for i := range tt.reports {
				dir := filepath.Join(r.workspace, "shards", "tutor-report-shard-"+strconv.Itoa(i+1)+"-of-3")
				if err := os.MkdirAll(dir, 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(filepath.Join(dir, "report.json"), []byte("{}"), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			r.needs["plan"] = map[string]string{"shards": "3"}
			r.env["FAKE_EXIT"] = tt.mergeExit
			res := r.runStep("merge", merge).mustSucceed(t, "merge")
			if got := res.outputs["exit-code"]; got != tt.want {
				t.Errorf("exit-code %q, want %q\n%v", got, tt.want, res)
			}
			calls := r.calls()
			if len(calls) != tt.wantCalls {
				t.Fatalf("calls %q, want %d", calls, tt.wantCalls)
			}
			if tt.wantCalls > 0 && !strings.HasPrefix(calls[0], "tutor | report | merge | --out | tutor-report | shards/tutor-report-shard-1-of-3/report.json") {
				t.Errorf("call %q, want tutor report merge of the shards' report.json", calls[0])
			}
			if tt.wantError != "" && !strings.Contains(res.log, tt.wantError) {
				t.Errorf("log %q, want %q", res.log, tt.wantError)
			}
			if tt.wantCalls > 0 && !strings.Contains(r.summary, "fake summary") {
				t.Errorf("job summary %q lacks the merged summary.md", r.summary)
			}
		})
	}
}
