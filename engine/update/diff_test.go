package update

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"

	"github.com/tutor-run/tutor/engine/linediff"
)

func TestDiff(t *testing.T) {
	const thirteen = "a\nb\nc\nd\ne\nf\ng\nh\ni\nj\nk\nl\nm\n"
	tests := []struct {
		name     string
		old, new string
		want     string
	}{
		{"equal", "a\n", "a\n", ""},
		{"two hunks, no newline at the end", thirteen, strings.Replace(thirteen, "b", "B", 1) + "n", `--- a/post.md
+++ b/post.md
@@ -1,5 +1,5 @@
 a
-b
+B
 c
 d
 e
@@ -11,3 +11,4 @@
 k
 l
 m
+n
\ No newline at end of file
`},
		{"close changes share a hunk", thirteen, strings.NewReplacer("c", "C", "i", "I").Replace(thirteen), `--- a/post.md
+++ b/post.md
@@ -1,12 +1,12 @@
 a
 b
-c
+C
 d
 e
 f
 g
 h
-i
+I
 j
 k
 l
`},
		{"newline added at the end", "a\nb", "a\nb\n", `--- a/post.md
+++ b/post.md
@@ -1,2 +1,2 @@
 a
-b
\ No newline at end of file
+b
`},
		{"from nothing", "", "a\n", `--- a/post.md
+++ b/post.md
@@ -0,0 +1 @@
+a
`},
		{"CRLF lines keep their CR", "a\r\nb\r\n", "a\r\nc\r\n", "--- a/post.md\n+++ b/post.md\n@@ -1,2 +1,2 @@\n a\r\n-b\r\n+c\r\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Diff("post.md", []byte(tt.old), []byte(tt.new))
			if got != tt.want {
				t.Errorf("got\n%s\nwant\n%s", got, tt.want)
			}
			if tt.want != "" {
				if applied := patch(t, tt.old, got); applied != tt.new {
					t.Errorf("applying the diff gives %q, want %q", applied, tt.new)
				}
			}
		})
	}
}

// TestDiffApplies applies the diffs of random edits to their old text.
func TestDiffApplies(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	words := []string{"a\n", "b\n", "c\n", "d\r\n", "e", "\n"}
	text := func(n int) string {
		var b strings.Builder
		for range n {
			w := words[r.IntN(len(words))]
			b.WriteString(w)
			if !strings.HasSuffix(w, "\n") {
				b.WriteString("\n")
			}
		}
		if r.IntN(4) == 0 {
			b.WriteString("tail")
		}
		return b.String()
	}
	for i := range 500 {
		old, new := text(r.IntN(30)), text(r.IntN(30))
		d := Diff("p", []byte(old), []byte(new))
		if got := patch(t, old, d); got != new {
			t.Fatalf("case %d: applying\n%s\nto %q gives %q, want %q", i, d, old, got, new)
		}
	}
}

// patch applies a unified diff made by Diff to old.
func patch(t *testing.T, old, diff string) string {
	t.Helper()
	if diff == "" {
		return old
	}
	a := linediff.Split(old)
	var out []string
	next := 0 // the next line of a not yet copied
	lines := linediff.Split(diff)[2:]
	for k := 0; k < len(lines); k++ {
		l := lines[k]
		if strings.HasPrefix(l, "@@ ") {
			var from int
			spec := strings.Fields(l)[1][1:]
			from, _ = strconv.Atoi(strings.Split(spec, ",")[0])
			if strings.HasSuffix(spec, ",0") {
				from++ // an empty range names the line before
			}
			out = append(out, a[next:from-1]...)
			next = from - 1
			continue
		}
		line := l[1:]
		if k+1 < len(lines) && lines[k+1] == linediff.NoNewline {
			line = strings.TrimSuffix(line, "\n")
			k++
		}
		switch l[0] {
		case ' ':
			out = append(out, line)
			next++
		case '-':
			if a[next] != line {
				t.Fatalf("diff deletes %q where old has %q", line, a[next])
			}
			next++
		case '+':
			out = append(out, line)
		default:
			panic(fmt.Sprintf("bad diff line %q", l))
		}
	}
	return strings.Join(append(out, a[next:]...), "")
}
