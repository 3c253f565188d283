package report

import (
	"encoding/xml"
	"strings"
	"testing"
	"time"

	"github.com/tutor-run/tutor/engine/result"
)

func TestFormatDuration(t *testing.T) {
	tests := []struct {
		d    time.Duration
		want string
	}{
		{0, "0ms"},
		{-time.Second, "0ms"},
		{400 * time.Microsecond, "0ms"},
		{350 * time.Millisecond, "350ms"},
		{999 * time.Millisecond, "999ms"},
		{999600 * time.Microsecond, "1s"},
		{1200 * time.Millisecond, "1.2s"},
		{59940 * time.Millisecond, "59.9s"},
		{59960 * time.Millisecond, "1m00s"},
		{65 * time.Second, "1m05s"},
		{time.Hour + 2*time.Minute, "1h02m"},
	}
	for _, tt := range tests {
		if got := formatDuration(tt.d); got != tt.want {
			t.Errorf("formatDuration(%v) = %q, want %q", tt.d, got, tt.want)
		}
	}
}

func TestFenced(t *testing.T) {
	tests := []struct {
		text, want string
	}{
		{"plain", "```diff\nplain\n```\n"},
		{"a ``` b", "````diff\na ``` b\n````\n"},
		{"`````", "``````diff\n`````\n``````\n"},
		{"\x1b[31mred\x1b[0m\x00", "```diff\nred\n```\n"},
	}
	for _, tt := range tests {
		if got := fenced("diff", tt.text); got != tt.want {
			t.Errorf("fenced(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}

func TestMarkdownCell(t *testing.T) {
	if got, want := mdCell("a | b <i>\nc"), `a \| b &lt;i&gt; c`; got != want {
		t.Errorf("mdCell = %q, want %q", got, want)
	}
}

// junitDoc is what a JUnit consumer reads back.
type junitDoc struct {
	Suites []struct {
		Name     string `xml:"name,attr"`
		Tests    int    `xml:"tests,attr"`
		Failures int    `xml:"failures,attr"`
		Errors   int    `xml:"errors,attr"`
		Skipped  int    `xml:"skipped,attr"`
		Cases    []struct {
			Name      string `xml:"name,attr"`
			Classname string `xml:"classname,attr"`
			Failure   *struct {
				Message string `xml:"message,attr"`
				Body    string `xml:",chardata"`
			} `xml:"failure"`
			Error     *struct{} `xml:"error"`
			Skipped   *struct{} `xml:"skipped"`
			SystemOut string    `xml:"system-out"`
		} `xml:"testcase"`
	} `xml:"testsuite"`
}

func TestJUnitParses(t *testing.T) {
	run := fixtureRun()
	// Text no XML may hold, and the end of a CDATA section.
	run.Tutorial.Title = "Cilium \x00quickstart\xfe \x1b[1m]]>"
	run.Sections[0].Steps[0].Output = "bad \x01\x02\xff\xfe bytes ]]> and \uFFFE\n"
	var b strings.Builder
	if err := WriteJUnit(&b, run); err != nil {
		t.Fatal(err)
	}
	var doc junitDoc
	if err := xml.Unmarshal([]byte(b.String()), &doc); err != nil {
		t.Fatalf("JUnit output does not parse: %v\n%s", err, b.String())
	}
	if len(doc.Suites) != 1 {
		t.Fatalf("got %d test suites, want 1", len(doc.Suites))
	}
	s := doc.Suites[0]
	if got, want := s.Name, "Cilium \uFFFDquickstart\uFFFD ]]>"; got != want {
		t.Errorf("suite name = %q, want %q", got, want)
	}
	if got, want := [4]int{s.Tests, s.Failures, s.Errors, s.Skipped}, [4]int{7, 1, 1, 2}; got != want {
		t.Errorf("tests, failures, errors, skipped = %v, want %v", got, want)
	}
	var failures, errors, skipped int
	for _, c := range s.Cases {
		if c.Classname != fixtureFile {
			t.Errorf("case %q: classname %q, want %q", c.Name, c.Classname, fixtureFile)
		}
		if c.Failure != nil {
			failures++
			for _, want := range []string{"$ kubectl -n $NS get pods", fixtureFile + ":55", "+cilium-x7k2p   0/1"} {
				if !strings.Contains(c.Failure.Body, want) {
					t.Errorf("failure body lacks %q:\n%s", want, c.Failure.Body)
				}
			}
		}
		if c.Error != nil {
			errors++
		}
		if c.Skipped != nil {
			skipped++
		}
	}
	if got, want := [3]int{failures, errors, skipped}, [3]int{1, 1, 2}; got != want {
		t.Errorf("cases with failure, error, skipped = %v, want %v", got, want)
	}
	if got, want := s.Cases[0].SystemOut, "bad \uFFFD\uFFFD\uFFFD bytes ]]> and \uFFFD"; !strings.Contains(got, want) {
		t.Errorf("system-out = %q, want it to contain %q", got, want)
	}
}

func TestEmptyRun(t *testing.T) {
	run := &result.Run{}
	for name, write := range map[string]func(*strings.Builder, *result.Run) error{
		"json":     func(b *strings.Builder, r *result.Run) error { return WriteJSON(b, r) },
		"junit":    func(b *strings.Builder, r *result.Run) error { return WriteJUnit(b, r) },
		"markdown": func(b *strings.Builder, r *result.Run) error { return WriteMarkdown(b, r) },
	} {
		var b strings.Builder
		if err := write(&b, run); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}
