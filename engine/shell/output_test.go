package shell

import (
	"regexp"
	"strings"
	"testing"
)

func TestHeadTail(t *testing.T) {
	tests := []struct {
		name      string
		limit     int
		chunks    []string
		want      string
		truncated bool
	}{
		{"empty", 10, nil, "", false},
		{"fits", 10, []string{"0123456789"}, "0123456789", false},
		{"fits in chunks", 10, []string{"012", "3456", "789"}, "0123456789", false},
		{"one big write", 10, []string{"abcdefghijklmnopqrstuvwxyz"}, "abcde\n[... 16 bytes of output truncated ...]\nvwxyz", true},
		{"many small writes", 10, strings.Split("abcdefghijklmnopqrstuvwxyz", ""), "abcde\n[... 16 bytes of output truncated ...]\nvwxyz", true},
		{"lines", 8, []string{"a\nb\nc\nd\ne\nf\ng\nh\n"}, "a\nb\n[... 8 bytes of output truncated ...]\ng\nh\n", true},
		{"does not split runes", 8, []string{"ééééééé"}, "éé\n[... 6 bytes of output truncated ...]\néé", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHeadTail(tt.limit)
			for _, c := range tt.chunks {
				h.write([]byte(c))
			}
			if got := h.String(); got != tt.want {
				t.Errorf("String() = %q, want %q", got, tt.want)
			}
			if got := h.truncated(); got != tt.truncated {
				t.Errorf("truncated() = %v, want %v", got, tt.truncated)
			}
		})
	}
}

func TestCaptureReadiness(t *testing.T) {
	tests := []struct {
		name   string
		chunks []string
		finish bool
		want   bool
	}{
		{"whole line", []string{"starting\nready on :80\n"}, false, true},
		{"line split across writes", []string{"rea", "dy on", " :80\r\n"}, false, true},
		{"partial line is not enough", []string{"ready on :80"}, false, false},
		{"partial line at end of output", []string{"ready on :80"}, true, true},
		{"no match", []string{"not yet\n"}, true, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newCapture(100, nil, regexp.MustCompile(`^ready on :\d+$`))
			for _, chunk := range tt.chunks {
				c.Write([]byte(chunk))
			}
			if tt.finish {
				c.finish()
			}
			select {
			case <-c.matched:
				if !tt.want {
					t.Error("matched, want no match")
				}
			default:
				if tt.want {
					t.Error("no match, want a match")
				}
			}
		})
	}
}
