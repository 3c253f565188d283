package report

import (
	"encoding/json"
	"io"
	"strings"
	"time"

	"github.com/tutor-run/tutor/engine/internal/termtext"
	"github.com/tutor-run/tutor/engine/result"
)

// WriteJSON writes run as one indented JSON object. The field names are
// stable; durations are whole milliseconds; captured text has ANSI escape
// sequences removed. ReadJSON reads it back. The shape, with fields that
// may be left out marked:
//
//	{
//	  "version": 1,                                       // of this shape; ReadJSON refuses others
//	  "tutorial": {"file": "post.md", "title": "..."},  // title may be left out
//	  "started": "2024-05-01T10:00:00Z",                  // RFC 3339
//	  "durationMs": 35200,
//	  "exitCode": 1,                                      // 0 passed, 1 claim broken, 2 malformed, 3 environment, 130 interrupted
//	  "counts": {"passed": 4, "failed": 1, "errored": 0, "blocked": 2, "skipped": 1},
//	  "tools": {"bash": "5.2.21"},                        // always an object
//	  "applied": ["deployment demo/web"],                 // may be left out, as may the next four
//	  "setup": [{"before": "Policies", "what": "installed the Cilium chart 1.14.0 ...", "notes": ["..."], "error": "..."}],
//	  "teardown": [{"what": "deployment demo/web", "error": "..."}],
//	  "leftBehind": ["namespace demo"],
//	  "interrupted": true,
//	  "failed": {"message": "...", "status": 2},          // only when the post as a whole did not run to its end
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
//	      "failure": {"kind": "claim", "message": "...", "diff": "..."}, // only on failed/errored steps; diff may be left out
//	      "ranAs": "...", "substitutions": ["..."],        // may be left out, as may the next three
//	      "forgiven": true, "replayed": true, "notes": ["..."]
//	    }]
//	  }]
//	}
func WriteJSON(w io.Writer, run *result.Run) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(jsonFromRun(run))
}

// jsonVersion is the version of the report's shape. A change that a
// reader of the old shape would misread gets a new version.
const jsonVersion = 1

type jsonRun struct {
	Version     int                   `json:"version"`
	Tutorial    jsonTutorial          `json:"tutorial"`
	Started     time.Time             `json:"started"`
	DurationMs  int64                 `json:"durationMs"`
	ExitCode    int                   `json:"exitCode"`
	Counts      jsonCounts            `json:"counts"`
	Tools       map[string]string     `json:"tools"`
	Applied     []string              `json:"applied,omitempty"`
	Setup       []result.SetupItem    `json:"setup,omitempty"`
	Teardown    []result.TeardownItem `json:"teardown,omitempty"`
	LeftBehind  []string              `json:"leftBehind,omitempty"`
	Interrupted bool                  `json:"interrupted,omitempty"`
	Failed      *result.PostFailure   `json:"failed,omitempty"`
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
	Forgiven      bool     `json:"forgiven,omitempty"`
	Replayed      bool     `json:"replayed,omitempty"`
	Notes         []string `json:"notes,omitempty"`
}

type jsonFailure struct {
	Kind    string `json:"kind"`
	Message string `json:"message"`
	Diff    string `json:"diff,omitempty"`
}

func jsonFromRun(run *result.Run) jsonRun {
	counts := countSections(run)
	out := jsonRun{
		Version:    jsonVersion,
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
		Setup:    run.Setup,
		Teardown: run.Teardown, LeftBehind: run.LeftBehind, Interrupted: run.Interrupted,
		Failed:   jsonFromPostFailure(run.Failed),
		Sections: []jsonSection{},
	}
	if run.Tutorial != nil {
		out.Tutorial = jsonTutorial{File: run.Tutorial.File, Title: run.Tutorial.Title}
	}
	for k, v := range run.Tools {
		out.Tools[k] = jsonText(v)
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
		Reason:     jsonText(sec.Reason),
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
		Reason:     jsonText(st.Reason),
		ExitCode:   st.ExitCode,
		DurationMs: st.Duration.Milliseconds(),
		Attempts:   st.Attempts,
		Output:     jsonText(st.Output),
		Truncated:  st.Truncated,
		RanAs:      st.Command, Substitutions: st.Substitutions,
		Forgiven: st.Forgiven, Replayed: st.Replayed, Notes: st.Notes,
	}
	if m := st.Step; m != nil {
		js.Kind, js.Line, js.Command, js.Hidden = string(m.Kind), m.Pos.Line, m.Command, m.Hidden
	}
	if f := st.Failure; f != nil {
		js.Failure = &jsonFailure{Kind: string(f.Kind), Message: jsonText(f.Message), Diff: jsonText(f.Diff)}
	}
	return js
}

// jsonFromPostFailure copies f with escape sequences removed from its
// message, or nil.
func jsonFromPostFailure(f *result.PostFailure) *result.PostFailure {
	if f == nil {
		return nil
	}
	return &result.PostFailure{Message: jsonText(f.Message), Status: f.Status}
}

// jsonText is captured text as the report keeps it: escape sequences
// removed and invalid UTF-8 replaced by U+FFFD here, where encoding/json
// would write it as an escaped \ufffd, so that a report read back and
// written again is the same bytes.
func jsonText(s string) string {
	return strings.ToValidUTF8(termtext.StripANSI(s), "\uFFFD")
}
