package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"image"
	"image/png"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tutor-run/tutor/engine/result"
)

// The browser test drives Debian's Chromium through ChromeDriver's W3C
// WebDriver HTTP API, with nothing but net/http and encoding/json.
const (
	chromiumPath     = "/usr/bin/chromium"
	chromedriverPath = "/usr/bin/chromedriver"
	// elementKey is the W3C name of an element reference in JSON.
	elementKey = "element-6066-11e4-a52e-4f735466cecf"
)

// TestHTMLInBrowser opens the HTML report of the fixture from disk in
// headless Chromium and checks what a reader would see: the failed
// section's diff shown, unfolded, coloured, passed output folded, and not
// one resource fetched. A page of hostile output must run no script.
// Set TUTOR_SCREENSHOT=file.png to keep the screenshot.
func TestHTMLInBrowser(t *testing.T) {
	requireBrowser(t)
	dir := t.TempDir()
	page := writePage(t, filepath.Join(dir, "run.html"), htmlFixture())
	s := startSession(t, dir)

	s.open(page)
	diff := s.find("#section-2 .step.failed pre.diff")
	if !s.displayed(diff) {
		t.Error("the failed step's diff is not displayed")
	}
	text := s.text(diff)
	for _, want := range []string{
		"-cilium-x7k2p   1/1     Running            0",
		"+cilium-x7k2p   0/1     CrashLoopBackOff   4",
		"@@ -1,2 +1,3 @@",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("diff text lacks %q; it reads:\n%s", want, text)
		}
	}
	if !s.displayed(s.find("#section-2 .step.failed pre.out")) {
		t.Error("the failed step's output is folded")
	}
	if s.displayed(s.find("#section-0 .step.passed pre.out")) {
		t.Error("a passed step's output is unfolded")
	}
	colors := s.script(`return ['d-del', 'd-add', 'd-ctx'].map(c =>
		getComputedStyle(document.querySelector('#section-2 pre.diff .' + c)).color)`)
	var del, add, ctx string
	if err := decodeList(colors, &del, &add, &ctx); err != nil {
		t.Fatal(err)
	}
	if del == add || del == ctx || add == ctx {
		t.Errorf("diff lines share a colour: removed %s, added %s, context %s", del, add, ctx)
	}
	// Resource timing misses some loads (file: ones the page's CSP lets
	// through), so count what could load as well: elements that load and
	// urls or imports in the inline styles (linked sheets are elements).
	if got := string(s.script(`return [
		performance.getEntriesByType('resource').length,
		document.querySelectorAll('link, script, img, iframe, object, embed, video, audio, source, [src]').length,
		[...document.styleSheets].filter(s => !s.href).flatMap(s => [...s.cssRules]).filter(r => /url\(|@import/.test(r.cssText)).length]`)); got != "[0,0,0]" {
		t.Errorf("[resources fetched, loading elements, CSS urls] = %s, want [0,0,0]", got)
	}
	if got := string(s.script(`return document.querySelector('.timeline .errored .bar').getBoundingClientRect().width > 
		10 * document.querySelector('.timeline .failed .bar').getBoundingClientRect().width`)); got != "true" {
		t.Error("the timeline's bars are not proportional to the sections' durations")
	}
	checkScreenshot(t, s.screenshot())

	hostile := fixtureRun()
	hostile.Sections[2].Steps[1].Output = "<script>document.title='pwned'</script></pre><img src=x onerror=\"document.title='pwned'\">\n\x1b[31mred\x1b[0m \xff\n"
	hostile.Sections[2].Steps[1].Failure.Diff = "-</pre><script>alert(1)</script>\n+ok\n"
	s.open(writePage(t, filepath.Join(dir, "hostile.html"), hostile))
	// A script that ran alert() would leave a dialog open, and WebDriver
	// fails every later command with "unexpected alert open".
	if got := string(s.script(`return [document.title.includes('pwned'), document.querySelectorAll('script, img').length]`)); got != "[false,0]" {
		t.Errorf("hostile output became markup: [title pwned, scripts and images] = %s", got)
	}
	if text := s.text(s.find("#section-2 .step.failed pre.out")); !strings.Contains(text, "<script>document.title='pwned'</script></pre><img") {
		t.Errorf("hostile output is not shown as text; it reads:\n%s", text)
	}
}

