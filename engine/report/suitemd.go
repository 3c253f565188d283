package report

import (
	"fmt"
	"io"
	"net/url"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/tutor-run/tutor/engine/result"
)

// MarkdownOptions shape WriteSuiteMarkdown's output.
type MarkdownOptions struct {
	// LinkBase is put before a post's file to link to it, e.g.
	// "https://github.com/o/r/blob/SHA/"; links are relative to the
	// summary when it is empty.
	LinkBase string
	// MaxBytes caps the document; 0 means GitHub's limit of a job
	// summary, 1 MiB.
	MaxBytes int
}

// GitHubSummaryLimit is the most a GitHub job summary may hold.
const GitHubSummaryLimit = 1 << 20

// How much of one broken step the summary shows before it cuts.
const (
	maxSummaryDiffLines   = 150
	maxSummaryOutputLines = 30
	maxSummaryLineBytes   = 500
	// summaryReserve is kept free for the notes that end the document.
	summaryReserve = 2048
)

// postEmoji marks a post by its verdict.
var postEmoji = map[string]string{
	PostPassed:      "✅",
	PostFailed:      "❌",
	PostMalformed:   "🚫",
	PostErrored:     "⚠️",
	PostInterrupted: "⏹️",
}

// suiteVerdicts say in a few words what a suite's exit status means.
var suiteVerdicts = map[int]string{
	result.ExitPassed:      "every claim held",
	result.ExitClaimBroken: "a claim broke",
	result.ExitUsage:       "a post could not be run as written",
	result.ExitEnvironment: "the environment failed",
	result.ExitInterrupted: "interrupted",
}

