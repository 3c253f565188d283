package report

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"

	"github.com/tutor-run/tutor/engine/atomicfile"
	"github.com/tutor-run/tutor/engine/result"
)

//go:embed suite.tmpl
var suiteSource string

// suitePage is the index of a suite.
var suitePage = newPage("index.html", suiteSource)

// The files WriteSuiteDir writes, in its directory.
const (
	SuiteJSONFile     = "report.json"
	SuiteJUnitFile    = "junit.xml"
	SuiteMarkdownFile = "summary.md"
	SuiteIndexFile    = "index.html"
	// SuitePostsDir holds one page per post, named by PostPageName.
	SuitePostsDir = "posts"
)

// htmlSuite is what the index shows, every string already plain text.
type htmlSuite struct {
	Status           result.Status
	Verdict          string
	Counts, Sections string
	Duration         string
	ExitCode         int
	Posts            []htmlPost
}

// htmlPost is one row of the index.
type htmlPost struct {
	Status                 result.Status
	Verdict                string
	File, Title, Page      string
	Totals, Duration, Note string
}

// postStatus is the colour of a post's verdict.
var postStatus = map[string]result.Status{
	PostPassed: result.Passed, PostFailed: result.Failed, PostMalformed: result.Failed,
	PostErrored: result.Errored, PostInterrupted: result.Blocked,
}

// WriteSuiteHTML writes dir/index.html, a table of the posts (verdict,
// file and title, section counts, duration, what went wrong) sorted by
// file, each linking to its own page: the post's run as WriteHTML writes
// it, at dir/posts/PostPageName(file). dir is created when missing; each
// file is replaced atomically, so a reader never sees half a page. Pages
// of posts that are no longer in the suite are removed.
func WriteSuiteHTML(dir string, runs []*result.Run) error {
	return writeSuiteHTML(dir, SortRuns(runs))
}

// writeSuiteHTML writes the pages and the index of sorted runs into dir,
// with extra files written beside the pages, and removes stale pages.
func writeSuiteHTML(dir string, runs []*result.Run, extra ...fileJob) error {
	if err := os.MkdirAll(filepath.Join(dir, SuitePostsDir), 0o755); err != nil {
		return err
	}
	pages, index := suiteHTMLFiles(dir, runs)
	if err := writeFiles(append(extra, pages...)); err != nil {
		return err
	}
	// The index after every page it links.
	if err := writeFile(index.path, index.write); err != nil {
		return err
	}
	return removeStalePages(filepath.Join(dir, SuitePostsDir), pages)
}

// removeStalePages removes the pages in postsDir that pages did not
// write: those of posts an earlier report into the same directory had,
// which the new index no longer links.
func removeStalePages(postsDir string, pages []fileJob) error {
	keep := make(map[string]bool, len(pages))
	for _, p := range pages {
		keep[filepath.Base(p.path)] = true
	}
	entries, err := os.ReadDir(postsDir)
	if err != nil {
		return err
	}
	for _, e := range entries {
		if !e.IsDir() && strings.HasSuffix(e.Name(), ".html") && !keep[e.Name()] {
			if err := os.Remove(filepath.Join(postsDir, e.Name())); err != nil {
				return err
			}
		}
	}
	return nil
}

// suiteHTMLFiles are the page of each of runs, sorted, and the index
// that links them.
func suiteHTMLFiles(dir string, runs []*result.Run) (pages []fileJob, index fileJob) {
	names := postPageNames(runs)
	code := SuiteExitCode(runs)
	suite := htmlSuite{
		Status:   postStatus[verdictOf(code)],
		Verdict:  suiteVerdicts[code],
		Counts:   CountSuite(runs).String(),
		Sections: plural(sectionCount(runs), "section") + ": " + result.CountList(suiteSections(runs), "none"),
		Duration: formatDuration(sumDurations(runs)),
		ExitCode: code,
	}
	for i, run := range runs {
		pages = append(pages, fileJob{filepath.Join(dir, SuitePostsDir, names[i]), func(w io.Writer) error { return WriteHTML(w, run) }})
		suite.Posts = append(suite.Posts, htmlPostFromRun(run, SuitePostsDir+"/"+names[i]))
	}
	return pages, fileJob{filepath.Join(dir, SuiteIndexFile), func(w io.Writer) error {
		if err := suitePage.Execute(w, suite); err != nil {
			return fmt.Errorf("html index: %w", err)
		}
		return nil
	}}
}

