package report

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tutor-run/tutor/engine/result"
)

// TestSuiteGolden writes the suite fixture with every suite writer.
func TestSuiteGolden(t *testing.T) {
	link := MarkdownOptions{LinkBase: "https://github.com/o/r/blob/0123abc/"}
	tests := []struct {
		golden string
		write  func(io.Writer, []*result.Run) error
	}{
		{"suite.json", WriteSuiteJSON},
		{"suite.junit.xml", WriteSuiteJUnit},
		{"suite.md", func(w io.Writer, runs []*result.Run) error { return WriteSuiteMarkdown(w, runs, link) }},
		{"suite.relative.md", func(w io.Writer, runs []*result.Run) error { return WriteSuiteMarkdown(w, runs, MarkdownOptions{}) }},
		{"suite.index.html", func(w io.Writer, runs []*result.Run) error {
			dir := t.TempDir()
			if err := WriteSuiteHTML(dir, runs); err != nil {
				return err
			}
			data, err := os.ReadFile(filepath.Join(dir, SuiteIndexFile))
			w.Write(data)
			return err
		}},
	}
	for _, tt := range tests {
		t.Run(tt.golden, func(t *testing.T) {
			checkGolden(t, tt.golden, func(w io.Writer) error { return tt.write(w, suiteFixture()) })
		})
	}
}

// TestSuiteOrder: the writers' output does not depend on the order of
// the runs.
func TestSuiteOrder(t *testing.T) {
	write := func(runs []*result.Run) string {
		var b strings.Builder
		WriteSuiteJSON(&b, runs)
		WriteSuiteJUnit(&b, runs)
		WriteSuiteMarkdown(&b, runs, MarkdownOptions{})
		return b.String()
	}
	runs := suiteFixture()
	want := write(runs)
	slices.Reverse(runs)
	if got := write(runs); got != want {
		t.Error("reversed, the runs write differently")
	}
}

func TestSuiteExitCode(t *testing.T) {
	passed, failed, errored := runWith(result.Passed), runWith(result.Failed), runWith(result.Errored)
	malformed := &result.Run{Failed: &result.PostFailure{Message: "bad", Status: 2}}
	crashed := &result.Run{Failed: &result.PostFailure{Message: "odd", Status: 7}}
	interrupted := &result.Run{Interrupted: true}
	for _, tc := range []struct {
		name string
		runs []*result.Run
		want int
	}{
		{"no posts", nil, 0},
		{"all passed", []*result.Run{passed, passed}, 0},
		{"a claim broke", []*result.Run{passed, failed}, 1},
		{"malformed beats a broken claim", []*result.Run{failed, malformed, passed}, 2},
		{"environment beats malformed", []*result.Run{malformed, errored, failed}, 3},
		{"an unknown status is the environment", []*result.Run{crashed, failed}, 3},
		{"interrupted beats everything", []*result.Run{errored, interrupted, malformed}, 130},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := SuiteExitCode(tc.runs); got != tc.want {
				t.Errorf("SuiteExitCode = %d, want %d", got, tc.want)
			}
		})
	}
}

// runWith is a run of a.md whose one step ended with status.
func runWith(status result.Status) *result.Run {
	run := postRun("a.md", "", start, 0)
	run.Sections = []*result.Section{{Section: section("s", "S", 1), Status: status, Steps: []*result.Step{{Status: status}}}}
	return run
}

func TestCountSuite(t *testing.T) {
	c := CountSuite(suiteFixture())
	if got, want := c.String(), "3 posts: 1 passed, 1 failed, 1 malformed"; got != want {
		t.Errorf("counts %q, want %q", got, want)
	}
	if got, want := (SuiteCounts{}).String(), "0 posts"; got != want {
		t.Errorf("counts %q, want %q", got, want)
	}
}

// TestMergeRuns: one run per post, the newest; the others are reported.
func TestMergeRuns(t *testing.T) {
	old := postRun("docs/a.md", "old", start, 0)
	rerun := postRun("./docs/a.md", "rerun", start.Add(time.Hour), 0)
	other := postRun("docs/b.md", "", start, 0)
	sameTimeFirst := postRun("docs/c.md", "first", start, 0)
	sameTimeLast := postRun("docs/c.md", "last", start, 0)
	kept, dropped := MergeRuns([]*result.Run{rerun, other, old, sameTimeFirst, sameTimeLast})
	var titles []string
	for _, r := range kept {
		titles = append(titles, r.Tutorial.Title)
	}
	if got, want := strings.Join(titles, ","), "rerun,,last"; got != want {
		t.Errorf("kept %s, want %s", got, want)
	}
	if len(dropped) != 2 || dropped[0].Dropped != old || dropped[0].Kept != rerun ||
		dropped[1].Dropped != sameTimeFirst || dropped[1].Kept != sameTimeLast {
		t.Errorf("dropped %+v", dropped)
	}
}

