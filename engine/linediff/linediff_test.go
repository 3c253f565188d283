package linediff

import (
	"math/rand/v2"
	"slices"
	"testing"
	"time"
)

func TestSplit(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"", nil},
		{"a", []string{"a"}},
		{"a\n", []string{"a\n"}},
		{"a\r\nb", []string{"a\r\n", "b"}},
		{"\n\n", []string{"\n", "\n"}},
	}
	for _, tt := range tests {
		if got := Split(tt.in); !slices.Equal(got, tt.want) {
			t.Errorf("Split(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestPlainDiff(t *testing.T) {
	a, b := Split("a\nb\nc\nd\n"), Split("a\nx\nd\n")
	got := Format{From: "expected", To: "actual"}.Write(a, b, Plain(a, b))
	want := "--- expected\n+++ actual\n@@ -1,4 +1,3 @@\n a\n-b\n-c\n+x\n d\n"
	if got != want {
		t.Errorf("plainDiff\n%s\nwant\n%s", got, want)
	}
}

// TestOpsRebuildBothSides: the equal and deleted lines of a diff are a, the
// equal and inserted ones b, for Lines and Plain alike.
func TestOpsRebuildBothSides(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	words := []string{"a\n", "b\n", "c\n", "d\r\n", "\n"}
	text := func(n int) []string {
		ls := make([]string, n)
		for i := range ls {
			ls[i] = words[r.IntN(len(words))]
		}
		return ls
	}
	for range 300 {
		a, b := text(r.IntN(20)), text(r.IntN(20))
		for name, ops := range map[string][]Op{"Lines": Lines(a, b, time.Second), "Plain": Plain(a, b)} {
			var gotA, gotB []string
			for _, op := range ops {
				for range op.N {
					if op.Kind != Insert {
						gotA = append(gotA, a[len(gotA)])
					}
					if op.Kind != Delete {
						gotB = append(gotB, b[len(gotB)])
					}
				}
			}
			if !slices.Equal(gotA, a) || !slices.Equal(gotB, b) {
				t.Fatalf("%s(%q, %q) = %v", name, a, b, ops)
			}
		}
	}
}
