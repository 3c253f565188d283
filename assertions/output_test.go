package assertions

import (
	"strings"
	"testing"

	"github.com/tutor-run/tutor/assertions/internal/fixture"
)

// Outputs as pasted in the seed article (aks-cilium-101).
const (
	getNodes = `
NAME                                STATUS     ROLES   AGE   VERSION
aks-nodepool1-30325416-vmss000000   Ready      agent   20m   v1.28.5
aks-nodepool1-30325416-vmss000001   Ready      agent   20m   v1.28.5
aks-nodepool1-30325416-vmss000002   Ready      agent   19m   v1.28.5
`
	getAll       = fixture.GetAll
	ciliumStatus = `    /¯¯\
 /¯¯\__/¯¯\    Cilium:             OK
 \__/¯¯\__/    Operator:           OK
 /¯¯\__/¯¯\    Envoy DaemonSet:    disabled (using embedded mode)
 \__/¯¯\__/    Hubble Relay:       OK
    \__/       ClusterMesh:        disabled

Deployment             cilium-operator    Desired: 2, Ready: 2/2, Available: 2/2
DaemonSet              cilium             Desired: 3, Ready: 3/3, Available: 3/3
Containers:            cilium             Running: 3
                       cilium-operator    Running: 2
Cluster Pods:          29/29 managed by Cilium
Image versions         cilium             quay.io/cilium/cilium:v1.14.0@sha256:5a94b561f4651fcfd85970a50bc78b201cfbd6e2ab1a03848eab25a82832653a: 3
`
	hubbleFlows = `Mar 29 22:11:59.762: default/testpod (ID:2615) <> basics/basicdeploy-65ff8695df-p58zr:80 (ID:9727) post-xlate-fwd TRANSLATED (TCP)
Mar 29 22:11:59.762: default/testpod:55722 (ID:2615) -> basics/basicdeploy-65ff8695df-p58zr:80 (ID:9727) to-overlay FORWARDED (TCP Flags: SYN)
Mar 29 22:12:06.887: default/testpod:55722 (ID:2615) -> basics/basicdeploy-65ff8695df-p58zr:80 (ID:9727) to-overlay FORWARDED (TCP Flags: SYN)
`
	curlGoogle = `HTTP/1.1 301 Moved Permanently
Location: http://www.google.com/
Content-Type: text/html; charset=UTF-8
Content-Security-Policy-Report-Only: object-src 'none';base-uri 'self';script-src 'nonce-sV5c5Sjw7ddtkiSm6Ojijg' 'strict-dynamic'
Date: Fri, 29 Mar 2024 22:50:49 GMT
Expires: Sun, 28 Apr 2024 22:50:49 GMT
Cache-Control: public, max-age=2592000
Server: gws
Content-Length: 219
`
)

