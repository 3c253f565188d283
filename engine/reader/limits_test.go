package reader

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestLimits(t *testing.T) {
	staircase := func(n int, level func(int) string) string {
		var b strings.Builder
		for i := 1; i <= n; i++ {
			b.WriteString(level(i) + "x\n")
		}
		return b.String()
	}
	tests := []struct {
		name string
		src  string
		want string // "LINE: message", "" when the post is fine
	}{
		{"size", strings.Repeat(strings.Repeat("a", 1023)+"\n", MaxFileSize/1024) + "b\n", "1: file is 67108866 bytes (64.0 MiB), more than the limit of 64 MiB"},
		{"long line", "# T\n" + strings.Repeat("x", MaxLineLength+1) + "\n", "2: line is 1048577 bytes long (limit 1 MiB)"},
		{"longest line", "# T\n" + strings.Repeat("x", MaxLineLength) + "\n", ""},
		{"long last line", "# T\n\n" + strings.Repeat("x", MaxLineLength+1), "3: line is 1048577 bytes long (limit 1 MiB)"},
		{"lines", strings.Repeat("a\n", MaxLines+1), "250001: file has more than 250000 lines (limit 250000)"},
		{"most lines", strings.Repeat("a\n", MaxLines), ""},
		{"frontmatter", "---\ntitle: x\n" + strings.Repeat("key: [1, 2, 3, 4, 5, 6, 7, 8, 9]\n", 2000) + "---\n# T\n", "1: frontmatter is 64.5 KiB long (limit 64 KiB)"},
		{"quotes on a line", strings.Repeat(">", 33) + " x\n", "1: lists and blockquotes nest 33 levels deep here (limit 32)"},
		{"deepest quotes", strings.Repeat("> ", 32) + "x\n", ""},
		{"bullets on a line", "# T\n\n" + strings.Repeat("- ", 40) + "x\n", "3: lists and blockquotes nest 40 levels deep here (limit 32)"},
		{"ordered on a line", strings.Repeat("1. ", 33) + "x\n", "1: lists and blockquotes nest 33 levels deep here"},
		{"quote staircase", staircase(100, func(i int) string { return strings.Repeat(">", i) + " " }), "33: lists and blockquotes nest 33 levels deep here"},
		{"list staircase", staircase(100, func(i int) string { return strings.Repeat("  ", i-1) + "- " }), "33: lists and blockquotes nest 33 levels deep here"},
		{"tab staircase", staircase(100, func(i int) string { return strings.Repeat("\t", i-1) + "- " }), "33: lists and blockquotes nest 33 levels deep here"},
		{"mixed", strings.Repeat("> - ", 17) + "x\n", "1: lists and blockquotes nest 34 levels deep here"},
		{"lazy lines keep the depth", strings.Repeat("> ", 30) + "a\nlazy\n" + strings.Repeat("> ", 30) + "- - - b\n", "3: lists and blockquotes nest 33 levels deep here"},
		{"fence in a comment", "<!--\n```\n-->\n\n" + staircase(200, func(i int) string { return strings.Repeat("  ", i-1) + "- " }), "133: lists and blockquotes nest 129 levels deep here (limit 32)"},
		{"fence in a div", "<div>\n~~~\n</div>\n\n" + staircase(200, func(i int) string { return strings.Repeat(">", i) + " " }), "133: lists and blockquotes nest 129 levels deep here (limit 32)"},
		{"nested lines", strings.Repeat(strings.Repeat("> ", 32)+"x\n", MaxNestedLines/32+1), "31251: too many lines inside lists and blockquotes: counted once per level of nesting, they pass 1000000 here"},
		{"list staircase of 32", staircase(32, func(i int) string { return strings.Repeat("  ", i-1) + "- " }), ""},
		{"list items at one level", strings.Repeat("- item\n", 1000), ""},
		{"thematic breaks", strings.Repeat("- - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - -\n\n", 3), ""},
		{"yaml in a fence", "# T\n\n```yaml\n" + staircase(40, func(i int) string { return strings.Repeat("  ", i-1) + "- " }) + "```\n", ""},
		{"yaml in a fence in a list", "- item\n\n  ~~~yaml\n" + staircase(40, func(i int) string { return "  " + strings.Repeat("  ", i-1) + "- " }) + "  ~~~\n", ""},
		{"quotes in an indented block", "# T\n\n    " + strings.Repeat(">", 40) + "\n", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Now()
			_, err := Read("post.md", []byte(tt.src))
			if d := time.Since(start); d > 2*time.Second {
				t.Errorf("Read took %s", d)
			}
			if tt.want == "" {
				if err != nil {
					t.Fatalf("Read: %v", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), "post.md:"+tt.want) {
				t.Fatalf("error = %.500v\nwant it to hold post.md:%s", err, tt.want)
			}
			if n := len(err.(*Error).Diagnostics); n != 1 {
				t.Errorf("%d diagnostics, want 1: %.500v", n, err)
			}
		})
	}
}