// requireBrowser fails the test in CI when Chromium or ChromeDriver is
// missing, and skips it loudly elsewhere.
func requireBrowser(t *testing.T) {
	t.Helper()
	for _, bin := range []string{chromiumPath, chromedriverPath} {
		if _, err := os.Stat(bin); err == nil {
			continue
		}
		msg := fmt.Sprintf("%s is missing: the HTML report's browser test needs Debian's packages chromium and chromium-driver "+
			"(apt-get install -y chromium chromium-driver; .ci/run installs them)", bin)
		if os.Getenv("CI") == "true" {
			t.Fatal(msg)
		}
		t.Skip("SKIPPING BROWSER TEST: " + msg)
	}
}

// writePage writes the HTML report of run to path and returns its URL.
func writePage(t *testing.T, path string, run *result.Run) string {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteHTML(&buf, run); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return (&url.URL{Scheme: "file", Path: path}).String()
}

// checkScreenshot checks that a PNG shows a page rather than a blank or
// an error tab, and keeps it where TUTOR_SCREENSHOT says.
func checkScreenshot(t *testing.T, shot []byte) {
	t.Helper()
	if path := os.Getenv("TUTOR_SCREENSHOT"); path != "" {
		if err := os.WriteFile(path, shot, 0o644); err != nil {
			t.Error(err)
		}
	}
	img, err := png.Decode(bytes.NewReader(shot))
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	if b := img.Bounds(); b.Dx() < 800 || b.Dy() < 600 {
		t.Errorf("screenshot is %dx%d, want at least 800x600", b.Dx(), b.Dy())
	}
	if n := countColors(img, 64); n < 64 {
		t.Errorf("screenshot has %d colours; a rendered report has many", n)
	}
}

// countColors counts the distinct colours of img, stopping at limit.
func countColors(img image.Image, limit int) int {
	seen := map[[4]uint32]bool{}
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y += 2 {
		for x := b.Min.X; x < b.Max.X; x += 2 {
			r, g, bl, a := img.At(x, y).RGBA()
			seen[[4]uint32{r, g, bl, a}] = true
			if len(seen) >= limit {
				return len(seen)
			}
		}
	}
	return len(seen)
}

// decodeList decodes a JSON array into the given pointers, in order.
func decodeList(raw json.RawMessage, into ...any) error {
	var items []json.RawMessage
	if err := json.Unmarshal(raw, &items); err != nil {
		return err
	}
	if len(items) != len(into) {
		return fmt.Errorf("got %d values, want %d: %s", len(items), len(into), raw)
	}
	for i, item := range items {
		if err := json.Unmarshal(item, into[i]); err != nil {
			return err
		}
	}
	return nil
}

// freePort asks the kernel for a free loopback port.
func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// startDriver starts ChromeDriver and waits until it takes sessions; the
// process is killed when the test ends.
func startDriver(t *testing.T) string {
	t.Helper()
	port := freePort(t)
	var log bytes.Buffer
	cmd := exec.Command(chromedriverPath, fmt.Sprintf("--port=%d", port))
	cmd.Stdout, cmd.Stderr = &log, &log
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
		if t.Failed() {
			t.Logf("chromedriver said:\n%s", log.String())
		}
	})
	base := fmt.Sprintf("http://127.0.0.1:%d", port)
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if resp, err := http.Get(base + "/status"); err == nil {
			resp.Body.Close()
			return base
		}
	}
	t.Fatalf("chromedriver did not answer on %s within 10s", base)
	return ""
}
