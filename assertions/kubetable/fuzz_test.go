package kubetable

import (
	"strings"
	"testing"
)

func FuzzParse(f *testing.F) {
	for _, s := range []string{getNo, getAll, liveAll, podsWide, podsAll, "NAME READY\nweb 1/1\n...\n",
		"NAME\tSTATUS\nweb\tActive\r\n", "NAME   X\n\x80\xff  y\n", "NOMINATED NODE\n(a (b\n", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		tables, err := Parse(text)
		if err != nil {
			if len(tables) != 0 {
				t.Errorf("Parse returned tables with error %v", err)
			}
			return
		}
		for _, tb := range tables {
			if tb.Line < 1 || tb.Line > strings.Count(text, "\n")+1 {
				t.Errorf("Line %d out of range", tb.Line)
			}
			for _, row := range tb.Rows {
				if len(row) != len(tb.Columns) {
					t.Fatalf("row %q has %d cells under %d columns", row, len(row), len(tb.Columns))
				}
			}
		}
		if r := Compare(text, text); !r.OK {
			t.Errorf("Compare(x, x) failed: %s", r.Message)
		}
	})
}
