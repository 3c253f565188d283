package assertions

import (
	"fmt"
	"strings"
	"testing"
)

func TestDiff(t *testing.T) {
	numbered := func(n int, change map[int]string) string {
		var b strings.Builder
		for i := 1; i <= n; i++ {
			if s, ok := change[i]; ok {
				if s != "" {
					b.WriteString(s + "\n")
				}
				continue
			}
			fmt.Fprintf(&b, "line %d\n", i)
		}
		return b.String()
	}
	tests := []struct {
		name, expected, actual, want string
	}{
		{"equal after normalizing", "a   b\n", "\na b  \n\n", ""},
		{"placeholders visible",
			"Date: Fri, 29 Mar 2024 22:50:49 GMT\nHTTP/1.1 301 Moved Permanently\n",
			"Date: Thu, 26 Nov 2026 01:31:15 GMT\nHTTP/1.1 200 OK\n",
			"--- expected\n+++ actual\n@@ -1,2 +1,2 @@\n Date: <TIME>\n-HTTP/1.1 301 Moved Permanently\n+HTTP/1.1 200 OK\n"},
		{"separate hunks", numbered(20, nil), numbered(20, map[int]string{2: "two", 18: "eighteen"}),
			"--- expected\n+++ actual\n" +
				"@@ -1,5 +1,5 @@\n line 1\n-line 2\n+two\n line 3\n line 4\n line 5\n" +
				"@@ -15,6 +15,6 @@\n line 15\n line 16\n line 17\n-line 18\n+eighteen\n line 19\n line 20\n"},
		{"close changes share a hunk", numbered(12, nil), numbered(12, map[int]string{3: "three", 9: ""}),
			"--- expected\n+++ actual\n" +
				"@@ -1,12 +1,11 @@\n line 1\n line 2\n-line 3\n+three\n line 4\n line 5\n line 6\n line 7\n line 8\n-line 9\n line 10\n line 11\n line 12\n"},
		{"only added", "", "new\n", "--- expected\n+++ actual\n@@ -0,0 +1 @@\n+new\n"},
		{"last line without newline", "a\nb", "a\nb\nc",
			"--- expected\n+++ actual\n@@ -1,2 +1,3 @@\n a\n b\n+c\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got, want := Diff(tt.expected, tt.actual), tt.want; got != want {
				t.Errorf("Diff\n%s\nwant\n%s", got, want)
			}
		})
	}
}

// TestDiffCapped: a diff of two unrelated long outputs stays readable.
func TestDiffCapped(t *testing.T) {
	var a, b strings.Builder
	for i := 0; i < 5000; i++ {
		fmt.Fprintf(&a, "a%d\n", i)
		fmt.Fprintf(&b, "b%d\n", i)
	}
	d := Diff(a.String(), b.String())
	if n := strings.Count(d, "\n"); n > maxDiffLines+10 {
		t.Errorf("diff has %d lines", n)
	}
	if !strings.HasSuffix(d, "@@ diff cut at 1000 lines @@\n") {
		t.Errorf("diff does not say it was cut: ...%s", d[len(d)-80:])
	}
}
