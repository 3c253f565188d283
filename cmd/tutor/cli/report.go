package cli

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/spf13/cobra"

	"github.com/tutor-run/tutor/engine/report"
	"github.com/tutor-run/tutor/engine/result"
)

// ReportMergeOptions are the inputs of `tutor report merge`.
type ReportMergeOptions struct {
	IO IOStreams
	// Inputs are JSON reports, or directories searched for *.json.
	Inputs []string
	// Out is the directory the combined reports are written to.
	Out string
	// LinkBase goes before a post's file in the Markdown summary's links.
	LinkBase string
	// Markdown, when set, is a file the summary is appended to
	// ($GITHUB_STEP_SUMMARY).
	Markdown string
}

// defaultReportDir is where `tutor report merge` writes by default.
const defaultReportDir = "tutor-report"

// NewCmdReport builds `tutor report merge`; runF does its work.
func NewCmdReport(streams IOStreams, runF func(context.Context, *ReportMergeOptions) error) *cobra.Command {
	opts := &ReportMergeOptions{IO: streams}
	cmd := &cobra.Command{
		Use:   "report",
		Short: "Work with the reports of runs",
	}
	merge := &cobra.Command{
		Use:   "merge [--out DIR] [--link-base URL] [--markdown FILE] FILE|DIR...",
		Short: "Combine the JSON reports of many runs or CI shards into one report of every post",
		Long: `tutor report merge reads JSON reports (tutor run --report-json, or reports it
wrote itself; a directory means every *.json file under it) and writes one
report of every post into --out: report.json, junit.xml, summary.md and
index.html with a page per post. A post reported twice (a shard run again)
keeps its newest run, and says so. --markdown appends the summary to a file,
e.g. $GITHUB_STEP_SUMMARY.

Exit status: that of the worst post (130 interrupted, then 3 environment,
2 malformed, 1 a claim broke, 0 every claim held), so a final CI job fails
when any shard failed; 2 when an input is not a tutor report.`,
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return &usageError{fmt.Errorf("%s: want at least one report file or directory", cmd.CommandPath())}
			}
			if opts.Out == "" {
				return &usageError{errors.New("--out: want a directory")}
			}
			opts.Inputs = args
			return runF(cmd.Context(), opts)
		},
	}
	f := merge.Flags()
	f.StringVarP(&opts.Out, "out", "o", defaultReportDir, "write the combined reports into this directory")
	f.StringVar(&opts.LinkBase, "link-base", "", "put this before a post's file to link to its lines, e.g. https://github.com/OWNER/REPO/blob/SHA/ (default: relative links)")
	f.StringVar(&opts.Markdown, "markdown", "", "also append the Markdown summary to this file, e.g. $GITHUB_STEP_SUMMARY")
	cmd.AddCommand(merge)
	return cmd
}

// reportMergeRun reads every report, keeps one run per post, writes the
// combined reports and exits with the suite's status.
func reportMergeRun(_ context.Context, opts *ReportMergeOptions) error {
	files, err := reportFiles(opts.Inputs, opts.Out)
	if err != nil {
		return err
	}
	var runs []*result.Run
	source := map[*result.Run]string{}
	bad := 0
	for i, read := range readReports(files) {
		if read.err != nil {
			fmt.Fprintf(opts.IO.ErrOut, "tutor: %s: %v\n", files[i], read.err)
			bad++
			continue
		}
		for _, r := range read.runs {
			source[r] = files[i]
		}
		runs = append(runs, read.runs...)
	}
	if bad > 0 {
		fmt.Fprintf(opts.IO.ErrOut, "tutor: %d of %d file(s) are not tutor reports; nothing was written\n", bad, len(files))
		return &ExitError{Code: result.ExitUsage}
	}
	runs, dropped := report.MergeRuns(runs)
	for _, d := range dropped {
		fmt.Fprintf(opts.IO.ErrOut, "tutor: %s is reported twice: kept the run started %s (%s), dropped the one started %s (%s)\n",
			d.Kept.Tutorial.File, d.Kept.Started.Format(time.RFC3339), source[d.Kept], d.Dropped.Started.Format(time.RFC3339), source[d.Dropped])
	}
	md := report.MarkdownOptions{LinkBase: opts.LinkBase}
	if err := report.WriteSuiteDir(opts.Out, runs, md); err != nil {
		return &envFailure{err}
	}
	if opts.Markdown != "" {
		if err := appendMarkdown(opts.Markdown, runs, md); err != nil {
			return &envFailure{err}
		}
	}
	code := report.SuiteExitCode(runs)
	fmt.Fprintf(opts.IO.Out, "merged %s into %s: %s (exit %d)\n", reportCount(len(files)), opts.Out, report.CountSuite(runs), code)
	if code != result.ExitPassed {
		return &ExitError{Code: code}
	}
	return nil
}

// reportFiles lists the report files of inputs, each once: a file as it
// is, a directory's *.json files at any depth but those in out (the
// reports of an earlier merge).
func reportFiles(inputs []string, out string) ([]string, error) {
	outAbs, _ := filepath.Abs(out)
	seen := map[string]bool{}
	var files []string
	add := func(file string) {
		abs, _ := filepath.Abs(file)
		if !seen[abs] {
			seen[abs] = true
			files = append(files, file)
		}
	}
	for _, in := range inputs {
		info, err := os.Stat(in)
		if err != nil {
			return nil, err
		}
		if !info.IsDir() {
			add(in)
			continue
		}
		found := 0
		err = filepath.WalkDir(in, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if abs, _ := filepath.Abs(path); d.IsDir() && abs == outAbs {
				return filepath.SkipDir
			}
			if !d.IsDir() && strings.HasSuffix(d.Name(), ".json") {
				add(path)
				found++
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
		if found == 0 {
			return nil, &usageError{fmt.Errorf("%s: no *.json reports in it", in)}
		}
	}
	return files, nil
}

// readResult is what reading one report file gave.
type readResult struct {
	runs []*result.Run
	err  error
}

// readReports reads every file, a few at once (decoding JSON is most of
// a merge's work), and returns what each gave, in the order of files.
func readReports(files []string) []readResult {
	results := make([]readResult, len(files))
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0)+2, len(files)) {
		wg.Go(func() {
			for i := range next {
				results[i].runs, results[i].err = report.ReadJSONFile(files[i])
			}
		})
	}
	for i := range files {
		next <- i
	}
	close(next)
	wg.Wait()
	return results
}

// appendMarkdown appends the suite's Markdown summary to file.
func appendMarkdown(file string, runs []*result.Run, opts report.MarkdownOptions) error {
	f, err := os.OpenFile(file, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
	if err != nil {
		return err
	}
	if err := report.WriteSuiteMarkdown(f, runs, opts); err != nil {
		f.Close()
		return fmt.Errorf("appending the summary to %s: %w", file, err)
	}
	return f.Close()
}

// reportCount is "1 report", "3 reports".
func reportCount(n int) string {
	if n == 1 {
		return "1 report"
	}
	return fmt.Sprintf("%d reports", n)
}