// WriteSuiteMarkdown writes runs as Markdown fit for a GitHub job summary
// ($GITHUB_STEP_SUMMARY): one line with the verdict and the counts, then
// every post that did not pass, each with its broken steps (section, a
// link to the line, command, message, diff), then the posts that passed
// in one table. Posts are sorted by file. Long diffs and outputs are cut
// with a note, and when the document would outgrow opts.MaxBytes the
// details, then the rows, that do not fit are left out and counted, so
// the summary stays whole.
func WriteSuiteMarkdown(w io.Writer, runs []*result.Run, opts MarkdownOptions) error {
	runs = SortRuns(runs)
	limit := opts.MaxBytes
	if limit <= 0 {
		limit = GitHubSummaryLimit
	}
	code := SuiteExitCode(runs)
	var b strings.Builder
	fmt.Fprintf(&b, "## %s tutor: %s · %s\n\n", postEmoji[verdictOf(code)], suiteVerdicts[code], CountSuite(runs))
	fmt.Fprintf(&b, "exit %d · %s · %s in all\n", code,
		plural(sectionCount(runs), "section")+": "+result.CountList(suiteSections(runs), "none"), formatDuration(sumDurations(runs)))

	var failing, passing []*result.Run
	for _, run := range runs {
		if PostVerdict(run) == PostPassed {
			passing = append(passing, run)
		} else {
			failing = append(failing, run)
		}
	}
	room := func(s string) bool { return b.Len()+len(s)+summaryReserve <= limit }
	var briefed, leftOut int
	if len(failing) > 0 {
		b.WriteString("\n### Not passed\n")
		for _, run := range failing {
			if block := markdownPostFailures(run, opts); room(block) {
				b.WriteString(block)
			} else if line := markdownPostLine(run, opts); room(line) {
				b.WriteString(line)
				briefed++
			} else {
				leftOut++
			}
		}
	}
	rows := 0
	if len(passing) > 0 {
		b.WriteString("\n### Passed\n\n| Post | Title | Sections | Duration |\n|---|---|---|---:|\n")
		for _, run := range passing {
			row := fmt.Sprintf("| %s | %s | %s | %s |\n", mdLink(tutorialFile(run), postLink(opts, run, 0)),
				mdCell(runTitle(run)), totals(run), formatDuration(run.Duration))
			if !room(row) {
				break
			}
			b.WriteString(row)
			rows++
		}
	}
	var notes []string
	if briefed > 0 {
		notes = append(notes, fmt.Sprintf("%s that did not pass shown in one line each", plural(briefed, "post")))
	}
	if leftOut > 0 {
		notes = append(notes, fmt.Sprintf("%s that did not pass left out", plural(leftOut, "post")))
	}
	if n := len(passing) - rows; n > 0 {
		notes = append(notes, fmt.Sprintf("%s that passed left out", plural(n, "post")))
	}
	if len(notes) > 0 {
		fmt.Fprintf(&b, "\n_The summary is cut to fit %d KiB: %s. The JSON report has everything._\n", limit>>10, strings.Join(notes, "; "))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// markdownPostFailures is the block of one post that did not pass: its
// heading, then each broken step, or why the post as a whole failed.
func markdownPostFailures(run *result.Run, opts MarkdownOptions) string {
	var b strings.Builder
	verdict := PostVerdict(run)
	fmt.Fprintf(&b, "\n#### %s %s", postEmoji[verdict], mdLink(tutorialFile(run), postLink(opts, run, 0)))
	if title := runTitle(run); title != "" {
		b.WriteString(" · " + mdText(title))
	}
	fmt.Fprintf(&b, " · %s\n", verdict)
	if f := run.Failed; f != nil {
		b.WriteString("\n" + fenced("text", cutLines(f.Message, maxSummaryOutputLines, false)))
	}
	if run.Interrupted && run.Failed == nil {
		b.WriteString("\nA signal stopped the run before its end.\n")
	}
	for _, sec := range run.Sections {
		for _, st := range sec.Steps {
			if !broken(st) {
				continue
			}
			line := 0
			if st.Step != nil {
				line = st.Step.Pos.Line
			} else if sec.Section != nil {
				line = sec.Section.Pos.Line
			}
			fmt.Fprintf(&b, "\n%s **%s** · %s\n\n", statusEmoji[st.Status], mdText(sectionTitle(sec)),
				mdLink(stepWhere(run, sec, st), postLink(opts, run, line)))
			b.WriteString(fenced("console", "$ "+cutLines(commandText(st.Step), maxSummaryOutputLines, false)))
			b.WriteString("\n" + fenced("text", cutLines(st.Message(), maxSummaryOutputLines, false)))
			if diff := failureDiff(st); diff != "" {
				b.WriteString("\n" + fenced("diff", cutLines(diff, maxSummaryDiffLines, false)))
			} else if out := strings.TrimRight(st.Output, "\n"); out != "" {
				b.WriteString("\nLast lines of the output:\n\n" + fenced("text", cutLines(out, maxSummaryOutputLines, true)))
			}
		}
	}
	return b.String()
}

// markdownPostLine is one post that did not pass in a line, for when its
// details do not fit.
func markdownPostLine(run *result.Run, opts MarkdownOptions) string {
	note := postNote(run)
	return fmt.Sprintf("\n%s %s · %s: %s\n", postEmoji[PostVerdict(run)], mdLink(tutorialFile(run), postLink(opts, run, 0)),
		PostVerdict(run), mdText(truncateBytes(note, maxSummaryLineBytes)))
}

// cutLines keeps at most n lines of s, each at most maxSummaryLineBytes,
// the first ones or (tail) the last ones, and says what it cut.
func cutLines(s string, n int, tail bool) string {
	ls := lines(s)
	cut := len(ls) - n
	if cut > 0 && tail {
		ls = append([]string{fmt.Sprintf("[%s cut]", plural(cut, "earlier line"))}, ls[cut:]...)
	} else if cut > 0 {
		ls = append(ls[:n:n], fmt.Sprintf("[%s cut]", plural(cut, "more line")))
	}
	for i, l := range ls {
		ls[i] = truncateBytes(l, maxSummaryLineBytes)
	}
	return strings.Join(ls, "\n")
}

// truncateBytes cuts s to at most n bytes, on a rune boundary, marking
// the cut.
func truncateBytes(s string, n int) string {
	if len(s) <= n {
		return s
	}
	s = strings.ToValidUTF8(s[:n], "")
	return s + " [" + strconv.Itoa(n) + " bytes shown]"
}

// postLink is the address of a post's file, at line when it is above 0:
// opts.LinkBase, the file (slashes, each part escaped) and "#L" line.
func postLink(opts MarkdownOptions, run *result.Run, line int) string {
	file := tutorialFile(run)
	if file == "" {
		return ""
	}
	parts := strings.Split(strings.TrimPrefix(path.Clean(filepath.ToSlash(file)), "./"), "/")
	for i, p := range parts {
		parts[i] = url.PathEscape(p)
	}
	link := opts.LinkBase + strings.Join(parts, "/")
	if line > 0 {
		link += "#L" + strconv.Itoa(line)
	}
	return link
}

// mdLink is a Markdown link to target showing text, or the text alone
// when there is no target.
func mdLink(text, target string) string {
	text = linkTextEscaper.Replace(mdCell(text))
	if target == "" {
		return text
	}
	return "[" + text + "](" + linkTargetEscaper.Replace(target) + ")"
}

// The escapers of a link's text (brackets would end it) and its target
// (a parenthesis or a space would end it, wherever LinkBase has one).
var (
	linkTextEscaper   = strings.NewReplacer("[", `\[`, "]", `\]`)
	linkTargetEscaper = strings.NewReplacer("(", "%28", ")", "%29", " ", "%20")
)

// runTitle is the tutorial's title, or "".
func runTitle(run *result.Run) string {
	if run.Tutorial == nil {
		return ""
	}
	return run.Tutorial.Title
}

// sectionCount is how many sections the runs have in all.
func sectionCount(runs []*result.Run) int {
	n := 0
	for _, run := range runs {
		n += len(run.Sections)
	}
	return n
}

// sumDurations adds up how long each run took: the time the posts took,
// not the wall time of shards that ran side by side.
func sumDurations(runs []*result.Run) time.Duration {
	var d time.Duration
	for _, run := range runs {
		d += run.Duration
	}
	return d
}
