package report

import (
	_ "embed"
	"fmt"
	"html/template"
	"io"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/tutor-run/tutor/engine/internal/termtext"
	"github.com/tutor-run/tutor/engine/linediff"
	"github.com/tutor-run/tutor/engine/normalize"
	"github.com/tutor-run/tutor/engine/result"
)

//go:embed html.tmpl
var htmlSource string

// htmlPage is the page of one run.
var htmlPage = newPage("run.html", htmlSource)

// newPage parses the template of an HTML page, with the functions the
// pages share; html/template escapes every value by the context it lands
// in, so captured output cannot become markup.
func newPage(name, source string) *template.Template {
	return template.Must(template.New(name).Funcs(template.FuncMap{
		"symbol": symbol,
	}).Parse(source))
}

// WriteHTML writes run as one self-contained HTML page: a header with the
// overall result, a timeline of the sections, every step with its output
// and, for a broken claim, the message and the highlighted diff, and the
// environment (tool versions, applied objects). Styles are inline and the
// page loads nothing, so it works when opened from disk or as a CI
// artifact. Captured text has ANSI escape sequences and other control
// characters removed.
func WriteHTML(w io.Writer, run *result.Run) error {
	if err := htmlPage.Execute(w, htmlFromRun(run)); err != nil {
		return fmt.Errorf("html report: %w", err)
	}
	return nil
}

// htmlRun is what the page shows, every string already made plain text.
type htmlRun struct {
	Title, File         string
	Status              result.Status // passed, failed or errored: the colour
	Verdict             string        // the overall result in words
	Started, StartedISO string
	Duration, Totals    string
	ExitCode            int
	ExitMeaning         string
	Failure             string // why the post as a whole did not run to its end
	Tutor               string
	Timeline            []htmlBar
	Sections            []htmlSection
	Tools               [][2]string // name, version; sorted by name
	Applied             []string
}

// htmlBar is one row of the timeline; Style places the bar on the track.
type htmlBar struct {
	Index    int
	Title    string
	Status   result.Status
	Duration string
	Style    template.CSS
}

// htmlSection is a section and its steps; Index makes its anchor.
type htmlSection struct {
	Index            int
	Title, Where     string
	Status           result.Status
	Duration, Reason string
	Cleanup          bool
	Steps            []htmlStep
}

// htmlStep is one step. Facts are its duration, attempts and exit status;
// Open unfolds its output (broken steps only).
type htmlStep struct {
	Status         result.Status
	Tags           []string // setup, background, forgiven
	Command, RanAs string
	Substitutions  []string
	Where          string
	Facts          []string
	Reason         string
	Output         string
	OutputSummary  string
	Open           bool
	FailureKind    string
	Message        string
	Diff           []htmlDiffLine
}

// htmlDiffLine is one line of a diff and the class that colours it.
type htmlDiffLine struct {
	Class, Text string
}

// verdicts names the overall result by exit status.
var verdicts = map[int]struct {
	status result.Status
	text   string
}{
	result.ExitPassed:      {result.Passed, "passed"},
	result.ExitClaimBroken: {result.Failed, "failed"},
	result.ExitEnvironment: {result.Errored, "environment error"},
	result.ExitUsage:       {result.Failed, "malformed"},
	result.ExitInterrupted: {result.Blocked, "interrupted"},
}

func htmlFromRun(run *result.Run) htmlRun {
	code := run.ExitCode()
	v, ok := verdicts[code]
	if !ok {
		v.status, v.text = result.Errored, fmt.Sprintf("exit %d", code)
	}
	page := htmlRun{
		Title:       plainLine(tutorialName(run)),
		File:        plainLine(tutorialFile(run)),
		Status:      v.status,
		Verdict:     v.text,
		Duration:    formatDuration(run.Duration),
		Totals:      totals(run),
		ExitCode:    code,
		ExitMeaning: exitMeaning(run, code),
		Tutor:       plainLine(run.Tools["tutor"]),
		Timeline:    timeline(run),
	}
	if run.Failed != nil {
		page.Failure = plainText(run.Failed.Message)
	}
	if !run.Started.IsZero() {
		page.Started = run.Started.Format("2006-01-02 15:04:05 MST")
		page.StartedISO = run.Started.Format(time.RFC3339)
	}
	for i, sec := range run.Sections {
		page.Sections = append(page.Sections, htmlFromSection(run, i, sec))
	}
	for _, name := range slices.Sorted(maps.Keys(run.Tools)) {
		page.Tools = append(page.Tools, [2]string{plainLine(name), plainLine(run.Tools[name])})
	}
	for _, obj := range run.Applied {
		page.Applied = append(page.Applied, plainLine(obj))
	}
	return page
}