// TestReadSourceOversize: a file over the limit is refused with its size
// and its over-long lines, found without loading it.
func TestReadSourceOversize(t *testing.T) {
	path := filepath.Join(t.TempDir(), "big.md")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	fmt.Fprintf(f, "# Big\n\n")
	line := strings.Repeat("x", 1<<20)
	for i := 0; i < 70; i++ { // one line of 70 MiB
		f.WriteString(line)
	}
	f.WriteString("\nend\n")
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	_, err = ReadSource(path)
	want := []string{
		path + ":1: file is 73400332 bytes (70.0 MiB), more than the limit of 64 MiB: a tutorial is a markdown post",
		path + ":3: line is 73400320 bytes long (limit 1 MiB)",
	}
	if err == nil || err.Error() != strings.Join(want, "\n") {
		t.Errorf("ReadSource error:\n%v\nwant:\n%s", err, strings.Join(want, "\n"))
	}
	if _, err := ReadFile(path); err == nil {
		t.Error("ReadFile read a file over the limit")
	}
}

func TestTooManyErrors(t *testing.T) {
	src := strings.Repeat("<!-- tutor: bogus -->\n", MaxErrors+50)
	_, err := Read("post.md", []byte(src))
	e, ok := err.(*Error)
	if !ok || len(e.Diagnostics) != MaxErrors+1 {
		t.Fatalf("error = %.300v, want %d diagnostics", err, MaxErrors+1)
	}
	if got, want := e.Diagnostics[MaxErrors].String(), "post.md:101: too many problems: 50 more are not shown"; got != want {
		t.Errorf("last diagnostic = %q, want %q", got, want)
	}
}

func TestInlineDirectives(t *testing.T) {
	tests := []struct {
		src  string
		want []int // lines
	}{
		{"Run <!-- tutor: skip --> this.\n", []int{1}},
		{"Write `<!-- tutor: skip -->` above a block.\n", nil},
		{"Write `` ` <!-- tutor: skip --> `` and more.\n", nil},
		{"An open `` code <!-- tutor: skip --> span.\n", []int{1}},
		{"Escaped \\<!-- tutor: skip --> is text.\n", nil},
		{"Spans lines <!--\n  tutor: skip --> here.\n", []int{1}},
		{"Not closed <!-- tutor: skip\nat all.\n", nil},
		{"Two <!-- note --> then <!-- tutor: skip --> and\nthen <!-- tutor: run --> too.\n", []int{1, 2}},
		{"a\n\nb <!-- tutor: x --> c <!-- tutor: y -->\n", []int{3, 3}},
		{"- item <!-- tutor: skip -->\n", []int{1}},
		{"> quoted\n> and <!-- x --> <!-- tutor: skip -->\n", []int{2}},
		{"# Title <!-- tutor: skip -->\n", []int{1}},
		{"Title <!-- tutor: skip -->\n===\n", []int{1}},
		{"<!-- tutor: skip -->\n```sh\ntrue\n```\n", nil},
	}
	for _, tt := range tests {
		t.Run(tt.src, func(t *testing.T) {
			_, err := Read("post.md", []byte(tt.src))
			var got []int
			if e, ok := err.(*Error); ok {
				for _, d := range e.Diagnostics {
					if !strings.Contains(d.Message, "must stand on its own lines") {
						t.Fatalf("unexpected error: %v", err)
					}
					got = append(got, d.Pos.Line)
				}
			} else if err != nil {
				t.Fatal(err)
			}
			if fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Errorf("inline directives on lines %v, want %v (%v)", got, tt.want, err)
			}
		})
	}
}

func TestHeadingMarkup(t *testing.T) {
	tests := []struct{ src, title string }{
		{"# Install *cilium* with [helm](https://helm.sh) and `kubectl`\n", "Install cilium with helm and kubectl"},
		{"# " + strings.Repeat("*a* ", 16) + "\n", strings.TrimSpace(strings.Repeat("a ", 16))},
		// Past maxHeadingMarkup the title is the text as written.
		{"# " + strings.Repeat("*a* ", 17) + "\n", strings.TrimSpace(strings.Repeat("*a* ", 17))},
		{"# [Ref][r]\n\n" + strings.Repeat("[x]: /x\n", 100) + "[r]: /r\n", "Ref"},
	}
	for _, tt := range tests {
		tu, err := Read("post.md", []byte(tt.src))
		if err != nil {
			t.Fatal(err)
		}
		if got := tu.Sections[0].Title; got != tt.title {
			t.Errorf("title of %.40q = %q, want %q", tt.src, got, tt.title)
		}
	}
}

// TestHostileMarkdownIsFast: input on which goldmark's inline parsing
// takes time that grows with its square, block by block.
func TestHostileMarkdownIsFast(t *testing.T) {
	tests := []struct{ name, src string }{
		{"unclosed links", strings.Repeat("[a](", 250_000) + "\n"},
		{"mismatched emphasis", strings.Repeat("*a_ ", 250_000) + "\n"},
		{"nested brackets", strings.Repeat(strings.Repeat("[", 250)+"a"+strings.Repeat("]", 250)+"\n\n", 4000)},
		{"link references", strings.Repeat("[a]: b\n", MaxLines-1)},
		{"brackets in a long paragraph", strings.Repeat("[a]\n", MaxLines-1)},
		{"headings with markup", strings.Repeat("# "+strings.Repeat("[", 16)+"a"+strings.Repeat("]", 16)+"\n", 20_000)},
		{"backtick runs", strings.Repeat("e`e``e```e````\n", 20_000)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Now()
			if _, err := Read("post.md", []byte(tt.src)); err != nil {
				t.Fatalf("Read: %.300v", err)
			}
			if d := time.Since(start); d > 2*time.Second {
				t.Errorf("Read of %d KiB took %s", len(tt.src)>>10, d)
			}
		})
	}
}
