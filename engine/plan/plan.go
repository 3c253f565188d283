// Package plan shows what a run of a tutorial would do, without running
// anything: as text for people and as JSON for tools.
package plan

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/tutor-run/tutor/assertions/judge"
	"github.com/tutor-run/tutor/engine/model"
)

// Checks describes in words every claim a step makes.
func Checks(st *model.Step, aliases map[string]string) []string {
	var c []string
	switch st.Kind {
	case model.KindEnv:
		for _, e := range st.Env {
			c = append(c, "sets "+e.Name)
		}
		return c
	case model.KindManifest:
		switch {
		case st.Delete:
			return []string{"objects are deleted"}
		case st.NoWait:
			return []string{"objects are applied (not waited for)"}
		}
		return []string{"objects are applied", "workloads become ready"}
	case model.KindAssert:
		return []string{fmt.Sprintf("%s (within %s)", st.Claim.Describe(), st.Claim.Within)}
	case model.KindBackground:
		if st.Ready != nil {
			c = append(c, fmt.Sprintf("prints a line matching /%s/ within %s", st.Ready.Pattern, st.Ready.Within))
		} else {
			c = append(c, "starts")
		}
		return c
	case model.KindIllustration:
		return nil
	case model.KindFile:
		return []string{fmt.Sprintf("writes %d line(s) to %s in the run's directory", strings.Count(st.Content, "\n"), st.Path)}
	}
	rule := judge.Text
	if st.Output != nil {
		rule = judge.For(st.Command, st.Output.Text, aliases)
	}
	if rule != judge.Blocked {
		c = append(c, "exit status "+st.Exit.String())
	}
	for _, e := range st.Expect {
		switch e.Kind {
		case model.MatchContains:
			c = append(c, fmt.Sprintf("output contains %q", e.Value))
		case model.MatchNotContains:
			c = append(c, fmt.Sprintf("output does not contain %q", e.Value))
		case model.MatchRegex:
			c = append(c, fmt.Sprintf("output matches /%s/", e.Value))
		case model.MatchSimilarity:
			c = append(c, fmt.Sprintf("output at least %.2f similar to the pasted output", e.Threshold))
		case model.MatchIgnore:
			c = append(c, "pasted output not compared")
		}
	}
	if st.Output != nil && !st.ReplacesOutput() {
		n := strings.Count(st.Output.Text, "\n") + 1
		if d := rule.Describe(); d != "" {
			c = append(c, fmt.Sprintf("%s (line %d)", d, st.Output.Pos.Line))
		} else {
			c = append(c, fmt.Sprintf("output matches the %d pasted line(s) from line %d (volatile values normalized)", n, st.Output.Pos.Line))
		}
	}
	if st.Eventually != nil {
		c = append(c, fmt.Sprintf("retried every %s for up to %s until it holds", st.Eventually.Every, st.Eventually.Within))
	}
	return c
}

// WriteText prints the plan for people, section by section.
func WriteText(w io.Writer, t *model.Tutorial) error {
	ew := &errWriter{w: w}
	title := t.Title
	if title == "" {
		title = t.File
	}
	ew.printf("%s: %q\n", t.File, title)
	for _, s := range t.Sections {
		ew.printf("\n§ %s (line %d, id %s)", s.Title, s.Pos.Line, s.ID)
		switch {
		case s.Cleanup:
			ew.printf(" [cleanup: runs last, whatever happened]")
		case s.Skip != "":
			ew.printf(" [not run: %s]", s.Skip)
		}
		ew.printf("\n")
		if len(s.Steps) == 0 {
			ew.printf("  (nothing to run)\n")
		}
		for _, st := range s.Steps {
			writeStep(ew, st, t.Settings.Aliases)
		}
	}
	writeCharts(ew, t)
	for _, d := range t.Warnings {
		ew.printf("%s\n", d)
	}
	return ew.err
}

