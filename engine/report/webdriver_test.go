package report

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"testing"
	"time"
)

// session is a WebDriver session with headless Chromium: the few W3C
// WebDriver commands the browser test needs. A failed command fails the
// test.
type session struct {
	t      *testing.T
	url    string // the driver's address and /session/{id}
	client *http.Client
}

// chromiumArgs start Chromium headless on a machine without network:
// without the background-networking flags it keeps trying Google's hosts.
var chromiumArgs = []string{
	"--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
	"--disable-background-networking", "--disable-component-update", "--disable-sync",
	"--disable-quic", "--disable-default-apps", "--disable-extensions", "--no-first-run",
	"--force-color-profile=srgb", "--hide-scrollbars", "--window-size=1280,2400",
}

// startSession starts ChromeDriver and a Chromium session whose profile
// lives in dir; both end with the test.
func startSession(t *testing.T, dir string) *session {
	t.Helper()
	base := startDriver(t)
	s := &session{t: t, url: base, client: &http.Client{Timeout: 30 * time.Second}}
	args := append(chromiumArgs[:len(chromiumArgs):len(chromiumArgs)], "--user-data-dir="+dir+"/profile")
	caps := map[string]any{"capabilities": map[string]any{"alwaysMatch": map[string]any{
		"browserName":        "chrome",
		"goog:chromeOptions": map[string]any{"binary": chromiumPath, "args": args},
	}}}
	var created struct {
		SessionID string `json:"sessionId"`
	}
	s.decode(s.call(http.MethodPost, "/session", caps), &created)
	s.url = base + "/session/" + created.SessionID
	t.Cleanup(func() { s.call(http.MethodDelete, "", nil) })
	return s
}

// call sends one WebDriver command and returns its "value".
func (s *session) call(method, path string, body any) json.RawMessage {
	s.t.Helper()
	var in io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			s.t.Fatal(err)
		}
		in = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, s.url+path, in)
	if err != nil {
		s.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := s.client.Do(req)
	if err != nil {
		s.t.Fatalf("webdriver %s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	var out struct {
		Value json.RawMessage `json:"value"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		s.t.Fatalf("webdriver %s %s: %v", method, path, err)
	}
	if resp.StatusCode != http.StatusOK {
		s.t.Fatalf("webdriver %s %s: %s: %.500s", method, path, resp.Status, out.Value)
	}
	return out.Value
}

// decode unmarshals a command's value into v.
func (s *session) decode(raw json.RawMessage, v any) {
	s.t.Helper()
	if err := json.Unmarshal(raw, v); err != nil {
		s.t.Fatalf("webdriver answer %.200s: %v", raw, err)
	}
}

// open navigates to url and waits for the page to load.
func (s *session) open(url string) {
	s.t.Helper()
	s.call(http.MethodPost, "/url", map[string]string{"url": url})
}

// find returns the id of the first element matching a CSS selector.
func (s *session) find(selector string) string {
	s.t.Helper()
	var el map[string]string
	s.decode(s.call(http.MethodPost, "/element", map[string]string{"using": "css selector", "value": selector}), &el)
	if el[elementKey] == "" {
		s.t.Fatalf("no element for %q", selector)
	}
	return el[elementKey]
}

// displayed reports whether WebDriver considers the element visible.
func (s *session) displayed(id string) bool {
	s.t.Helper()
	var shown bool
	s.decode(s.call(http.MethodGet, "/element/"+id+"/displayed", nil), &shown)
	return shown
}

// text is the element's rendered text.
func (s *session) text(id string) string {
	s.t.Helper()
	var text string
	s.decode(s.call(http.MethodGet, "/element/"+id+"/text", nil), &text)
	return text
}

// script runs JavaScript in the page and returns its result as JSON.
func (s *session) script(js string) json.RawMessage {
	s.t.Helper()
	return s.call(http.MethodPost, "/execute/sync", map[string]any{"script": js, "args": []any{}})
}

// screenshot is a PNG of the viewport.
func (s *session) screenshot() []byte {
	s.t.Helper()
	var b64 string
	s.decode(s.call(http.MethodGet, "/screenshot", nil), &b64)
	png, err := base64.StdEncoding.DecodeString(b64)
	if err != nil {
		s.t.Fatal(fmt.Errorf("screenshot: %w", err))
	}
	return png
}
