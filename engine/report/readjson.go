package report

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"strings"
	"time"

	"github.com/tutor-run/tutor/engine/model"
	"github.com/tutor-run/tutor/engine/result"
)

// ReadJSON reads a report WriteJSON wrote (one run) or WriteSuiteJSON
// wrote (many) and rebuilds its runs, in the order the report lists them.
// Each run gets a Tutorial carrying the file, the title and the sections
// (id, title, line, cleanup) and its steps (kind, line, command, hidden),
// so every writer of this package can write it again; WriteJSON of a run
// read back is the report it was read from.
//
// A report without a version is read as version 1 (tutor wrote none
// before combined reports). Input that is not JSON, not a report of this
// shape, of another version, or inconsistent (an exit code its steps do
// not call for, an unknown status) is an error that says where; the
// caller adds the file's name.
func ReadJSON(r io.Reader) ([]*result.Run, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	// One decoding serves both shapes: a combined report's runs are in
	// Runs, a single run's fields in the embedded jsonRun.
	var doc struct {
		jsonRun
		Version  *int       `json:"version"`
		ExitCode *int       `json:"exitCode"`
		Runs     []*jsonRun `json:"runs"`
	}
	if err := decodeJSON(data, &doc); err != nil {
		return nil, err
	}
	if doc.Version != nil && *doc.Version != jsonVersion {
		return nil, fmt.Errorf("report version %d: this tutor reads version %d", *doc.Version, jsonVersion)
	}
	switch {
	case doc.Runs != nil:
		return readSuite(doc.Runs, doc.ExitCode)
	case doc.Sections != nil:
		doc.jsonRun.ExitCode = 0
		if doc.ExitCode != nil {
			doc.jsonRun.ExitCode = *doc.ExitCode
		}
		run, err := runFromJSON(&doc.jsonRun)
		if err != nil {
			return nil, err
		}
		return []*result.Run{run}, nil
	default:
		return nil, errors.New(`not a tutor report: no "sections" (one run) or "runs" (combined)`)
	}
}

// readSuite rebuilds the runs of a combined report and checks its exit
// code against theirs.
func readSuite(docs []*jsonRun, exitCode *int) ([]*result.Run, error) {
	runs := make([]*result.Run, 0, len(docs))
	for i, j := range docs {
		if j == nil {
			return nil, fmt.Errorf("runs[%d]: null", i)
		}
		run, err := runFromJSON(j)
		if err != nil {
			return nil, fmt.Errorf("runs[%d] (%s): %w", i, j.Tutorial.File, err)
		}
		runs = append(runs, run)
	}
	if exitCode == nil {
		return nil, errors.New(`combined report without "exitCode"`)
	}
	if got := SuiteExitCode(runs); got != *exitCode {
		return nil, fmt.Errorf("exitCode %d, but its runs call for %d", *exitCode, got)
	}
	return runs, nil
}

// decodeJSON unmarshals data into v, saying where the input is wrong in
// words rather than in Go types.
func decodeJSON(data []byte, v any) error {
	err := json.Unmarshal(data, v)
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &syntax) && len(bytes.TrimSpace(data)) == 0:
		return errors.New("not JSON: the file is empty")
	case errors.As(err, &syntax) && syntax.Offset >= int64(len(data)):
		return errors.New("not JSON: it ends early (cut short?)")
	case errors.As(err, &syntax):
		line, col := lineCol(data, syntax.Offset)
		return fmt.Errorf("not JSON: line %d column %d: %s", line, col, syntax.Error())
	case errors.As(err, &typ) && typ.Field == "":
		return fmt.Errorf("not a tutor report: a JSON %s, want an object", typ.Value)
	case errors.As(err, &typ):
		// The embedded jsonRun of ReadJSON's document names itself.
		field := strings.TrimPrefix(typ.Field, "jsonRun.")
		return fmt.Errorf("not a tutor report: %q is a JSON %s, want %s", field, typ.Value, typeWord(typ.Type.Kind().String()))
	default:
		return fmt.Errorf("not JSON: %w", err)
	}
}

// typeWord names a Go kind the way a JSON reader would.
func typeWord(kind string) string {
	switch kind {
	case "int", "int64":
		return "an integer"
	case "string":
		return "a string"
	case "bool":
		return "true or false"
	case "slice":
		return "an array"
	case "struct", "map", "ptr":
		return "an object"
	default:
		return kind
	}
}

// lineCol is the 1-based line and column of byte offset off in data.
func lineCol(data []byte, off int64) (line, col int) {
	off = min(max(off, 0), int64(len(data)))
	before := data[:off]
	line = bytes.Count(before, []byte("\n")) + 1
	col = int(off) - (bytes.LastIndexByte(before, '\n') + 1)
	return line, max(col, 1)
}