// writeCharts says what the post shows of Cilium's chart outside its helm
// steps: a sandbox run that installs the chart for the post uses it.
func writeCharts(ew *errWriter, t *model.Tutorial) {
	v, named := t.ChartVersion("cilium")
	if len(t.ChartValues) == 0 && !named {
		return
	}
	ew.printf("\n")
	for _, cv := range t.ChartValues {
		ew.printf("Chart values: the block at line %d is read as the %s chart's values\n", cv.Pos.Line, cv.Chart)
	}
	if named {
		ew.printf("Chart version: the post names %s %s\n", v.Chart, v)
	}
}

func writeStep(ew *errWriter, st *model.Step, aliases map[string]string) {
	verb := map[model.Kind]string{
		model.KindShell: "run", model.KindBackground: "start", model.KindManifest: "apply",
		model.KindEnv: "env", model.KindIllustration: "show", model.KindAssert: "check",
		model.KindFile: "write",
	}[st.Kind]
	if st.Kind == model.KindManifest && st.Delete {
		verb = "delete"
	}
	what := st.Command
	switch st.Kind {
	case model.KindManifest:
		what = model.ManifestObjects(st.Manifest)
	case model.KindEnv:
		names := make([]string, len(st.Env))
		for i, e := range st.Env {
			names[i] = e.Name + "=" + e.Value
		}
		what = strings.Join(names, " ")
	case model.KindIllustration:
		if st.Block != nil {
			what = "```" + st.Block.Info + " block"
		}
	case model.KindAssert:
		what = st.Claim.Describe()
	case model.KindFile:
		what = st.Path
	}
	if st.Hidden {
		verb += "*"
	}
	ew.printf("  %5d  %-6s %s\n", st.Pos.Line, verb, indent(what, 16))
	if st.Values != nil {
		ew.printf("                with the values block at line %d\n", st.Values.Pos.Line)
	}
	if st.Via != "" {
		ew.printf("                inside the post's interactive shell: through %s\n", st.Via)
	}
	if st.Unattended != "" {
		ew.printf("                runs without a terminal as: %s\n", indent(st.Unattended, 16))
	}
	if st.Note != "" {
		ew.printf("                note: %s\n", st.Note)
	}
	if st.Skip != "" {
		ew.printf("                not run: %s\n", st.Skip)
		return
	}
	for _, c := range Checks(st, aliases) {
		ew.printf("                ✓ %s\n", c)
	}
	if st.Timeout > 0 {
		ew.printf("                timeout %s\n", st.Timeout)
	}
}

func indent(s string, n int) string {
	return strings.ReplaceAll(s, "\n", "\n"+strings.Repeat(" ", n))
}

// errWriter keeps the first write error so printing code stays linear.
type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) printf(format string, args ...any) {
	if e.err == nil {
		_, e.err = fmt.Fprintf(e.w, format, args...)
	}
}

// ErrorsJSON is what `tutor plan --json` prints when it refuses a post.
type ErrorsJSON struct {
	File   string           `json:"file"`
	Errors []DiagnosticJSON `json:"errors"`
}

// DiagnosticJSON is one problem, with its place.
type DiagnosticJSON struct {
	Line    int    `json:"line"`
	Message string `json:"message"`
}

