package plan

import (
	"bytes"
	"strings"
	"testing"

	"github.com/tutor-run/tutor/engine/model"
)

// TestChartsShown checks that the plan says which block was read as a
// chart's values and which version the post names, in text and JSON, and
// says nothing of charts for a post that shows none.
func TestChartsShown(t *testing.T) {
	tu := &model.Tutorial{File: "post.md",
		ChartValues:   []model.ChartValues{{Chart: "cilium", Pos: model.Pos{Line: 12}, Values: model.Values{Pos: model.Pos{Line: 13}}}},
		ChartVersions: []model.ChartVersion{{Chart: "cilium", Version: "1.14.0", From: model.VersionFromStatus, Pos: model.Pos{Line: 40}}},
	}
	var b bytes.Buffer
	if err := WriteText(&b, tu); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"Chart values: the block at line 12 is read as the cilium chart's values\n",
		"Chart version: the post names cilium 1.14.0 (cilium status at line 40)\n",
	} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("plan lacks %q:\n%s", want, b.String())
		}
	}
	j := ToJSON(tu)
	if got := j.ChartValues; len(got) != 1 || got[0] != (ChartValuesJSON{Chart: "cilium", Line: 12}) {
		t.Errorf("JSON chartValues %+v", got)
	}
	if got := j.ChartVersion; got == nil || *got != (ChartVersionJSON{Chart: "cilium", Version: "1.14.0", From: "cilium status", Line: 40}) {
		t.Errorf("JSON chartVersion %+v", got)
	}

	b.Reset()
	if err := WriteText(&b, &model.Tutorial{File: "plain.md"}); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(b.String(), "Chart") {
		t.Errorf("a post without charts:\n%s", b.String())
	}
}
