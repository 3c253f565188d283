package report

import (
	"bytes"
	"io"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/tutor-run/tutor/engine/result"
)

// htmlFixture is fixtureRun with what only the HTML report shows in full:
// a step run with live names bound, the objects applied and more tools.
func htmlFixture() *result.Run {
	run := fixtureRun()
	install := run.Sections[1]
	install.Steps = append(install.Steps, &result.Step{
		Step:   shellStep(45, "kubectl -n kube-system logs cilium-operator-6c9f8d7b5d-2xkqp --tail=1"),
		Status: result.Passed, Attempts: 1, Duration: 400 * time.Millisecond,
		Output:        "level=info msg=\"Leader election won\"\n",
		Command:       "kubectl -n kube-system logs cilium-operator-7d4b9c6f8-q9zlm --tail=1",
		Substitutions: []string{"cilium-operator-6c9f8d7b5d-2xkqp -> cilium-operator-7d4b9c6f8-q9zlm"},
	})
	run.Tools["kubectl"] = "v1.29.2"
	run.Tools["helm"] = "v3.14.4"
	run.Tools["kubernetes server"] = "v1.29.2"
	run.Tools["chart cilium/cilium"] = "1.15.4"
	run.Applied = []string{"namespace demo", "deployment demo/web", "service demo/web"}
	return run
}

func TestHTMLGolden(t *testing.T) {
	checkGolden(t, "run.html", func(w io.Writer) error { return WriteHTML(w, htmlFixture()) })
}

// external matches anything in a page that could make a browser fetch:
// attributes that load, CSS urls and imports, and scheme-relative or
// absolute addresses.
var external = regexp.MustCompile(`(?i)\ssrc=|<link|<script|<iframe|<object|<embed|url\(|@import|https?:|//[a-z0-9]`)

func TestHTMLLoadsNothing(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteHTML(&buf, htmlFixture()); err != nil {
		t.Fatal(err)
	}
	if m := external.Find(buf.Bytes()); m != nil {
		t.Errorf("page holds %q, which could load something", m)
	}
}

func TestHTMLEscapes(t *testing.T) {
	hostile := "<script>alert(1)</script></pre></details><img src=x onerror=alert(2)>\n" +
		"\x1b[31mred\x1b[0m \x1b]8;;http://evil.test\x07link\x1b]8;;\x07 bad \xff\xfe bytes \x00\x07 & \"quoted\" 'single'\n" +
		"progress 10%\rprogress 100%\n"
	run := fixtureRun()
	run.Tutorial.Title = "<b>title</b>"
	run.Tools["<i>tool</i>"] = `"><script>alert(3)</script>`
	run.Applied = []string{"</li><script>alert(4)</script>"}
	sec := run.Sections[2]
	sec.Section.Title = hostile
	sec.Reason = hostile
	st := sec.Steps[1]
	st.Output, st.Command, st.Substitutions = hostile, hostile, []string{hostile}
	st.Failure.Message, st.Failure.Diff = hostile, "-"+hostile+"+"+hostile
	st.Step.Command = hostile

	var buf bytes.Buffer
	if err := WriteHTML(&buf, run); err != nil {
		t.Fatal(err)
	}
	page := buf.String()
	for _, bad := range []string{"<script", "<img", "<b>", "<i>", "</pre></details>", "\x1b", "\x00", "\x07", "\r", "evil.test", "progress 10%"} {
		if strings.Contains(page, bad) {
			t.Errorf("page holds %q", bad)
		}
	}
	if !utf8.ValidString(page) {
		t.Error("page is not valid UTF-8")
	}
	for _, want := range []string{
		"&lt;script&gt;alert(1)&lt;/script&gt;&lt;/pre&gt;&lt;/details&gt;",
		"red link bad \uFFFD bytes",
		"progress 100%",
		`<span class="d-del">-&lt;script&gt;`,
		`<span class="d-add">&#43;&lt;script&gt;`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	if got, want := strings.Count(page, "<pre"), strings.Count(page, "</pre>"); got != want {
		t.Errorf("%d <pre> against %d </pre>", got, want)
	}
}

func TestPlainText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain\n", "plain"},
		{"a\r\nb\r\n", "a\nb"},
		{"[1/3]\r[2/3]\r[3/3]\nnext", "[3/3]\nnext"},
		{"\x1b[1;32mok\x1b[0m", "ok"},
		{"nul\x00 bell\x07 del\x7f", "nul bell del"},
		{"bad \xff", "bad \uFFFD"},
		{"tab\tkept", "tab\tkept"},
	}
	for _, tt := range tests {
		if got := plainText(tt.in); got != tt.want {
			t.Errorf("plainText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestTimeline(t *testing.T) {
	run := &result.Run{Duration: 10 * time.Second, Sections: []*result.Section{
		{Status: result.Passed, Duration: 2 * time.Second},
		{Status: result.Failed, Duration: 8 * time.Second},
		{Status: result.Blocked},
	}}
	want := []string{"left:0.00%;width:20.00%", "left:20.00%;width:80.00%", "left:100.00%;width:0.00%"}
	bars := timeline(run)
	if len(bars) != len(want) {
		t.Fatalf("%d bars, want %d", len(bars), len(want))
	}
	for i, bar := range bars {
		if got := string(bar.Style); got != want[i] {
			t.Errorf("bar %d: style %q, want %q", i, got, want[i])
		}
	}
	if got := timeline(&result.Run{Sections: []*result.Section{{Status: result.Skipped}}}); string(got[0].Style) != "left:0.00%;width:0.00%" {
		t.Errorf("empty run: style %q", got[0].Style)
	}
}
