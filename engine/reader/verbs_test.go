package reader

import (
	"slices"
	"strings"
	"testing"
)

// TestVerbsTable checks that every row of the verbs table says what it
// takes and does, and can act: a verb read where it stands has a read
// function, one queued for the next block is applied there or changes how
// the block is read.
func TestVerbsTable(t *testing.T) {
	names := make([]string, len(verbs))
	for i, v := range verbs {
		names[i] = v.name
		if len(v.grammar) == 0 || v.doc == "" {
			t.Errorf("%s: no grammar or no doc", v.name)
		}
		for _, g := range v.grammar {
			if !strings.HasPrefix(g, v.name) {
				t.Errorf("%s: grammar %q does not start with the verb", v.name, g)
			}
		}
		if v.read == nil && v.scope != nextBlock {
			t.Errorf("%s: applies to its section or where it stands, but has no read function", v.name)
		}
		if v.read != nil && v.apply != nil {
			t.Errorf("%s: both read and apply: apply would never run", v.name)
		}
		if v.read == nil && v.apply == nil && v.name != "run" && v.name != "values" {
			t.Errorf("%s: neither read nor apply", v.name)
		}
		if v.when != nil && (i+1 == len(verbs) || verbs[i+1].name != v.name) {
			t.Errorf("%s: a row picked by its arguments must come before its verb's other row", v.name)
		}
	}
	if !slices.IsSorted(names) {
		t.Errorf("verbs are not sorted by name: %q", names)
	}
	for _, f := range expectForms {
		if !strings.Contains(knownExpectations, f.words[0]) {
			t.Errorf("expect %s is missing from the list an unknown expectation shows", f.words[0])
		}
	}
}
