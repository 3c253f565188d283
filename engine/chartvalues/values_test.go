package chartvalues

import (
	"errors"
	"reflect"
	"testing"
)

// ciliumSets is a Terraform helm_release block of Cilium values, written
// for these tests: entries split by commas or newlines, attributes on one
// line or several.
const ciliumSets = `{
  "s1" = { ParamName = "hubble.enabled", ParamValue = "true" },
  "s2" = {
    ParamName  = "ipam.mode"
    ParamValue = "kubernetes"
  }
  "s3" = { ParamName = "k8sServicePort" ParamValue = "6443" }
}`

// ciliumValues is what ciliumSets means as --set items.
var ciliumValues = map[string]any{
	"hubble":         map[string]any{"enabled": true},
	"ipam":           map[string]any{"mode": "kubernetes"},
	"k8sServicePort": int64(6443),
}

func TestParse(t *testing.T) {
	tests := []struct {
		name, text string
		want       map[string]any
	}{
		{"cilium sets, commas and newlines", ciliumSets, ciliumValues},
		{"one line, commas", `{ "set1" = { ParamName = "a.b" ParamValue = "x" }, set2 = { ParamName = "c", ParamValue = 2 } }`,
			map[string]any{"a": map[string]any{"b": "x"}, "c": int64(2)}},
		{"natural key order: set10 after set2", `{
  set10 = { ParamName = "k" ParamValue = "ten" }
  set2  = { ParamName = "k" ParamValue = "two" }
}`, map[string]any{"k": "ten"}},
		{"string type and comments", `{
  # a comment
  s = { ParamName = "v" ParamValue = "007" ParamType = "string" } // another
}`, map[string]any{"v": "007"}},
		{"terraform name/value", `{ a = { name = "x.y" value = "true" } }`, map[string]any{"x": map[string]any{"y": true}}},
		{"yaml", "hubble:\n  relay:\n    enabled: true\n", map[string]any{"hubble": map[string]any{"relay": map[string]any{"enabled": true}}}},
		{"yaml flow map", `{"a": 1}`, map[string]any{"a": float64(1)}},
		{"empty", "\n  \n", map[string]any{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Parse(tt.text)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got  %#v\nwant %#v", got, tt.want)
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name, text string
		line       int
		msg        string
	}{
		{"missing close", "{\n  a = { ParamName = \"x\" ParamValue = \"y\" }\n", 3, `values line 3: missing "}" at the end of the block`},
		{"missing equals", "{\n  a = {\n    ParamName \"x\"\n  }\n}", 3, `values line 3: want "=", got "x"`},
		{"unknown attribute", "{\n  a = {\n    ParamName = \"x\"\n    Paramvalu = \"y\"\n  }\n}", 4, `values line 4: unknown attribute "Paramvalu" (want ParamName, ParamValue)`},
		{"missing value", "{\n  a = { ParamName = \"x\" }\n}", 2, `values line 2: "a" needs ParamName and ParamValue`},
		{"unterminated string", "{\n  a = { ParamName = \"x }\n}", 2, `values line 2: want a value for ParamName, got "unterminated string"`},
		{"bad set path", "{\n  a = { ParamName = \"x[\" ParamValue = \"1\" }\n}", 2, "values line 2: "},
		{"trailing junk", "{ a = { ParamName = \"x\" ParamValue = \"1\" } }\n}", 2, `values line 2: unexpected "}" after the block`},
		{"bad yaml", "a: 1\nb: [\n", 0, "values line "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse(tt.text)
			var ve *Error
			if !errors.As(err, &ve) {
				t.Fatalf("err = %v, want an *Error", err)
			}
			if tt.line != 0 && ve.Line != tt.line {
				t.Errorf("line = %d, want %d (%v)", ve.Line, tt.line, err)
			}
			if got := err.Error(); len(got) < len(tt.msg) || got[:len(tt.msg)] != tt.msg {
				t.Errorf("err = %q, want prefix %q", got, tt.msg)
			}
		})
	}
}