// WriteErrorsJSON prints the problems that keep a post from being planned.
func WriteErrorsJSON(w io.Writer, file string, ds []model.Diagnostic) error {
	j := ErrorsJSON{File: file, Errors: []DiagnosticJSON{}}
	for _, d := range ds {
		j.Errors = append(j.Errors, DiagnosticJSON{Line: d.Pos.Line, Message: d.Message})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(j)
}

// JSON is the machine-readable plan printed by `tutor plan --json`.
type JSON struct {
	File     string        `json:"file"`
	Title    string        `json:"title,omitempty"`
	Sections []SectionJSON `json:"sections"`
	Warnings []string      `json:"warnings"`
	// ChartValues are the blocks read as a chart's values with no helm
	// step to take them.
	ChartValues []ChartValuesJSON `json:"chartValues,omitempty"`
	// ChartVersion is the version of Cilium's chart the post names.
	ChartVersion *ChartVersionJSON `json:"chartVersion,omitempty"`
}

// ChartValuesJSON is a block read as a chart's values: Line is its fence.
type ChartValuesJSON struct {
	Chart string `json:"chart"`
	Line  int    `json:"line"`
}

// ChartVersionJSON is a chart version the post names, and where.
type ChartVersionJSON struct {
	Chart   string `json:"chart"`
	Version string `json:"version"`
	From    string `json:"from"`
	Line    int    `json:"line"`
}

// SectionJSON is one section of the JSON plan.
type SectionJSON struct {
	ID      string `json:"id"`
	Title   string `json:"title"`
	Line    int    `json:"line"`
	Cleanup bool   `json:"cleanup,omitempty"`
	Skip    string `json:"skip,omitempty"`
	// Tab is the tab's label when the section is one of a group of tabs.
	Tab   string     `json:"tab,omitempty"`
	Steps []StepJSON `json:"steps"`
}

// StepJSON is one step of the JSON plan. Command is as written in the post
// (aliases not expanded); it is absent for steps that run no command.
type StepJSON struct {
	Kind       string   `json:"kind"`
	Line       int      `json:"line"`
	Command    string   `json:"command,omitempty"`
	Objects    string   `json:"objects,omitempty"`
	Hidden     bool     `json:"hidden,omitempty"`
	Skip       string   `json:"skip,omitempty"`
	Checks     []string `json:"checks,omitempty"`
	OutputLine int      `json:"outputLine,omitempty"`
	Timeout    string   `json:"timeout,omitempty"`
	// Path is the file a write step creates.
	Path string `json:"path,omitempty"`
	// Note says how a command that cannot run unattended as written runs.
	Note string `json:"note,omitempty"`
	// Via is the interactive shell's non-interactive form the command
	// runs through.
	Via string `json:"via,omitempty"`
	// Placeholders are the values the command leaves to the reader.
	Placeholders []string `json:"placeholders,omitempty"`
	// Unattended is what runs in place of an interactive command.
	Unattended string `json:"unattended,omitempty"`
}

// ToJSON converts a tutorial to its JSON plan.
func ToJSON(t *model.Tutorial) JSON {
	j := JSON{File: t.File, Title: t.Title, Sections: []SectionJSON{}, Warnings: []string{}}
	for _, s := range t.Sections {
		sj := SectionJSON{ID: s.ID, Title: s.Title, Line: s.Pos.Line, Cleanup: s.Cleanup, Skip: s.Skip, Steps: []StepJSON{}}
		if s.Tab != nil {
			sj.Tab = s.Tab.Name
		}
		for _, st := range s.Steps {
			stj := StepJSON{Kind: string(st.Kind), Line: st.Pos.Line, Command: st.Command, Hidden: st.Hidden, Skip: st.Skip, Checks: Checks(st, t.Settings.Aliases)}
			if st.Kind == model.KindManifest {
				stj.Objects = model.ManifestObjects(st.Manifest)
			}
			if st.Output != nil {
				stj.OutputLine = st.Output.Pos.Line
			}
			if st.Timeout > 0 {
				stj.Timeout = st.Timeout.String()
			}
			stj.Path, stj.Note, stj.Via, stj.Unattended = st.Path, st.Note, st.Via, st.Unattended
			for _, p := range st.Placeholders {
				stj.Placeholders = append(stj.Placeholders, p.Text)
			}
			sj.Steps = append(sj.Steps, stj)
		}
		j.Sections = append(j.Sections, sj)
	}
	for _, d := range t.Warnings {
		j.Warnings = append(j.Warnings, d.String())
	}
	for _, cv := range t.ChartValues {
		j.ChartValues = append(j.ChartValues, ChartValuesJSON{Chart: cv.Chart, Line: cv.Pos.Line})
	}
	if v, ok := t.ChartVersion("cilium"); ok {
		j.ChartVersion = &ChartVersionJSON{Chart: v.Chart, Version: v.Version, From: string(v.From), Line: v.Pos.Line}
	}
	return j
}

// WriteJSON prints the JSON plan, indented.
func WriteJSON(w io.Writer, t *model.Tutorial) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(ToJSON(t))
}
