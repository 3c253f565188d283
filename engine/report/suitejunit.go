package report

import (
	"io"
	"time"

	"github.com/tutor-run/tutor/engine/internal/termtext"
	"github.com/tutor-run/tutor/engine/result"
)

// suiteJUnitName names the <testsuites> of a suite.
const suiteJUnitName = "tutor"

// WriteSuiteJUnit writes runs as one JUnit XML document: a <testsuites>
// with the totals of every post and a <testsuite> per post, named by its
// file and sorted by it, whose testcases are its sections as WriteJUnit
// writes them. A post that as a whole did not run to its end (Run.Failed)
// gets one more testcase, named after the file, with an <error> saying
// why, so a malformed post is not a suite of zero tests that passed.
func WriteSuiteJUnit(w io.Writer, runs []*result.Run) error {
	doc := junitSuites{junitTotals: junitTotals{Name: suiteJUnitName}}
	var total time.Duration
	for _, run := range SortRuns(runs) {
		suite := junitSuiteFromPost(run)
		doc.Tests += suite.Tests
		doc.Failures += suite.Failures
		doc.Errors += suite.Errors
		doc.Skipped += suite.Skipped
		total += run.Duration
		doc.Suites = append(doc.Suites, suite)
	}
	doc.Time = seconds(total)
	return encodeJUnit(w, doc)
}

// junitSuiteFromPost is the <testsuite> of one post of a suite.
func junitSuiteFromPost(run *result.Run) junitSuite {
	suite := junitSuiteFromRun(run)
	file := tutorialFile(run)
	suite.Name = xmlText(file)
	if run.Tutorial != nil && run.Tutorial.Title != "" {
		suite.Properties = append([]junitProperty{{Name: "title", Value: xmlText(run.Tutorial.Title)}}, suite.Properties...)
	}
	if f := run.Failed; f != nil {
		suite.Cases = append(suite.Cases, junitCase{
			Classname: xmlText(file),
			Name:      xmlText(file),
			Time:      seconds(0),
			Error: &junitProblem{
				Message: xmlText(termtext.FirstLine(f.Message)),
				Type:    PostVerdict(run),
				Body:    xmlText(f.Message),
			},
		})
		suite.Tests++
		suite.Errors++
	}
	return suite
}
