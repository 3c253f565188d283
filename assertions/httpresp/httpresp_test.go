package httpresp

import (
	"strings"
	"testing"

	"github.com/tutor-run/tutor/assertions/internal/fixture"
)

// Outputs of the seed post (aks-cilium-101): `k exec ... -- curl -i -X GET
// http://google.com` and the same for github.com, blocked by a policy.
const (
	google = `  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current
                                 Dload  Upload   Total   Spent    Left  Speed
100   219  100   219    0     0   5456      0 --:--:-- --:--:-- --:--:--  5475
HTTP/1.1 301 Moved Permanently
Location: http://www.google.com/
Content-Type: text/html; charset=UTF-8
Content-Security-Policy-Report-Only: object-src 'none';base-uri 'self';script-src 'nonce-sV5c5Sjw7ddtkiSm6Ojijg' 'strict-dynamic' 'report-sample' 'unsafe-eval' 'unsafe-inline' https: http:;report-uri https://csp.withgoogle.com/csp/gws/other-hp
Date: Fri, 29 Mar 2024 22:50:49 GMT
Expires: Sun, 28 Apr 2024 22:50:49 GMT
Cache-Control: public, max-age=2592000
Server: gws
Content-Length: 219
X-XSS-Protection: 0
X-Frame-Options: SAMEORIGIN

<HTML><HEAD><meta http-equiv="content-type" content="text/html;charset=utf-8">
<TITLE>301 Moved</TITLE></HEAD><BODY>
<H1>301 Moved</H1>
The document has moved
<A HREF="http://www.google.com/">here</A>.
</BODY></HTML>
`
	github = `  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current
                                 Dload  Upload   Total   Spent    Left  Speed
  0     0    0     0    0     0      0      0 --:--:--  0:00:08 --:--:--     0
`
)

func TestParse(t *testing.T) {
	fixture.CheckParse(t, Parse, Facts, []fixture.ParseCase{
		{Name: "seed google", Text: google, Want: "HTTP/1.1 301 Moved Permanently\nLocation: http://www.google.com/\nContent-Type: text/html\nbody <title>: 301 Moved\n"},
		{Name: "crlf and carriage-return meter", Text: "\r  0     0    0     0    0     0      0      0 --:--:-- --:--:-- --:--:--     0\r100    12  100    12    0     0    120      0 --:--:-- --:--:-- --:--:--   120\r\n" +
			"HTTP/2 200 \r\ncontent-type: application/json\r\nx-request-id: abc\r\n\r\n{\"ok\": true}\r\n",
			Want: "HTTP/2 200 OK\nContent-Type: application/json\nbody first line: {\"ok\": true}\n"},
		{Name: "redirects followed", Text: "HTTP/1.1 301 Moved Permanently\nLocation: https://example.com/\n\nHTTP/2 200\ncontent-type: text/html\n\n<title>Example Domain</title>\n",
			Want: "HTTP/1.1 301 Moved Permanently\nLocation: https://example.com/\nHTTP/2 200 OK\nContent-Type: text/html\nbody <title>: Example Domain\n"},
		{Name: "verbose", Text: "* Trying 10.0.0.1:80...\n* Connected\n> GET / HTTP/1.1\n> Host: web\n>\n< HTTP/1.1 403 Forbidden\n< content-type: text/plain\n< content-length: 15\n<\n{ [15 bytes data]\nAccess denied\n",
			Want: "HTTP/1.1 403 Forbidden\nContent-Type: text/plain\nbody first line: Access denied\n"},
		{Name: "head", Text: "HTTP/1.1 405 Method Not Allowed\nAllow: POST, get\nWWW-Authenticate: Basic realm=\"x\"\n",
			Want: "HTTP/1.1 405 Method Not Allowed\nWww-Authenticate: basic\nAllow: GET, POST\n"},
	})
	if _, err := Parse(github); err != ErrNoResponse {
		t.Errorf("github: %v", err)
	}
}

