package session

import (
	"bytes"
	"errors"
	"fmt"
	"io"

	"github.com/tutor-run/tutor/engine/atomicfile"
	"github.com/tutor-run/tutor/engine/report"
	"github.com/tutor-run/tutor/engine/result"
)

// writeReports writes every report file asked for; each is written to a
// temporary file first and renamed, so a reader never sees half a report.
func writeReports(r Reports, res *result.Run) error {
	return errors.Join(writeFiles([]reportFile{
		{r.JSON, func(w io.Writer) error { return report.WriteJSON(w, res) }},
		{r.JUnit, func(w io.Writer) error { return report.WriteJUnit(w, res) }},
		{r.Markdown, func(w io.Writer) error { return report.WriteMarkdown(w, res) }},
		{r.HTML, func(w io.Writer) error { return report.WriteHTML(w, res) }},
	})...)
}

// reportFile is a report to write at path; an empty path writes none.
type reportFile struct {
	path  string
	write func(io.Writer) error
}

// writeFiles writes each report to a temporary file and renames it, and
// returns what failed.
func writeFiles(files []reportFile) []error {
	var errs []error
	for _, rep := range files {
		if rep.path == "" {
			continue
		}
		var buf bytes.Buffer
		err := rep.write(&buf)
		if err == nil {
			err = atomicfile.Write(rep.path, buf.Bytes(), 0o600)
		}
		if err != nil {
			errs = append(errs, fmt.Errorf("writing report %s: %w", rep.path, err))
		}
	}
	return errs
}

// ManyReports are the combined reports of a run of many posts.
type ManyReports struct {
	// Reports are single files: the combined JSON, JUnit and Markdown;
	// HTML names a directory for index.html and the posts' pages.
	Reports
	// Dir, when set, receives every report (report.WriteSuiteDir).
	Dir string
	// LinkBase prefixes the Markdown's links to posts' lines.
	LinkBase string
}

// WriteManyReports writes the combined reports of runs, each file
// atomically.
func WriteManyReports(runs []*result.Run, r ManyReports) error {
	md := report.MarkdownOptions{LinkBase: r.LinkBase}
	errs := writeFiles([]reportFile{
		{r.JSON, func(w io.Writer) error { return report.WriteSuiteJSON(w, runs) }},
		{r.JUnit, func(w io.Writer) error { return report.WriteSuiteJUnit(w, runs) }},
		{r.Markdown, func(w io.Writer) error { return report.WriteSuiteMarkdown(w, runs, md) }},
	})
	if r.HTML != "" {
		if err := report.WriteSuiteHTML(r.HTML, runs); err != nil {
			errs = append(errs, fmt.Errorf("writing HTML report in %s: %w", r.HTML, err))
		}
	}
	if r.Dir != "" {
		if err := report.WriteSuiteDir(r.Dir, runs, md); err != nil {
			errs = append(errs, fmt.Errorf("writing reports in %s: %w", r.Dir, err))
		}
	}
	return errors.Join(errs...)
}
