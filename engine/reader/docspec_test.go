package reader

import (
	"slices"
	"strings"
	"testing"

	"github.com/tutor-run/tutor/engine/goldentest"
	"github.com/tutor-run/tutor/engine/model"
)

// TestDocSpecifiesDirectives checks engine/doc.go, which specifies the
// directive language, against the verbs table: its list of verbs holds
// exactly the grammar of every verb and form, every directive it shows
// parses, and it shows an example of every verb and form.
func TestDocSpecifiesDirectives(t *testing.T) {
	src := goldentest.ReadFile(t, "../doc.go")
	doc := string(src)

	var grammars []string
	for _, v := range verbs {
		grammars = append(grammars, v.grammar...)
	}
	entries := verbEntries(t, doc)
	for _, g := range grammars {
		if !slices.Contains(entries, g) {
			t.Errorf("engine/doc.go does not list %q among the verbs", g)
		}
	}
	for _, e := range entries {
		if !slices.Contains(grammars, e) {
			t.Errorf("engine/doc.go lists %q, which is not the grammar of a verb or form of the verbs table", e)
		}
	}

	shown := map[string]bool{}
	for _, m := range directiveComment.FindAllStringSubmatchIndex(doc, -1) {
		line := 1 + strings.Count(doc[:m[0]], "\n")
		ds, errs := parseDirectives(doc[m[2]:m[3]], line)
		for _, e := range errs {
			t.Errorf("engine/doc.go:%d: %s", e.line, e.msg)
		}
		for _, d := range ds {
			shown[formOf(d)] = true
		}
	}
	for _, f := range allForms() {
		if !shown[f] {
			t.Errorf("engine/doc.go shows no example of %s", f)
		}
	}
}

// verbEntries returns the entries of the list of verbs in doc, the lines
// after "The verbs, sorted:" that are indented by a tab alone, each
// joined with the lines indented further than its description (4 spaces
// after the tab) that continue it, and with spaces collapsed.
func verbEntries(t *testing.T, doc string) []string {
	_, list, ok := strings.Cut(doc, "The verbs, sorted:\n")
	if !ok {
		t.Fatal(`engine/doc.go has no "The verbs, sorted:"`)
	}
	var entries []string
	for _, l := range strings.Split(list, "\n") {
		if l != "" && !strings.HasPrefix(l, "\t") {
			break // the end of the list
		}
		body := strings.TrimPrefix(l, "\t")
		indent := len(body) - len(strings.TrimLeft(body, " "))
		switch {
		case strings.TrimSpace(l) == "":
		case indent == 0:
			entries = append(entries, strings.TrimSpace(l))
		case indent > 4 && len(entries) > 0:
			entries[len(entries)-1] += " " + strings.TrimSpace(l)
		}
	}
	for i, e := range entries {
		entries[i] = strings.Join(strings.Fields(e), " ")
	}
	return entries
}

// allForms names every verb and, for expect, every form: "background",
// "expect exit", "expect nodes".
func allForms() []string {
	var forms []string
	for _, v := range verbs {
		switch {
		case v.when != nil:
			for _, f := range model.ClaimForms {
				forms = append(forms, "expect "+f.Words[0])
			}
		case v.name == "expect":
			for _, f := range expectForms {
				forms = append(forms, "expect "+f.words[0])
			}
		default:
			forms = append(forms, v.name)
		}
	}
	return forms
}

// formOf names the verb or form of a parsed directive as allForms does.
func formOf(d directive) string {
	switch {
	case d.spec.when != nil:
		for _, f := range model.ClaimForms {
			if slices.Contains(f.Words, strings.ToLower(d.args[0])) {
				return "expect " + f.Words[0]
			}
		}
	case d.spec.name == "expect":
		for _, f := range expectForms {
			if slices.Contains(f.words, d.args[0]) {
				return "expect " + f.words[0]
			}
		}
	}
	return d.spec.name
}
