package report

import (
	"encoding/json"
	"io"
	"time"

	"github.com/tutor-run/tutor/engine/internal/termtext"
	"github.com/tutor-run/tutor/engine/result"
)

// WriteJSON writes run as one indented JSON object. The field names are
// stable; durations are whole milliseconds; captured text has ANSI escape
// sequences removed. The shape, with fields that may be left out marked:
//
//	{
//	  "tutorial": {"file": "post.md", "title": "..."},  // title may be left out
//	  "started": "2024-05-01T10:00:00Z",                  // RFC 3339
//	  "durationMs": 35200,
//	  "exitCode": 1,                                      // 0 passed, 1 claim broken, 3 environment
//	  "counts": {"passed": 4, "failed": 1, "errored": 0, "blocked": 2, "skipped": 1},
//	  "tools": {"bash": "5.2.21"},                        // always an object
//	  "sections": [{
//	    "id": "install-cilium", "title": "Install Cilium", "line": 12,
//	    "cleanup": true,                                  // only on cleanup sections
//	    "status": "errored",                              // passed|failed|errored|blocked|skipped; errored when a step errored
//	    "reason": "...",                                  // may be left out
//	    "durationMs": 2100,
//	    "steps": [{
//	      "kind": "shell", "line": 14, "command": "cilium install",
//	      "hidden": true,                                 // only on setup steps
//	      "status": "failed", "reason": "...",            // reason may be left out
//	      "exitCode": 0, "durationMs": 350, "attempts": 1,
//	      "output": "...", "truncated": false,            // output may be left out
//	      "failure": {"kind": "claim", "message": "...", "diff": "..."}  // only on failed/errored steps; diff may be left out
//	    }]
//	  }]
//	}
func WriteJSON(w io.Writer, run *result.Run) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(jsonFromRun(run))
}

type jsonRun struct {
	Tutorial    jsonTutorial          `json:"tutorial"`
	Started     time.Time             `json:"started"`
	DurationMs  int64                 `json:"durationMs"`
	ExitCode    int                   `json:"exitCode"`
	Counts      jsonCounts            `json:"counts"`
	Tools       map[string]string     `json:"tools"`
	Applied     []string              `json:"applied,omitempty"`
	Teardown    []result.TeardownItem `json:"teardown,omitempty"`
	LeftBehind  []string              `json:"leftBehind,omitempty"`
	Interrupted bool                  `json:"interrupted,omitempty"`
	Sections    []jsonSection         `json:"sections"`
}

type jsonTutorial struct {
	File  string `json:"file"`
	Title string `json:"title,omitempty"`
}

type jsonCounts struct {
	Passed  int `json:"passed"`
	Failed  int `json:"failed"`
	Errored int `json:"errored"`
	Blocked int `json:"blocked"`
	Skipped int `json:"skipped"`
}

type jsonSection struct {
	ID         string     `json:"id"`
	Title      string     `json:"title"`
	Line       int        `json:"line"`
	Cleanup    bool       `json:"cleanup,omitempty"`
	Status     string     `json:"status"`
	Reason     string     `json:"reason,omitempty"`
	DurationMs int64      `json:"durationMs"`
	Steps      []jsonStep `json:"steps"`
}

type jsonStep struct {
	Kind       string       `json:"kind"`
	Line       int          `json:"line"`
	Command    string       `json:"command"`
	Hidden     bool         `json:"hidden,omitempty"`
	Status     string       `json:"status"`
	Reason     string       `json:"reason,omitempty"`
	ExitCode   int          `json:"exitCode"`
	DurationMs int64        `json:"durationMs"`
	Attempts   int          `json:"attempts"`
	Output     string       `json:"output,omitempty"`
	Truncated  bool         `json:"truncated"`
	Failure    *jsonFailure `json:"failure,omitempty"`
	// RanAs is the command as run when bound names replaced the author's.
	RanAs         string   `json:"ranAs,omitempty"`
	Substitutions []string `json:"substitutions,omitempty"`
}

type jsonFailure struct {
	Kind    string `json:"kind"`
	Message string `json:"message"`
	Diff    string `json:"diff,omitempty"`
}

func jsonFromRun(run *result.Run) jsonRun {
	counts := countSections(run)
	out := jsonRun{
		Started:    run.Started,
		DurationMs: run.Duration.Milliseconds(),
		ExitCode:   run.ExitCode(),
		Counts: jsonCounts{
			Passed:  counts[result.Passed],
			Failed:  counts[result.Failed],
			Errored: counts[result.Errored],
			Blocked: counts[result.Blocked],
			Skipped: counts[result.Skipped],
		},
		Tools:    map[string]string{},
		Applied:  run.Applied,
		Teardown: run.Teardown, LeftBehind: run.LeftBehind, Interrupted: run.Interrupted,
		Sections: []jsonSection{},
	}
	if run.Tutorial != nil {
		out.Tutorial = jsonTutorial{File: run.Tutorial.File, Title: run.Tutorial.Title}
	}
	for k, v := range run.Tools {
		out.Tools[k] = v
	}
	for _, sec := range run.Sections {
		out.Sections = append(out.Sections, jsonFromSection(sec))
	}
	return out
}

func jsonFromSection(sec *result.Section) jsonSection {
	js := jsonSection{
		Title:      sectionTitle(sec),
		Status:     string(sectionStatus(sec)),
		Reason:     sec.Reason,
		DurationMs: sec.Duration.Milliseconds(),
		Steps:      []jsonStep{},
	}
	if m := sec.Section; m != nil {
		js.ID, js.Line, js.Cleanup = m.ID, m.Pos.Line, m.Cleanup
	}
	for _, st := range sec.Steps {
		js.Steps = append(js.Steps, jsonFromStep(st))
	}
	return js
}

func jsonFromStep(st *result.Step) jsonStep {
	js := jsonStep{
		Status:     string(st.Status),
		Reason:     st.Reason,
		ExitCode:   st.ExitCode,
		DurationMs: st.Duration.Milliseconds(),
		Attempts:   st.Attempts,
		Output:     termtext.StripANSI(st.Output),
		Truncated:  st.Truncated,
		RanAs:      st.Command, Substitutions: st.Substitutions,
	}
	if m := st.Step; m != nil {
		js.Kind, js.Line, js.Command, js.Hidden = string(m.Kind), m.Pos.Line, m.Command, m.Hidden
	}
	if f := st.Failure; f != nil {
		js.Failure = &jsonFailure{Kind: string(f.Kind), Message: termtext.StripANSI(f.Message), Diff: termtext.StripANSI(f.Diff)}
	}
	return js
}