func TestOutput(t *testing.T) {
	tests := []struct {
		name        string
		expected    string
		actual      func(t *testing.T) string
		ok          bool
		wantMessage string // checked when not empty
	}{
		{name: "nodes identical", expected: getNodes, ok: true,
			actual: func(t *testing.T) string { return getNodes }},
		{name: "nodes spacing, age and blank lines", expected: getNodes, ok: true,
			actual: func(t *testing.T) string {
				return "\n\n" + fixture.Edit(t, strings.TrimSpace(getNodes), "   Ready      agent   20m", " Ready agent 2d4h", "19m", "5s") + "\n\n"
			}},
		{name: "node not ready", expected: getNodes,
			actual: func(t *testing.T) string {
				return fixture.Edit(t, getNodes, "vmss000001   Ready   ", "vmss000001   NotReady")
			},
			wantMessage: `line 4: expected "... Ready ...", got "... NotReady ..."`},
		{name: "node missing", expected: getNodes,
			actual: func(t *testing.T) string {
				return fixture.Edit(t, getNodes, "aks-nodepool1-30325416-vmss000002   Ready      agent   19m   v1.28.5\n", "")
			},
			wantMessage: `expected 4 lines, got 3: line 5 missing: "aks-nodepool1-30325416-vmss000002 Ready agent <AGE> v1.28.5"`},
		{name: "no output", expected: getNodes,
			actual:      func(t *testing.T) string { return "\n" },
			wantMessage: "expected 4 lines, got no output"},
		{name: "get all with new hashes, ips, nodeport and ages", expected: getAll, ok: true,
			actual: func(t *testing.T) string {
				return fixture.Edit(t, getAll, "65ff8695df", "7c9d8f6b54", "p58zr", "zq4wx", "10.0.189.143", "10.0.12.7",
					"172.171.45.48", "20.81.3.199", "30316", "31877", "19h", "42s", "20h", "3m12s")
			}},
		{name: "get all pod crashing", expected: getAll,
			actual: func(t *testing.T) string {
				return fixture.Edit(t, getAll, "1/1     Running   0  ", "0/1     CrashLoopBackOff   5 (2m ago)")
			},
			wantMessage: `line 2: expected "... 1/1 Running 0 ...", got "... 0/1 CrashLoopBackOff 5 (<AGE> ago) ..."`},
		{name: "cilium status in colour", expected: ciliumStatus, ok: true,
			actual: func(t *testing.T) string {
				return fixture.Edit(t, ciliumStatus, "OK\n", "\x1b[32mOK\x1b[0m\n", "5a94b561f4651fcfd85970a50bc78b201cfbd6e2ab1a03848eab25a82832653a",
					"1c876cfa1d5e35bc91e1025c9314f922041592a88b03313c22c1f97a5d2ba88f")
			}},
		{name: "cilium status error", expected: ciliumStatus,
			actual: func(t *testing.T) string {
				return fixture.Edit(t, ciliumStatus, "Operator:           OK", "Operator:           1 errors")
			},
			wantMessage: `line 3: expected " \\__/¯¯\\__/ Operator: OK", got " \\__/¯¯\\__/ Operator: 1 errors"`},
		{name: "cilium status degraded daemonset", expected: ciliumStatus,
			actual:      func(t *testing.T) string { return fixture.Edit(t, ciliumStatus, "Ready: 3/3", "Ready: 2/3") },
			wantMessage: `line 9: expected "... 3/3, ...", got "... 2/3, ..."`},
		{name: "hubble flows later, other ports and identities", expected: hubbleFlows, ok: true,
			actual: func(t *testing.T) string {
				return fixture.Edit(t, hubbleFlows, "Mar 29 22:11:59.762", "Nov 26 01:31:15.002", "Mar 29 22:12:06.887", "Nov 26 01:31:22.419",
					"55722", "41890", "ID:2615", "ID:40112", "ID:9727", "ID:118", "65ff8695df-p58zr", "7c9d8f6b54-zq4wx")
			}},
		{name: "hubble flow dropped", expected: hubbleFlows,
			actual: func(t *testing.T) string {
				return fixture.Edit(t, hubbleFlows, "(ID:9727) to-overlay FORWARDED (TCP Flags: SYN)\nMar 29 22:12:06",
					"(ID:9727) Policy denied DROPPED (TCP Flags: SYN)\nMar 29 22:12:06")
			},
			wantMessage: `line 2: expected "... to-overlay FORWARDED ...", got "... Policy denied DROPPED ..."`},
		{name: "curl later request", expected: curlGoogle, ok: true,
			actual: func(t *testing.T) string {
				return fixture.Edit(t, curlGoogle, "Fri, 29 Mar 2024 22:50:49", "Thu, 26 Nov 2026 01:31:15",
					"Sun, 28 Apr 2024 22:50:49", "Sat, 26 Dec 2026 01:31:15", "sV5c5Sjw7ddtkiSm6Ojijg", "Q2xpZW50Tm9uY2U9MTIzNA")
			}},
		{name: "curl 200 instead of 301", expected: curlGoogle,
			actual: func(t *testing.T) string {
				return fixture.Edit(t, curlGoogle, "HTTP/1.1 301 Moved Permanently\nLocation: http://www.google.com/\n", "HTTP/1.1 200 OK\n")
			},
			wantMessage: `expected 9 lines, got 8: line 1: expected "HTTP/1.1 301 Moved Permanently", got "HTTP/1.1 200 OK"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Output(tt.expected, tt.actual(t))
			if got, want := r.OK, tt.ok; got != want {
				t.Fatalf("OK = %v, want %v; message %q\n%s", got, want, r.Message, r.Diff)
			}
			if tt.ok {
				if r.Diff != "" {
					t.Errorf("Diff = %q for a match", r.Diff)
				}
				return
			}
			if r.Diff == "" {
				t.Errorf("no Diff for a mismatch")
			}
			if tt.wantMessage != "" {
				if got, want := r.Message, tt.wantMessage; got != want {
					t.Errorf("Message\n got %q\nwant %q", got, want)
				}
			}
		})
	}
}

func TestOutputWildcards(t *testing.T) {
	actual := "NAME READY\nweb-1 1/1\nweb-2 1/1\nweb-3 0/1\ndb-1 1/1\n"
	tests := []struct {
		name, expected string
		ok             bool
		wantMessage    string
	}{
		{"head and tail", "NAME READY\n...\ndb-1 1/1", true, ""},
		{"zero lines", "NAME READY\n...\nweb-1 1/1\n...\ndb-1 1/1", true, ""},
		{"only a wildcard", "...", true, ""},
		{"middle anywhere", "...\nweb-2 1/1\n...", true, ""},
		{"several middles in order", "...\nweb-1 1/1\n...\nweb-3 0/1\n...", true, ""},
		{"middles out of order", "...\nweb-3 0/1\n...\nweb-1 1/1\n...", false,
			`line 4: no match for "web-1 1/1" after output line 4`},
		{"middle missing", "...\nweb-3 1/1\n...", false, `line 2: no match for "web-3 1/1"`},
		{"head differs", "NAME STATUS\n...", false, `line 1: expected "NAME STATUS", got "NAME READY"`},
		{"tail differs", "NAME READY\n...\ndb-1 0/1", false, `line 3: expected "db-1 0/1", got "db-1 1/1" at output line 5`},
		{"tail too long", "NAME READY\n...\na\nb\nc\nd\ne", false,
			"line 3: expected 5 lines at the end of output after output line 1, got 4"},
		{"tail needs the end", "NAME READY\n...\nweb-3 0/1", false,
			`line 3: expected "web-3 0/1", got "db-1 1/1" at output line 5`},
		{"head longer than output", "NAME READY\nweb-1 1/1\nweb-2 1/1\nweb-3 0/1\ndb-1 1/1\nx\n...", false,
			`line 6: expected "x", got end of output`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Output(tt.expected, actual)
			if got, want := r.OK, tt.ok; got != want {
				t.Fatalf("OK = %v, want %v; message %q", got, want, r.Message)
			}
			if got, want := r.Message, tt.wantMessage; !tt.ok && got != want {
				t.Errorf("Message\n got %q\nwant %q", got, want)
			}
			if !tt.ok && r.Diff == "" {
				t.Errorf("no Diff for a mismatch")
			}
		})
	}
}

// TestOutputWildcardDiff: lines a wildcard matched show as context, not as
// changes.
func TestOutputWildcardDiff(t *testing.T) {
	r := Output("NAME READY\n...\ndb-1 0/1\n", "NAME READY\nweb-1 1/1\nweb-2 1/1\ndb-1 1/1\n")
	want := `--- expected
+++ actual
@@ -1,4 +1,4 @@
 NAME READY
 web-1 1/1
 web-2 1/1
-db-1 0/1
+db-1 1/1
`
	if got := r.Diff; got != want {
		t.Errorf("Diff\n%s\nwant\n%s", got, want)
	}
}
