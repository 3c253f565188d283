package learn

import (
	"strconv"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"

	"github.com/tutor-run/tutor/engine/goldentest"
)

// TestRenderGolden renders input.md of each testdata/render/*.txtar at the
// width its comment names ("width 40") and compares the result without
// colour (want) and with colour (want-color, ESC written as ␛).
func TestRenderGolden(t *testing.T) {
	goldentest.Run(t, "testdata/render/*.txtar", func(t *testing.T, f string, ar *txtar.Archive) {
		width, err := strconv.Atoi(strings.TrimSpace(strings.TrimPrefix(string(ar.Comment), "width")))
		if err != nil {
			t.Fatalf("%s: the comment must be \"width N\": %v", f, err)
		}
		input := goldentest.Section(ar, "input.md")
		goldentest.Check(t, f, ar, map[string]string{
			"want":       Render(input, width, false),
			"want-color": strings.ReplaceAll(Render(input, width, true), "\x1b", "␛"),
		})
	})
}

func TestRenderInline(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"entity hex", "I laughed &#x1F606;", "I laughed 😆\n"},
		{"entity decimal and named", "&#128512; &amp; &lt;b&gt; &mdash;", "😀 & <b> —\n"},
		{"escaped entity", `\&amp; stays`, "&amp; stays\n"},
		{"link", "see [the docs](https://x.io/d)", "see the docs (https://x.io/d)\n"},
		{"link to itself", "[https://x.io](https://x.io)", "https://x.io\n"},
		{"autolink", "go to <https://x.io>", "go to https://x.io\n"},
		{"unknown reference", "[not a link] stays", "[not a link] stays\n"},
		{"image", "![a diagram](d.png)", "a diagram (d.png)\n"},
		{"code", "run `k get no`", "run `k get no`\n"},
		{"code with backticks", "``a ` b``", "`a ` b`\n"},
		{"emphasis", "*one* **two** _three_ __four__ ~~five~~", "one two three four five\n"},
		{"not emphasis", "snake_case_name 2 * 3 * 4 a*b", "snake_case_name 2 * 3 * 4 a*b\n"},
		{"escapes", `\*not em\* and \[x\]`, "*not em* and [x]\n"},
		{"comment", "before <!-- tutor: skip --> after", "before after\n"},
		{"html tags", "<details><summary>More</summary>text</details>", "Moretext\n"},
		{"placeholder kept", "kubectl logs <pod-name>", "kubectl logs <pod-name>\n"},
		{"br", "one<br>two", "one\ntwo\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Render(tt.in, 80, false); got != tt.want {
				t.Errorf("Render(%q)\n got %q\nwant %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestRenderWrapsToWidth(t *testing.T) {
	in := strings.Repeat("word ", 50) + "\n\n- " + strings.Repeat("item ", 30)
	for _, width := range []int{30, 60, 100} {
		for _, line := range strings.Split(strings.TrimRight(Render(in, width, true), "\n"), "\n") {
			if w := visibleWidth(line); w > width {
				t.Errorf("width %d: line of %d columns: %q", width, w, line)
			}
		}
	}
}