// TestSuiteJUnitCounts: the document's totals add up its suites, and a
// malformed post is an error, not an empty suite.
func TestSuiteJUnitCounts(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteSuiteJUnit(&buf, suiteFixture()); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Tests  int `xml:"tests,attr"`
		Errors int `xml:"errors,attr"`
		Suites []struct {
			Name   string `xml:"name,attr"`
			Tests  int    `xml:"tests,attr"`
			Errors int    `xml:"errors,attr"`
		} `xml:"testsuite"`
	}
	if err := xml.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Suites) != 3 || doc.Tests != 5 || doc.Errors != 1 {
		t.Fatalf("%d suites, %d tests, %d errors; want 3, 5, 1", len(doc.Suites), doc.Tests, doc.Errors)
	}
	if s := doc.Suites[2]; s.Name != "docs/c-broken.md" || s.Tests != 1 || s.Errors != 1 {
		t.Errorf("malformed post's suite %+v", s)
	}
}

// TestSuiteMarkdownLimit: a summary too big for its limit is cut, says
// so, and stays under the limit; failures come before the passing table.
func TestSuiteMarkdownLimit(t *testing.T) {
	runs := manyRuns(400, 5)
	huge := strings.Repeat("-expected line\n+actual line\n", 5000)
	runs[0].Sections[0].Steps[4].Failure.Diff = huge
	for _, limit := range []int{0, 16 << 10, 6 << 10} {
		t.Run(fmt.Sprint(limit), func(t *testing.T) {
			var buf bytes.Buffer
			if err := WriteSuiteMarkdown(&buf, runs, MarkdownOptions{MaxBytes: limit}); err != nil {
				t.Fatal(err)
			}
			md := buf.String()
			effective := limit
			if effective == 0 {
				effective = GitHubSummaryLimit
			}
			if len(md) > effective {
				t.Errorf("%d bytes, over the limit of %d", len(md), effective)
			}
			if !strings.Contains(md, "[9850 more lines cut]") {
				t.Error("the long diff is not cut with a note")
			}
			if limit > 0 && !strings.Contains(md, "The summary is cut to fit") {
				t.Error("no note says the summary was cut")
			}
			if limit == 0 && strings.Contains(md, "The summary is cut") {
				t.Error("cut under GitHub's limit")
			}
			if f, p := strings.Index(md, "### Not passed"), strings.Index(md, "### Passed"); f < 0 || (p >= 0 && p < f) {
				t.Errorf("failures at %d, passed table at %d: failures must come first", f, p)
			}
		})
	}
}

func TestPostPageName(t *testing.T) {
	for _, tc := range []struct{ file, want string }{
		{"docs/a.md", "docs_2Fa.md.html"},
		{"docs/a_b.md", "docs_2Fa_5Fb.md.html"},
		{"docs_a/b.md", "docs_5Fa_2Fb.md.html"},
		{"../up.md", "_.._2Fup.md.html"},
		{"", "_.html"},
		{"my post (1).md", "my_20post_20_281_29.md.html"},
	} {
		if got := PostPageName(tc.file); got != tc.want {
			t.Errorf("PostPageName(%q) = %q, want %q", tc.file, got, tc.want)
		}
	}
	long := strings.Repeat("dir/", 100) + "post.md"
	if got := PostPageName(long); len(got) > 255 || got == PostPageName(long+"x") {
		t.Errorf("long name %q (%d bytes)", got, len(got))
	}
	runs := []*result.Run{postRun("a.md", "", start, 0), postRun("a.md", "", start, 0), postRun("b.md", "", start, 0)}
	if got, want := strings.Join(postPageNames(runs), " "), "a.md.html a.md_n2.html b.md.html"; got != want {
		t.Errorf("pages %s, want %s", got, want)
	}
}

