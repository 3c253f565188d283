package flows_test

import (
	"errors"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/tutor-run/tutor/assertions/flows"
	"github.com/tutor-run/tutor/engine/goldentest"
)

// Every hubble line of the seed post parses, and prints back the same way.
func TestParseSeedLines(t *testing.T) {
	data := goldentest.ReadFile(t, "testdata/seed-lines.txt")
	lines := strings.Split(strings.TrimSpace(string(data)), "\n")
	if len(lines) != 50 {
		t.Fatalf("%d seed lines, want 50", len(lines))
	}
	for i, line := range lines {
		l, err := flows.ParseLine(line)
		if err != nil {
			t.Errorf("line %d: %v", i+1, err)
			continue
		}
		back := l.Time.Format("Jan _2 15:04:05.000") + ": " + l.Src.String() + " " + ident(l.Src) + " " +
			l.Direction + " " + l.Dst.String() + " " + ident(l.Dst) + " " + l.Point + " " + l.Verdict + " (" + l.Summary + ")"
		if back != line {
			t.Errorf("line %d round trip:\n got %s\nwant %s", i+1, back, line)
		}
	}
}

func ident(e flows.Endpoint) string {
	if e.Reserved != "" {
		return "(" + e.Reserved + ")"
	}
	return "(ID:" + itoa(int(e.Identity)) + ")"
}

func itoa(n int) string { return strconv.Itoa(n) }

func TestParseLine(t *testing.T) {
	tests := []struct {
		line string
		want flows.Line
	}{
		{"Mar 29 21:06:33.831: default/testpod:48740 (ID:2615) <> basics/basicdeploy-65ff8695df-p58zr:80 (ID:9727) Policy denied DROPPED (TCP Flags: SYN)",
			flows.Line{Src: flows.Endpoint{Namespace: "default", Pod: "testpod", Port: 48740, Identity: 2615},
				Dst:       flows.Endpoint{Namespace: "basics", Pod: "basicdeploy-65ff8695df-p58zr", Port: 80, Identity: 9727},
				Direction: "<>", Point: "Policy denied", Verdict: "DROPPED", Summary: "TCP Flags: SYN"}},
		{"Mar 29 22:50:56.889: basics/basicdeploy-65ff8695df-p58zr:58834 (ID:9727) <> 172.21.0.4 (host) pre-xlate-rev TRACED (UDP)",
			flows.Line{Src: flows.Endpoint{Namespace: "basics", Pod: "basicdeploy-65ff8695df-p58zr", Port: 58834, Identity: 9727},
				Dst:       flows.Endpoint{IP: "172.21.0.4", Reserved: "host"},
				Direction: "<>", Point: "pre-xlate-rev", Verdict: "TRACED", Summary: "UDP"}},
		{"Mar 29 22:50:56.892: basics/web-1:33316 (ID:9727) <> github.com:80 (world) policy-verdict:none EGRESS DENIED (TCP Flags: SYN)",
			flows.Line{Src: flows.Endpoint{Namespace: "basics", Pod: "web-1", Port: 33316, Identity: 9727},
				Dst:       flows.Endpoint{Name: "github.com", Port: 80, Reserved: "world"},
				Direction: "<>", Point: "policy-verdict:none EGRESS", Verdict: "DENIED", Summary: "TCP Flags: SYN"}},
		{"Mar  9 01:02:03.004 [node-1]: [fd00::1]:80 (ID:5) <- default/c (ID:7) http-response FORWARDED (HTTP/1.1 200 3ms (GET http://x/))",
			flows.Line{Node: "node-1", Src: flows.Endpoint{IP: "fd00::1", Port: 80, Identity: 5},
				Dst:       flows.Endpoint{Namespace: "default", Pod: "c", Identity: 7},
				Direction: "<-", Point: "http-response", Verdict: "FORWARDED", Summary: "HTTP/1.1 200 3ms (GET http://x/)"}},
	}
	for _, tt := range tests {
		t.Run(tt.want.Point, func(t *testing.T) {
			got, err := flows.ParseLine(tt.line)
			if err != nil {
				t.Fatal(err)
			}
			got.Time = tt.want.Time
			if got != tt.want {
				t.Errorf("ParseLine:\n got %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

func TestParseLineErrors(t *testing.T) {
	for _, line := range []string{
		"",
		"yumemaru@azure:~$ hubble observe --from-pod default/testpod",
		"Mar 29 21:06:33.831: default/testpod:48740 (ID:2615) <> basics/b:80 (ID:9727) Policy denied NOPE (TCP)",
		"Mar 29 21:06:33.831: default/testpod:48740 ID:2615 <> basics/b:80 (ID:9727) Policy denied DROPPED (TCP)",
		"Mar 29 21:06:33.831: default/testpod:48740 (ID:2615) => basics/b:80 (ID:9727) Policy denied DROPPED (TCP)",
		"Mar 29 21:06:33.831: default/testpod:48740 (ID:2615) <> basics/b:80 (ID:9727) Policy denied DROPPED",
	} {
		_, err := flows.ParseLine(line)
		var le *flows.LineError
		if !errors.As(err, &le) {
			t.Errorf("ParseLine(%q) = %v, want a *LineError", line, err)
		}
	}
}

func TestGenericPodName(t *testing.T) {
	for in, want := range map[string]string{
		"basicdeploy-65ff8695df-p58zr": "basicdeploy-*",
		"basicdeploy-7c9f8d6b5-x2x9k":  "basicdeploy-*",
		"coredns-789789675-79xnk":      "coredns-*",
		"cilium-x2x9k":                 "cilium-*",
		"testpod":                      "testpod",
		"web-0":                        "web-0",
		"web-proxy":                    "web-proxy",
		"my-app-bcdfg":                 "my-app-*",
	} {
		if got := flows.GenericPodName(in); got != want {
			t.Errorf("GenericPodName(%q) = %q, want %q", in, got, want)
		}
	}
}

func BenchmarkParseLine(b *testing.B) {
	line := "Mar 29 21:06:33.831: default/testpod:48740 (ID:2615) <> basics/basicdeploy-65ff8695df-p58zr:80 (ID:9727) Policy denied DROPPED (TCP Flags: SYN)"
	b.ReportAllocs()
	for b.Loop() {
		if _, err := flows.ParseLine(line); err != nil {
			b.Fatal(err)
		}
	}
}

func readFile(path string) (string, error) {
	data, err := os.ReadFile(path)
	return string(data), err
}
