package assertions

import (
	"strings"
	"testing"

	"github.com/tutor-run/tutor/engine/model"
)

const flows = `Mar 29 22:50:56.889: basics/basicdeploy-65ff8695df-p58zr:58834 (ID:9727) -> kube-system/coredns-789789675-79xnk:53 (ID:41216) to-proxy FORWARDED (UDP)
Mar 29 22:50:56.892: basics/basicdeploy-65ff8695df-p58zr:33316 (ID:9727) <> github.com:80 (world) Policy denied DROPPED (TCP Flags: SYN)
`

func TestContains(t *testing.T) {
	tests := []struct {
		name, actual, want string
		contains           bool
		notMessage         string // NotContains' message when the text is there
	}{
		{"raw", flows, "to-proxy FORWARDED", true, `output contains "to-proxy FORWARDED" at line 1: "... (ID:41216) to-proxy FORWARDED (UDP)"`},
		{"normalized spacing and hash", "pod/web-7c9d8f6b54-zq4wx   1/1     Running", "web-65ff8695df-p58zr 1/1 Running", true, ""},
		{"colour codes", "Cilium:   \x1b[32mOK\x1b[0m", "Cilium: OK", true, ""},
		{"placeholder in want", flows, "(ID:<ID>) <> github.com:80", true, ""},
		{"absent", flows, "EGRESS ALLOWED", false, ""},
		{"long line both sides", "a " + strings.Repeat("word ", 20) + "NEEDLE" + strings.Repeat(" word", 20), "NEEDLE", true,
			`output contains "NEEDLE" at line 1: "... word word word word word NEEDLE word word word word word ..."`},
		{"verdict matters", flows, "github.com:80 (world) to-overlay FORWARDED", false, ""},
		{"second line", flows, "DROPPED", true, `output contains "DROPPED" at line 2: "... (world) Policy denied DROPPED (TCP Flags: SYN)"`},
		{"empty want", flows, "", true, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got, want := Contains(tt.actual, tt.want).OK, tt.contains; got != want {
				t.Errorf("Contains OK = %v, want %v", got, want)
			}
			r := NotContains(tt.actual, tt.want)
			if got, want := r.OK, !tt.contains; got != want {
				t.Errorf("NotContains OK = %v, want %v", got, want)
			}
			if tt.notMessage != "" {
				if got, want := r.Message, tt.notMessage; got != want {
					t.Errorf("NotContains message\n got %q\nwant %q", got, want)
				}
			}
		})
	}
}

func TestRegex(t *testing.T) {
	tests := []struct {
		name, actual, pattern string
		ok                    bool
		message               string
	}{
		{"line anchors", flows, `^Mar \d+ [\d:.]+: basics/`, true, ""},
		{"verdict", flows, `DROPPED \(TCP Flags: SYN\)$`, true, ""},
		{"padding and colour", "Cilium:             \x1b[32mOK\x1b[0m\n", `^Cilium: OK$`, true, ""},
		{"no match", flows, `EGRESS ALLOWED`, false, `output does not match "EGRESS ALLOWED"`},
		{"bad pattern", flows, `(unclosed`, false, "bad regular expression \"(unclosed\": error parsing regexp: missing closing ): `(?m)(unclosed`"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Regex(tt.actual, tt.pattern)
			if got, want := r.OK, tt.ok; got != want {
				t.Fatalf("OK = %v, want %v (%s)", got, want, r.Message)
			}
			if tt.message != "" {
				if got, want := r.Message, tt.message; got != want {
					t.Errorf("Message\n got %q\nwant %q", got, want)
				}
			}
		})
	}
}

func TestExit(t *testing.T) {
	tests := []struct {
		name    string
		claim   model.ExitClaim
		status  int
		ok      bool
		message string
	}{
		{"zero", model.ExitClaim{}, 0, true, "exit status 0"},
		{"zero failed", model.ExitClaim{}, 1, false, "exit status 1, expected 0"},
		{"code", model.ExitClaim{Code: 28}, 28, true, "exit status 28"},
		{"code failed", model.ExitClaim{Code: 28}, 0, false, "exit status 0, expected 28"},
		{"non-zero", model.ExitClaim{NonZero: true}, 7, true, "exit status 7"},
		{"non-zero failed", model.ExitClaim{NonZero: true}, 0, false, "exit status 0, expected non-zero"},
		{"any", model.ExitClaim{Any: true}, 130, true, "exit status 130"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Exit(tt.claim, tt.status)
			if got, want := r.OK, tt.ok; got != want {
				t.Errorf("OK = %v, want %v", got, want)
			}
			if got, want := r.Message, tt.message; got != want {
				t.Errorf("Message = %q, want %q", got, want)
			}
		})
	}
}
