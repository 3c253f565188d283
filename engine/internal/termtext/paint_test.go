package termtext

import "testing"

func TestPaintDiffLine(t *testing.T) {
	tests := []struct {
		line, want string
	}{
		{"--- expected", "\x1b[1m--- expected\x1b[0m"},
		{"+++ actual", "\x1b[1m+++ actual\x1b[0m"},
		{"@@ -1,2 +1,2 @@", "\x1b[36m@@ -1,2 +1,2 @@\x1b[0m"},
		{"-NotReady", "\x1b[31m-NotReady\x1b[0m"},
		{"+Ready", "\x1b[32m+Ready\x1b[0m"},
		{" context", " context"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := PaintDiffLine(true, tt.line); got != tt.want {
			t.Errorf("PaintDiffLine(%q) = %q, want %q", tt.line, got, tt.want)
		}
		if got := PaintDiffLine(false, tt.line); got != tt.line {
			t.Errorf("PaintDiffLine without colour changed %q to %q", tt.line, got)
		}
	}
}