// timeline places each section on a track as long as the run: sections
// run one after another, so a bar starts where the ones before it end.
func timeline(run *result.Run) []htmlBar {
	var sum time.Duration
	for _, sec := range run.Sections {
		sum += max(sec.Duration, 0)
	}
	total := max(run.Duration, sum)
	percent := func(d time.Duration) float64 {
		if total <= 0 {
			return 0
		}
		return 100 * float64(d) / float64(total)
	}
	var bars []htmlBar
	var at time.Duration
	for i, sec := range run.Sections {
		d := max(sec.Duration, 0)
		bars = append(bars, htmlBar{
			Index:    i,
			Title:    plainLine(sectionTitle(sec)),
			Status:   sectionStatus(sec),
			Duration: sectionDuration(sec),
			Style:    template.CSS(fmt.Sprintf("left:%.2f%%;width:%.2f%%", percent(at), percent(d))),
		})
		at += d
	}
	return bars
}

func htmlFromSection(run *result.Run, i int, sec *result.Section) htmlSection {
	hs := htmlSection{
		Index:    i,
		Title:    plainLine(sectionTitle(sec)),
		Status:   sectionStatus(sec),
		Duration: sectionDuration(sec),
		Reason:   plainText(sec.Reason),
	}
	if m := sec.Section; m != nil {
		hs.Where, hs.Cleanup = where(run, m.Pos), m.Cleanup
	}
	for _, st := range sec.Steps {
		hs.Steps = append(hs.Steps, htmlFromStep(run, sec, st))
	}
	return hs
}

func htmlFromStep(run *result.Run, sec *result.Section, st *result.Step) htmlStep {
	hs := htmlStep{
		Status:  st.Status,
		Command: plainText(commandText(st.Step)),
		Where:   stepWhere(run, sec, st),
		Output:  plainText(st.Output),
		Open:    broken(st),
	}
	if marker := strings.Trim(stepMarker(st.Step), "[] "); marker != "" {
		hs.Tags = append(hs.Tags, marker)
	}
	if st.Forgiven {
		hs.Tags = append(hs.Tags, "forgiven")
	}
	if st.Command != "" && st.Command != stepCommand(st) {
		hs.RanAs = plainText(st.Command)
	}
	for _, sub := range st.Substitutions {
		hs.Substitutions = append(hs.Substitutions, plainLine(sub))
	}
	if st.Status != result.Skipped && st.Status != result.Blocked {
		hs.Facts = stepFacts(st)
		hs.OutputSummary = plural(len(lines(hs.Output)), "line")
		if st.Truncated {
			hs.OutputSummary += ", truncated"
		}
	}
	if !broken(st) {
		hs.Reason = plainText(st.Reason)
		return hs
	}
	hs.Message = plainText(st.Message())
	if st.Failure != nil {
		hs.FailureKind = failureKindText(st.Failure.Kind)
	}
	for _, line := range lines(plainText(failureDiff(st))) {
		hs.Diff = append(hs.Diff, htmlDiffLine{Class: diffClass(line), Text: line})
	}
	return hs
}

// stepFacts are how long a step that ran took, its attempts and, when not
// zero, its exit status.
func stepFacts(st *result.Step) []string {
	facts := []string{formatDuration(st.Duration)}
	if st.Attempts > 0 {
		facts = append(facts, plural(st.Attempts, "attempt"))
	}
	if st.ExitCode != 0 {
		facts = append(facts, fmt.Sprintf("exit %d", st.ExitCode))
	}
	return facts
}

// plural is "1 line", "3 lines".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// failureKindText says whose fault a failure is.
func failureKindText(k result.FailureKind) string {
	switch k {
	case result.ClaimBroken:
		return "claim broken"
	case result.EnvironmentFailed:
		return "environment failed"
	default:
		return plainLine(string(k))
	}
}

// diffClass is the class of one diff line: file headers, removals
// (expected), additions (actual), hunk headers, context.
func diffClass(line string) string {
	return [...]string{
		linediff.ContextLine: "d-ctx", linediff.HeaderLine: "d-file",
		linediff.RemovedLine: "d-del", linediff.AddedLine: "d-add", linediff.HunkLine: "d-hunk",
	}[linediff.ClassifyLine(line)]
}

// plainText makes captured text fit for a <pre>: per line, what a terminal
// would have shown last after carriage returns, with escape sequences and
// control characters dropped and invalid UTF-8 replaced. html/template
// escapes the rest.
func plainText(s string) string {
	s = strings.TrimRight(strings.ReplaceAll(s, "\r\n", "\n"), "\n")
	if strings.Contains(s, "\r") {
		ls := strings.Split(s, "\n")
		for i, l := range ls {
			if j := strings.LastIndexByte(strings.TrimSuffix(l, "\r"), '\r'); j >= 0 {
				ls[i] = l[j+1:]
			}
		}
		s = strings.Join(ls, "\n")
	}
	return normalize.DropControls(strings.ToValidUTF8(termtext.StripANSI(s), "\uFFFD"), false)
}

// plainLine is plainText on one line, for titles, names and versions.
func plainLine(s string) string {
	return strings.Join(strings.Fields(plainText(s)), " ")
}
