package report

import (
	"encoding/xml"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/tutor-run/tutor/engine/internal/termtext"
	"github.com/tutor-run/tutor/engine/result"
)

// WriteJUnit writes run as JUnit XML: a <testsuites> holding one
// <testsuite> for the tutorial and one <testcase> per section. A failed
// section has a <failure>, an errored one (the environment failed) an
// <error>, a skipped or blocked one a <skipped>. Text is sanitized so the
// XML stays valid whatever the commands printed.
func WriteJUnit(w io.Writer, run *result.Run) error {
	suite := junitSuiteFromRun(run)
	return encodeJUnit(w, junitSuites{junitTotals: suite.junitTotals, Suites: []junitSuite{suite}})
}

// encodeJUnit writes doc as an indented XML document.
func encodeJUnit(w io.Writer, doc junitSuites) error {
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return fmt.Errorf("junit report: %w", err)
	}
	_, err := io.WriteString(w, "\n")
	return err
}

// junitTotals are the attributes <testsuites> and <testsuite> share; the
// one suite's totals are the document's.
type junitTotals struct {
	Name     string `xml:"name,attr"`
	Tests    int    `xml:"tests,attr"`
	Failures int    `xml:"failures,attr"`
	Errors   int    `xml:"errors,attr"`
	Skipped  int    `xml:"skipped,attr"`
	Time     string `xml:"time,attr"`
}

type junitSuites struct {
	XMLName xml.Name `xml:"testsuites"`
	junitTotals
	Suites []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	junitTotals
	Timestamp  string          `xml:"timestamp,attr,omitempty"`
	Properties []junitProperty `xml:"properties>property"`
	Cases      []junitCase     `xml:"testcase"`
}

type junitProperty struct {
	Name  string `xml:"name,attr"`
	Value string `xml:"value,attr"`
}

type junitCase struct {
	Classname string        `xml:"classname,attr"`
	Name      string        `xml:"name,attr"`
	Time      string        `xml:"time,attr"`
	Failure   *junitProblem `xml:"failure"`
	Error     *junitProblem `xml:"error"`
	Skipped   *junitSkipped `xml:"skipped"`
	SystemOut *junitText    `xml:"system-out"`
}

type junitProblem struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr,omitempty"`
	Body    string `xml:",cdata"`
}

// junitText is element text kept readable: CDATA rather than an entity
// per newline.
type junitText struct {
	Text string `xml:",cdata"`
}

type junitSkipped struct {
	Message string `xml:"message,attr,omitempty"`
}

func junitSuiteFromRun(run *result.Run) junitSuite {
	counts := countSections(run)
	suite := junitSuite{junitTotals: junitTotals{
		Name:     xmlText(tutorialName(run)),
		Tests:    len(run.Sections),
		Failures: counts[result.Failed],
		Errors:   counts[result.Errored],
		Skipped:  counts[result.Skipped] + counts[result.Blocked],
		Time:     seconds(run.Duration),
	}}
	if !run.Started.IsZero() {
		suite.Timestamp = run.Started.UTC().Format(time.RFC3339)
	}
	for _, name := range slices.Sorted(maps.Keys(run.Tools)) {
		suite.Properties = append(suite.Properties, junitProperty{Name: "tool." + xmlText(name), Value: xmlText(run.Tools[name])})
	}
	for _, sec := range run.Sections {
		suite.Cases = append(suite.Cases, junitCaseFromSection(run, sec))
	}
	return suite
}

func junitCaseFromSection(run *result.Run, sec *result.Section) junitCase {
	c := junitCase{
		Classname: xmlText(tutorialFile(run)),
		Name:      xmlText(sectionTitle(sec)),
		Time:      seconds(sec.Duration),
	}
	if out := transcript(sec); out != "" {
		c.SystemOut = &junitText{Text: xmlText(out)}
	}
	switch status := sectionStatus(sec); status {
	case result.Failed, result.Errored:
		p := &junitProblem{Message: xmlText(sectionNote(sec)), Body: xmlText(problemBody(run, sec))}
		if status == result.Failed {
			p.Type, c.Failure = string(result.ClaimBroken), p
		} else {
			p.Type, c.Error = string(result.EnvironmentFailed), p
		}
	case result.Skipped, result.Blocked:
		c.Skipped = &junitSkipped{Message: xmlText(statusNote(status, sec.Reason))}
	}
	return c
}

// problemBody holds, for each broken step of sec, the command, where it
// is, the message and the diff.
func problemBody(run *result.Run, sec *result.Section) string {
	var b strings.Builder
	for _, st := range sec.Steps {
		if !broken(st) {
			continue
		}
		if b.Len() > 0 {
			b.WriteString("\n")
		}
		fmt.Fprintf(&b, "$ %s\n%s: %s\n", commandText(st.Step), stepWhere(run, sec, st), st.Message())
		if diff := failureDiff(st); diff != "" {
			b.WriteString("\n" + diff + "\n")
		}
	}
	return b.String()
}

// transcript is each command sec ran followed by its output.
func transcript(sec *result.Section) string {
	var b strings.Builder
	for _, st := range sec.Steps {
		if st.Status == result.Skipped || st.Status == result.Blocked {
			continue
		}
		b.WriteString("$ " + commandText(st.Step) + "\n")
		if out := strings.TrimRight(st.Output, "\n"); out != "" {
			b.WriteString(out + "\n")
		}
		if st.Truncated {
			b.WriteString("[output truncated]\n")
		}
	}
	return b.String()
}

// seconds formats d as JUnit wants it: seconds with three decimals.
func seconds(d time.Duration) string {
	return fmt.Sprintf("%.3f", d.Seconds())
}

// xmlText makes s safe for XML 1.0: terminal escapes removed, carriage
// returns made newlines (XML parsers would anyway), invalid UTF-8 and
// characters XML forbids replaced by U+FFFD.
func xmlText(s string) string {
	s = strings.ReplaceAll(strings.ToValidUTF8(termtext.StripANSI(s), "\uFFFD"), "\r\n", "\n")
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\t', r == '\n':
			return r
		case r == '\r':
			return '\n'
		case r < 0x20, r >= 0xD800 && r <= 0xDFFF, r == 0xFFFE, r == 0xFFFF:
			return '\uFFFD'
		default:
			return r
		}
	}, s)
}