// statusAndDuration reads the status and the duration of a section or a
// step: the status must be one this tutor writes.
func statusAndDuration(status string, durationMs int64) (result.Status, time.Duration, error) {
	switch s := result.Status(status); s {
	case result.Passed, result.Failed, result.Errored, result.Skipped, result.Blocked:
		d, err := millis(durationMs)
		return s, d, err
	}
	return "", 0, fmt.Errorf("unknown status %q", status)
}

// runFromJSON rebuilds one run and checks that it holds together.
func runFromJSON(j *jsonRun) (*result.Run, error) {
	if j.Tutorial.File == "" {
		return nil, errors.New(`no "tutorial": {"file": ...}`)
	}
	d, err := millis(j.DurationMs)
	if err != nil {
		return nil, err
	}
	tut := &model.Tutorial{File: j.Tutorial.File, Title: j.Tutorial.Title}
	run := &result.Run{
		Tutorial:    tut,
		Started:     j.Started,
		Duration:    d,
		Tools:       j.Tools,
		Applied:     j.Applied,
		Setup:       j.Setup,
		Teardown:    j.Teardown,
		LeftBehind:  j.LeftBehind,
		Interrupted: j.Interrupted,
		Failed:      j.Failed,
	}
	if f := j.Failed; f != nil && f.Status <= 0 {
		return nil, fmt.Errorf("failed.status %d: want the post's exit status, above 0", f.Status)
	}
	run.Sections = make([]*result.Section, 0, len(j.Sections))
	for i := range j.Sections {
		sec, err := sectionFromJSON(tut.File, &j.Sections[i])
		if err != nil {
			return nil, fmt.Errorf("sections[%d]: %w", i, err)
		}
		run.Sections = append(run.Sections, sec)
		tut.Sections = append(tut.Sections, sec.Section)
	}
	if got := run.ExitCode(); got != j.ExitCode {
		return nil, fmt.Errorf("exitCode %d, but its steps call for %d", j.ExitCode, got)
	}
	return run, nil
}

func sectionFromJSON(file string, js *jsonSection) (*result.Section, error) {
	status, d, err := statusAndDuration(js.Status, js.DurationMs)
	if err != nil {
		return nil, err
	}
	m := &model.Section{ID: js.ID, Title: js.Title, Pos: model.Pos{File: file, Line: js.Line}, Cleanup: js.Cleanup}
	sec := &result.Section{
		Section:  m,
		Status:   status,
		Reason:   js.Reason,
		Duration: d,
		Steps:    make([]*result.Step, 0, len(js.Steps)),
	}
	for i := range js.Steps {
		st, err := stepFromJSON(file, &js.Steps[i])
		if err != nil {
			return nil, fmt.Errorf("steps[%d]: %w", i, err)
		}
		sec.Steps = append(sec.Steps, st)
		if st.Step != nil {
			m.Steps = append(m.Steps, st.Step)
		}
	}
	return sec, nil
}

func stepFromJSON(file string, js *jsonStep) (*result.Step, error) {
	status, d, err := statusAndDuration(js.Status, js.DurationMs)
	if err != nil {
		return nil, err
	}
	st := &result.Step{
		Status:        status,
		Reason:        js.Reason,
		Output:        js.Output,
		Truncated:     js.Truncated,
		ExitCode:      js.ExitCode,
		Duration:      d,
		Attempts:      js.Attempts,
		Substitutions: js.Substitutions,
		Command:       js.RanAs,
		Forgiven:      js.Forgiven,
		Replayed:      js.Replayed,
		Notes:         js.Notes,
	}
	// A step the runner recorded without its model has no kind, line or
	// command; keep it without one, as the writers expect.
	if js.Kind != "" || js.Line != 0 || js.Command != "" || js.Hidden {
		st.Step = &model.Step{Kind: model.Kind(js.Kind), Pos: model.Pos{File: file, Line: js.Line}, Command: js.Command, Hidden: js.Hidden}
	}
	if f := js.Failure; f != nil {
		st.Failure = &result.Failure{Kind: result.FailureKind(f.Kind), Message: f.Message, Diff: f.Diff}
	}
	return st, nil
}

// millis is a report's durationMs as a duration; one too long for a
// time.Duration (292 years) is an error rather than a wrapped value.
func millis(ms int64) (time.Duration, error) {
	if ms > math.MaxInt64/int64(time.Millisecond) || ms < math.MinInt64/int64(time.Millisecond) {
		return 0, fmt.Errorf("durationMs %d is out of range", ms)
	}
	return time.Duration(ms) * time.Millisecond, nil
}

// ReadJSONFile is ReadJSON of the file at path.
func ReadJSONFile(path string) ([]*result.Run, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return ReadJSON(f)
}
