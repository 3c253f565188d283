package reader

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode"
)

// directiveComment finds the text of every directive in a post.
var directiveComment = regexp.MustCompile(`(?s)<!--\s*tutor:(.*?)-->`)

// FuzzDirective feeds arbitrary text to the directive parser, seeded with
// every directive of the golden corpus and of the repository's tutorials.
// It must not panic; it returns directives of known verbs (a setup with
// commands) or errors, each with a message that says something, on a line
// of the comment. The same
// text is then read as a comment before a shell block, through the whole
// reader.
func FuzzDirective(f *testing.F) {
	for _, d := range corpusDirectives(f) {
		f.Add(d)
	}
	f.Fuzz(func(t *testing.T, text string) {
		const first = 10
		last := first + strings.Count(text, "\n")
		ds, errs := parseDirectives(text, first)
		if len(ds) == 0 && len(errs) == 0 {
			t.Fatalf("%q: neither a directive nor an error", text)
		}
		for _, e := range errs {
			if !strings.ContainsFunc(e.msg, unicode.IsLetter) {
				t.Errorf("%q: error %q says nothing", text, e.msg)
			}
			if e.line < first || e.line > last {
				t.Errorf("%q: error on line %d, outside the comment's lines %d-%d", text, e.line, first, last)
			}
		}
		for _, d := range ds {
			if d.spec == nil || lookup(d.verb, d.args) != d.spec {
				t.Errorf("%q: directive with unknown verb %q", text, d.verb)
			}
			if d.verb == "setup" && strings.TrimSpace(d.body) == "" {
				t.Errorf("%q: a setup directive with no commands", text)
			}
			if d.line < first || d.line > last+1 {
				t.Errorf("%q: directive on line %d, outside the comment's lines %d-%d", text, d.line, first, last)
			}
		}
		src := "# Fuzz\n\n<!-- tutor:" + text + " -->\n```console\n$ true\n```\n"
		if _, err := Read("fuzz.md", []byte(src)); err != nil {
			e, ok := err.(*Error)
			if !ok || len(e.Diagnostics) == 0 {
				t.Fatalf("error %v is not a non-empty *Error", err)
			}
			n := len(lineStarts([]byte(src)))
			for _, d := range e.Diagnostics {
				if !strings.ContainsFunc(d.Message, unicode.IsLetter) || d.Pos.Line < 1 || d.Pos.Line > n {
					t.Errorf("diagnostic %q: empty or outside lines 1-%d", d, n)
				}
			}
		}
	})
}

// corpusDirectives returns the text after "tutor:" of every directive in
// testdata/*.txtar and in the repository's tutorials.
func corpusDirectives(f *testing.F) []string {
	posts := goldenPosts(f)
	tutorials, _ := filepath.Glob("../../tutorials/*.md")
	for _, name := range tutorials {
		if src, err := os.ReadFile(name); err == nil {
			posts = append(posts, src)
		}
	}
	var out []string
	for _, p := range posts {
		for _, m := range directiveComment.FindAllSubmatch(p, -1) {
			out = append(out, string(m[1]))
		}
	}
	if len(out) == 0 {
		f.Fatal("no directives in the golden corpus")
	}
	return out
}