func TestCompare(t *testing.T) {
	for _, tt := range []struct {
		name, expected, actual string
		ok                     bool
		message                string
	}{
		{"same", google, google, true, "HTTP response matches"},
		{"volatile headers and nonces", google, fixture.Edit(t, google, "Fri, 29 Mar 2024 22:50:49", "Tue, 25 Nov 2026 10:01:02",
			"nonce-sV5c5Sjw7ddtkiSm6Ojijg", "nonce-QQQ", "Server: gws", "Server: gws/2.1", "charset=UTF-8", "charset=ISO-8859-1",
			"Content-Length: 219", "Content-Length: 220", "5456", "9999"), true, "HTTP response matches"},
		{"status", google, fixture.Edit(t, google, "HTTP/1.1 301 Moved Permanently", "HTTP/1.1 200 OK", "301 Moved</TITLE>", "Google</TITLE>"),
			false, `HTTP status: the post shows 301 Moved Permanently, the run got 200 OK; HTTP body: the post's <title> is "301 Moved", the run's is "Google"`},
		{"location", google, fixture.Edit(t, google, "Location: http://www.google.com/", "Location: https://www.google.com/"),
			false, `header Location: the post shows "http://www.google.com/", the run got "https://www.google.com/"`},
		{"missing header", google, fixture.Edit(t, google, "Location: http://www.google.com/\n", ""),
			false, `header Location: the post shows "http://www.google.com/", the run has none`},
		{"http2", google, fixture.Edit(t, google, "HTTP/1.1 301 Moved Permanently", "HTTP/2 301", "Content-Type:", "content-type:"),
			true, "HTTP response matches (HTTP/2, the post shows HTTP/1.1)"},
		{"no response", google, github, false, "HTTP status: the post shows 301 Moved Permanently, the run got no response"},
		{"blocked as in the post", github, "curl: (28) Connection timed out after 5001 milliseconds\n", true, "no response, as in the post"},
		{"not blocked", github, google, false, "HTTP status: the post shows no response (blocked), the run got 301 Moved Permanently"},
		{"redirect chain", "HTTP/1.1 301 Moved\nLocation: /a\n\nHTTP/1.1 200 OK\n", "HTTP/1.1 200 OK\n", false, "the post shows 2 responses (301, 200), the run got 1 response (200)"},
		{"body first line", "HTTP/1.1 200 OK\n\nHello from pod web-1 at 10.0.0.7\n", "HTTP/1.1 200 OK\n\nHello from pod web-1 at 10.244.1.9\n", true, "HTTP response matches"},
		{"plain output falls back", "hello\n", "bye\n", false, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := Compare(tt.expected, tt.actual)
			if r.OK != tt.ok || !strings.Contains(r.Message, tt.message) {
				t.Errorf("got %v %q\nwant %v %q", r.OK, r.Message, tt.ok, tt.message)
			}
			if !r.OK && r.Diff == "" {
				t.Errorf("no diff")
			}
		})
	}
}

func TestBlocked(t *testing.T) {
	for _, tt := range []struct {
		name     string
		output   string
		exit     int
		timedOut bool
		ok       bool
		message  string
	}{
		{"timed out", github, 28, false, true, "blocked: curl exited 28 (operation timed out), no response"},
		{"connect refused", "curl: (7) Failed to connect to github.com port 80\ncommand terminated with exit code 7\n", 7, false, true, "blocked: curl exited 7 (failed to connect), no response"},
		{"step timeout", github, -1, true, true, "blocked: no response before the step timed out"},
		{"answered", google, 0, false, false, "the request was not blocked: the run got 301 Moved Permanently"},
		{"answered then failed", google, 56, false, false, "the request was not blocked"},
		{"exit 0", "", 0, false, false, "the request was not blocked: curl exited 0"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := Blocked(tt.output, tt.exit, tt.timedOut)
			if r.OK != tt.ok || !strings.Contains(r.Message, tt.message) {
				t.Errorf("got %v %q\nwant %v %q", r.OK, r.Message, tt.ok, tt.message)
			}
		})
	}
}

func TestExpectsBlocked(t *testing.T) {
	for _, tt := range []struct {
		name, text string
		want       bool
	}{
		{"seed github", github, true},
		{"seed google", google, false},
		{"curl error", "curl: (6) Could not resolve host: github.com\n", true},
		{"no time yet", strings.Replace(github, "0:00:08", "--:--:--", 1), false},
		{"received bytes", "100   219  100   219    0     0   5456      0 --:--:--  0:00:01 --:--:--  5475\n", false},
		{"empty", "", false},
	} {
		if got := ExpectsBlocked(tt.text); got != tt.want {
			t.Errorf("%s: got %v", tt.name, got)
		}
	}
}

func TestIsCurl(t *testing.T) {
	aliases := map[string]string{"k": "kubectl"}
	fixture.CheckCommands(t, "IsCurl", IsCurl, aliases, map[string]bool{
		"k exec -n basics basicdeploy-65ff8695df-p58zr -- curl -i -X GET http://google.com": true,
		"k exec testpod -- curl -i -X GET http://172.171.45.48":                             true,
		"kubectl exec -it testpod -c curl -- curl -sI http://web":                           true,
		"curl --include https://example.com":                                                true,
		"curl --head https://example.com":                                                   true,
		"curl -v https://example.com":                                                       true,
		"curl -sSiL https://example.com":                                                    true,
		"curl -XGET -i http://x":                                                            true,
		"curl -H 'X-Mode: i' http://x":                                                      false,
		"curl -i -o /tmp/out http://x":                                                      false,
		"curl -io- http://x":                                                                true,
		"curl -O -i http://x/file":                                                          false,
		"curl http://x":                                                                     false,
		"curl -i http://x | head":                                                           false,
		"k exec testpod curl -i http://x":                                                   false,
		"k logs testpod -- curl -i":                                                         false,
		"wget -S http://x":                                                                  false,
	})
}

func BenchmarkCompareCurl(b *testing.B) {
	live := fixture.Edit(b, google, "Fri, 29 Mar 2024 22:50:49", "Tue, 25 Nov 2026 10:01:02", "nonce-sV5c5Sjw7ddtkiSm6Ojijg", "nonce-QQQ")
	for b.Loop() {
		if r := Compare(google, live); !r.OK {
			b.Fatal(r.Message)
		}
	}
}