// fileWriters is how many files are rendered and written at once: each
// waits mostly for its file to reach the disk, so a few more than the
// CPUs keep them busy.
const fileWriters = 8

// fileJob is one report file and how to render it.
type fileJob struct {
	path  string
	write func(io.Writer) error
}

// writeFiles renders and writes every job, fileWriters at a time; the
// error is that of the first job in the list that failed.
func writeFiles(jobs []fileJob) error {
	errs := make([]error, len(jobs))
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(fileWriters, len(jobs)) {
		wg.Go(func() {
			for i := range next {
				errs[i] = writeFile(jobs[i].path, jobs[i].write)
			}
		})
	}
	for i := range jobs {
		next <- i
	}
	close(next)
	wg.Wait()
	return cmp.Or(errs...)
}

func htmlPostFromRun(run *result.Run, page string) htmlPost {
	v := PostVerdict(run)
	p := htmlPost{
		Status:   postStatus[v],
		Verdict:  v,
		File:     plainLine(tutorialFile(run)),
		Title:    plainLine(runTitle(run)),
		Page:     page,
		Totals:   totals(run),
		Duration: formatDuration(run.Duration),
	}
	p.Note = plainLine(truncateBytes(postNote(run), maxSummaryLineBytes))
	return p
}

// maxPageName caps the length of a page's file name, under the 255 bytes
// file systems allow.
const maxPageName = 200

// PostPageName is the file name of a post's page: its path with every
// byte but ASCII letters, digits, '-' and '.' written as _XX (hex), then
// ".html", so that no two paths share a name ("docs/a_b.md" is
// "docs_2Fa_5Fb.md.html"). A name that would be too long keeps its start
// and ends with a hash of the whole path.
func PostPageName(file string) string {
	var b strings.Builder
	for i := 0; i < len(file); i++ {
		c := file[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.' {
			b.WriteByte(c)
		} else {
			fmt.Fprintf(&b, "_%02X", c)
		}
	}
	name := b.String()
	if len(name) > maxPageName {
		sum := sha256.Sum256([]byte(file))
		name = name[:maxPageName-34] + "_h" + hex.EncodeToString(sum[:16])
	}
	if name == "" || name[0] == '.' {
		// Not a hidden file, and not ".html".
		name = "_" + name
	}
	return name + ".html"
}

// postPageNames names the page of each run; a post that appears twice
// (the suite was not merged) gets _n2, _n3... after its name, which
// PostPageName never makes.
func postPageNames(runs []*result.Run) []string {
	names := make([]string, len(runs))
	seen := make(map[string]int, len(runs))
	for i, run := range runs {
		name := strings.TrimSuffix(PostPageName(tutorialFile(run)), ".html")
		seen[name]++
		if n := seen[name]; n > 1 {
			name += "_n" + strconv.Itoa(n)
		}
		names[i] = name + ".html"
	}
	return names
}

// WriteSuiteDir writes every report of a suite into dir, creating it:
// report.json (WriteSuiteJSON), junit.xml (WriteSuiteJUnit), summary.md
// (WriteSuiteMarkdown with opts) and the HTML index with a page per post
// (WriteSuiteHTML). Each file is replaced atomically.
func WriteSuiteDir(dir string, runs []*result.Run, opts MarkdownOptions) error {
	runs = SortRuns(runs)
	// The big files first, so they are not left for last.
	return writeSuiteHTML(dir, runs,
		fileJob{filepath.Join(dir, SuiteJSONFile), func(w io.Writer) error { return WriteSuiteJSON(w, runs) }},
		fileJob{filepath.Join(dir, SuiteJUnitFile), func(w io.Writer) error { return WriteSuiteJUnit(w, runs) }},
		fileJob{filepath.Join(dir, SuiteMarkdownFile), func(w io.Writer) error { return WriteSuiteMarkdown(w, runs, opts) }},
	)
}

// writeFile renders a file in memory and replaces path with it.
func writeFile(path string, write func(io.Writer) error) error {
	var buf bytes.Buffer
	if err := write(&buf); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err := atomicfile.Write(path, buf.Bytes(), 0o644); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return nil
}