// TestWriteSuiteDir writes every file, each page linked from the index
// exists, and nothing in them loads anything.
func TestWriteSuiteDir(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	if err := WriteSuiteDir(dir, suiteFixture(), MarkdownOptions{}); err != nil {
		t.Fatal(err)
	}
	var names []string
	filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(dir, path)
			names = append(names, rel)
		}
		return err
	})
	want := []string{"index.html", "junit.xml", "posts/docs_2Fa-greet.md.html", "posts/docs_2Fb-nodes.md.html",
		"posts/docs_2Fc-broken.md.html", "report.json", "summary.md"}
	if !slices.Equal(names, want) {
		t.Errorf("files %q, want %q", names, want)
	}
	index, _ := os.ReadFile(filepath.Join(dir, "index.html"))
	for _, page := range want[2:5] {
		if !bytes.Contains(index, []byte(`href="`+page+`"`)) {
			t.Errorf("index does not link %s", page)
		}
	}
	broken, _ := os.ReadFile(filepath.Join(dir, "posts/docs_2Fc-broken.md.html"))
	if !bytes.Contains(broken, []byte("unknown directive &#34;expekt&#34;")) {
		t.Error("the malformed post's page does not say why")
	}
	for _, page := range []string{"index.html", want[3]} {
		data, _ := os.ReadFile(filepath.Join(dir, page))
		if m := external.Find(data); m != nil {
			t.Errorf("%s holds %q, which could load something", page, m)
		}
	}
	runs, err := ReadJSONFile(filepath.Join(dir, "report.json"))
	if err != nil || len(runs) != 3 {
		t.Errorf("report.json reads back as %d runs: %v", len(runs), err)
	}
}

// mergeFixture is n single-run reports of steps steps each, as JSON.
func mergeFixture(b *testing.B, n, steps int) [][]byte {
	var docs [][]byte
	for _, run := range manyRuns(n, steps) {
		var buf bytes.Buffer
		if err := WriteJSON(&buf, run); err != nil {
			b.Fatal(err)
		}
		docs = append(docs, buf.Bytes())
	}
	return docs
}

// BenchmarkMerge reads 1000 reports of 20 steps, merges them and writes
// the combined JSON, JUnit and Markdown in memory: what `tutor report
// merge` does but for the HTML pages and the disk.
func BenchmarkMerge(b *testing.B) {
	docs := mergeFixture(b, 1000, 20)
	b.ReportAllocs()
	for b.Loop() {
		var runs []*result.Run
		for _, doc := range docs {
			rs, err := ReadJSON(bytes.NewReader(doc))
			if err != nil {
				b.Fatal(err)
			}
			runs = append(runs, rs...)
		}
		runs, _ = MergeRuns(runs)
		for _, w := range []func(io.Writer) error{
			func(w io.Writer) error { return WriteSuiteJSON(w, runs) },
			func(w io.Writer) error { return WriteSuiteJUnit(w, runs) },
			func(w io.Writer) error { return WriteSuiteMarkdown(w, runs, MarkdownOptions{}) },
		} {
			if err := w(io.Discard); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkWriteSuiteDir writes the reports of 1000 posts of 20 steps to
// disk: the three files, the index and 1000 pages, each synced.
func BenchmarkWriteSuiteDir(b *testing.B) {
	runs := manyRuns(1000, 20)
	dir := b.TempDir()
	b.ReportAllocs()
	for b.Loop() {
		if err := WriteSuiteDir(dir, runs, MarkdownOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPostPages renders the pages of 1000 posts of 20 steps in
// memory: WriteSuiteDir's work but for the disk.
func BenchmarkPostPages(b *testing.B) {
	runs := manyRuns(1000, 20)
	b.ReportAllocs()
	for b.Loop() {
		for _, run := range runs {
			if err := WriteHTML(io.Discard, run); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// TestSuiteHTMLRemovesStalePages: writing a smaller suite into the same
// directory, by WriteSuiteHTML or WriteSuiteDir, leaves no page of a post
// the new index does not link.
func TestSuiteHTMLRemovesStalePages(t *testing.T) {
	for name, write := range map[string]func(string, []*result.Run) error{
		"WriteSuiteHTML": WriteSuiteHTML,
		"WriteSuiteDir":  func(dir string, runs []*result.Run) error { return WriteSuiteDir(dir, runs, MarkdownOptions{}) },
	} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			runs := suiteFixture()
			if err := write(dir, runs); err != nil {
				t.Fatal(err)
			}
			if err := write(dir, runs[:1]); err != nil {
				t.Fatal(err)
			}
			pages, err := os.ReadDir(filepath.Join(dir, SuitePostsDir))
			if err != nil {
				t.Fatal(err)
			}
			want := PostPageName(tutorialFile(runs[0]))
			if len(pages) != 1 || pages[0].Name() != want {
				var names []string
				for _, p := range pages {
					names = append(names, p.Name())
				}
				t.Errorf("pages %v, want only %s", names, want)
			}
		})
	}
}
