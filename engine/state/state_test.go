package state

import (
	"path/filepath"
	"slices"
	"testing"

	"github.com/tutor-run/tutor/engine/model"
)

// tutorial returns a post with four runnable steps (lines 10, 20, 30 and,
// in a cleanup section written first, 5), an illustration and a skipped
// step; edit changes it before it is returned.
func tutorial(edit func(t *model.Tutorial)) *model.Tutorial {
	step := func(line int, cmd string) *model.Step {
		return &model.Step{Kind: model.KindShell, Pos: model.Pos{Line: line}, Command: cmd}
	}
	t := &model.Tutorial{
		File: "/posts/cilium.md",
		Settings: model.Settings{
			Aliases: map[string]string{"k": "kubectl"},
			Env:     []model.EnvVar{{Name: "NS", Value: "demo"}},
		},
		Sections: []*model.Section{
			{ID: "cleanup", Cleanup: true, Steps: []*model.Step{step(5, "kind delete cluster")}},
			{ID: "setup", Steps: []*model.Step{
				step(10, "kind create cluster"),
				{Kind: model.KindIllustration, Pos: model.Pos{Line: 15}, Command: "cat values.yaml"},
				step(20, "cilium install"),
				{Kind: model.KindShell, Pos: model.Pos{Line: 25}, Command: "open http://localhost", Skip: "interactive"},
			}},
			{ID: "check", Steps: []*model.Step{{
				Kind: model.KindShell, Pos: model.Pos{Line: 30}, Command: "cilium status",
				Output: &model.Output{Text: "OK\n", Pos: model.Pos{Line: 31}},
				Expect: []model.Expectation{{Kind: model.MatchContains, Value: "OK", Pos: model.Pos{Line: 29}}},
			}}},
			{ID: "skipped", Skip: "needs a cloud", Steps: []*model.Step{step(40, "az aks create")}},
		},
	}
	if edit != nil {
		edit(t)
	}
	return t
}

func TestRunnableSteps(t *testing.T) {
	var lines []int
	for _, st := range RunnableSteps(tutorial(nil)) {
		lines = append(lines, st.Pos.Line)
	}
	if want := []int{10, 20, 30, 5}; !slices.Equal(lines, want) {
		t.Errorf("RunnableSteps lines = %v, want %v", lines, want)
	}
}

func TestFingerprints(t *testing.T) {
	base := Fingerprints(tutorial(nil))
	if len(base) != 4 {
		t.Fatalf("len(Fingerprints) = %d, want 4", len(base))
	}
	tests := []struct {
		name string
		edit func(t *model.Tutorial)
		// changedFrom is the first fingerprint that changes (-1: none).
		changedFrom int
	}{
		{"nothing", func(t *model.Tutorial) {}, -1},
		{"lines move", func(t *model.Tutorial) {
			for _, st := range t.Steps() {
				st.Pos.Line += 7
				if st.Output != nil {
					st.Output.Pos.Line += 7
				}
				for i := range st.Expect {
					st.Expect[i].Pos.Line += 7
				}
			}
		}, -1},
		{"illustration changes", func(t *model.Tutorial) { t.Sections[1].Steps[1].Command = "cat other.yaml" }, -1},
		{"second step's command", func(t *model.Tutorial) { t.Sections[1].Steps[2].Command = "cilium install --version 1.16" }, 1},
		{"first step's command", func(t *model.Tutorial) { t.Sections[1].Steps[0].Command = "kind create cluster --name x" }, 0},
		{"pasted output", func(t *model.Tutorial) { t.Sections[2].Steps[0].Output.Text = "OK\nOK\n" }, 2},
		{"expectation", func(t *model.Tutorial) { t.Sections[2].Steps[0].Expect[0].Value = "Ready" }, 2},
		{"exit claim", func(t *model.Tutorial) { t.Sections[2].Steps[0].Exit.NonZero = true }, 2},
		{"kind", func(t *model.Tutorial) { t.Sections[2].Steps[0].Kind = model.KindBackground }, 2},
		{"cleanup step", func(t *model.Tutorial) { t.Sections[0].Steps[0].Command = "kind delete clusters --all" }, 3},
		{"settings env", func(t *model.Tutorial) { t.Settings.Env[0].Value = "prod" }, 0},
		{"aliases", func(t *model.Tutorial) { t.Settings.Aliases["k"] = "kubecolor" }, 0},
		{"skipped step unskipped", func(t *model.Tutorial) { t.Sections[1].Steps[3].Skip = "" }, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Fingerprints(tutorial(tt.edit))
			for i := range base {
				changed := i >= len(got) || got[i] != base[i]
				if want := tt.changedFrom >= 0 && i >= tt.changedFrom; changed != want {
					t.Errorf("fingerprint %d changed = %v, want %v", i, changed, want)
				}
			}
		})
	}
}

func TestResumeAt(t *testing.T) {
	saved := []string{"a", "b", "c", "d"}
	tests := []struct {
		name       string
		done       int
		current    []string
		want       int
		wantReason string
	}{
		{"unchanged", 2, []string{"a", "b", "c", "d"}, 2, "resuming at runnable step 3 after 2 finished steps"},
		{"a later step changed", 2, []string{"a", "b", "x", "y"}, 2, "resuming at runnable step 3 after 2 finished steps"},
		{"a finished step changed", 2, []string{"a", "x", "y", "z"}, 0, "runnable step 2 changed since the saved run"},
		{"the first step changed", 3, []string{"x", "y", "z", "w"}, 0, "runnable step 1 changed since the saved run"},
		{"steps appended", 4, []string{"a", "b", "c", "d", "e"}, 4, "resuming at runnable step 5 after 4 finished steps"},
		{"all done", 4, []string{"a", "b", "c", "d"}, 4, "every step finished in the saved run"},
		{"nothing done", 0, []string{"x"}, 0, "no step finished in the saved run"},
		{"finished steps removed", 3, []string{"a", "b"}, 0, "steps the saved run finished were removed from the post"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := &State{Fingerprints: saved, Done: tt.done}
			got, reason := s.ResumeAt(tt.current)
			if got != tt.want || reason != tt.wantReason {
				t.Errorf("ResumeAt = %d, %q; want %d, %q", got, reason, tt.want, tt.wantReason)
			}
		})
	}
}

func TestResumeNamesLines(t *testing.T) {
	abs, _ := filepath.Abs("/posts/cilium.md")
	s := &State{Tutorial: abs, Fingerprints: Fingerprints(tutorial(nil)), Done: 3}
	edited := tutorial(func(t *model.Tutorial) { t.Sections[1].Steps[2].Command = "cilium install --wait" })
	if i, reason := s.Resume(edited); i != 0 || reason != "the step at line 20 changed since the saved run" {
		t.Errorf("Resume = %d, %q", i, reason)
	}
	if i, reason := s.Resume(tutorial(nil)); i != 3 || reason != "resuming at the step at line 5 after 3 finished steps" {
		t.Errorf("Resume = %d, %q", i, reason)
	}
	other := tutorial(func(t *model.Tutorial) { t.File = "/posts/other.md" })
	if i, _ := s.Resume(other); i != 0 {
		t.Errorf("Resume of another post = %d, want 0", i)
	}
}
