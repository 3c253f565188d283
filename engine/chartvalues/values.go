// Package chartvalues reads the chart values a post shows: YAML, or the
// Terraform helm_release shape (`"set1" = { ParamName = "k" ParamValue =
// "v" }`), and recognises which chart a block of the latter is for. It
// has no helm SDK in it, so the markdown reader can use it.
package chartvalues

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"helm.sh/helm/v3/pkg/strvals"
	"sigs.k8s.io/yaml"
)

// Error reports a malformed values block, naming its line (1-based
// within the block).
type Error struct {
	Line int
	Msg  string
}

func (e *Error) Error() string { return fmt.Sprintf("values line %d: %s", e.Line, e.Msg) }

// tfKey finds a `key =` of the Terraform-like shape (YAML would have ":").
var tfKey = regexp.MustCompile(`(?m)^[\s{]*("[^"\n]*"|[A-Za-z_][\w.-]*)\s*=`)

// Parse parses a values block: YAML (or JSON), or the Terraform-like
// shape used in posts:
//
//	{ "set1" = { ParamName = "hubble.relay.enabled" ParamValue = "true" }, ... }
//
// whose ParamName/ParamValue pairs are applied as --set items, in the
// natural order of their keys (set2 before set10). A pair with
// ParamType = "string" is applied as --set-string. Errors are *Error
// naming the line.
func Parse(text string) (map[string]any, error) {
	if strings.TrimSpace(text) == "" {
		return map[string]any{}, nil
	}
	if IsTerraformSets(text) {
		return parseTerraformSets(text)
	}
	m := map[string]any{}
	if err := yaml.Unmarshal([]byte(text), &m); err != nil {
		return nil, &Error{Line: yamlErrorLine(err), Msg: err.Error()}
	}
	return m, nil
}

// IsTerraformSets reports whether text has the Terraform-like shape
// (a brace, then `key =`), which Parse reads as sets rather than YAML.
func IsTerraformSets(text string) bool {
	return strings.HasPrefix(strings.TrimSpace(text), "{") && tfKey.MatchString(text)
}

// yamlErrorLine finds "line N" in a YAML error, or returns 1.
func yamlErrorLine(err error) int {
	if m := regexp.MustCompile(`line (\d+)`).FindStringSubmatch(err.Error()); m != nil {
		n, _ := strconv.Atoi(m[1])
		return n
	}
	return 1
}

// Set is one item of a Terraform-like block: a --set of Name to Value.
type Set struct {
	// Key is the item's own key ("set1"), which orders the items.
	Key string
	// Line is the item's line within the block, from 1.
	Line        int
	Name, Value string
	// String makes it a --set-string (ParamType = "string").
	String bool
}

// Sets reads a Terraform-like block into its items, in the order Parse
// applies them. Errors are *Error naming the line.
func Sets(text string) ([]Set, error) {
	items, err := tfItems(newTFLexer(text))
	if err != nil {
		return nil, err
	}
	slices.SortStableFunc(items, func(a, b setItem) int { return naturalCompare(a.key, b.key) })
	sets := make([]Set, 0, len(items))
	for _, it := range items {
		if !it.hasN || !it.hasVal {
			return nil, &Error{Line: it.line, Msg: fmt.Sprintf("%q needs ParamName and ParamValue", it.key)}
		}
		sets = append(sets, Set{Key: it.key, Line: it.line, Name: it.name, Value: it.value, String: it.isString})
	}
	return sets, nil
}

// parseTerraformSets parses the Terraform-like block and applies its items.
func parseTerraformSets(text string) (map[string]any, error) {
	sets, err := Sets(text)
	if err != nil {
		return nil, err
	}
	out := map[string]any{}
	for _, s := range sets {
		apply := strvals.ParseInto
		if s.String {
			apply = strvals.ParseIntoString
		}
		if err := apply(s.Name+"="+s.Value, out); err != nil {
			return nil, &Error{Line: s.Line, Msg: err.Error()}
		}
	}
	return out, nil
}

// setItem is one entry of the Terraform-like block.
type setItem struct {
	key          string
	line         int
	name, value  string
	isString     bool
	hasN, hasVal bool
}

// tfItems reads `{ key = { attr = value ... } ... }`; entries and attributes
// may be separated by commas or newlines.
func tfItems(lx *tfLexer) ([]setItem, error) {
	if err := lx.expect("{"); err != nil {
		return nil, err
	}
	var items []setItem
	for {
		t := lx.next()
		switch {
		case t.text == "}":
			if rest := lx.next(); rest.kind != tokEOF {
				return nil, &Error{Line: rest.line, Msg: fmt.Sprintf("unexpected %q after the block", rest.text)}
			}
			return items, nil
		case t.text == ",":
			continue
		case t.kind == tokEOF:
			return nil, &Error{Line: t.line, Msg: `missing "}" at the end of the block`}
		case t.kind != tokWord && t.kind != tokString:
			return nil, &Error{Line: t.line, Msg: fmt.Sprintf("want a key, got %q", t.text)}
		}
		it := setItem{key: t.text, line: t.line}
		if err := lx.expect("="); err != nil {
			return nil, err
		}
		if err := tfAttrs(lx, &it); err != nil {
			return nil, err
		}
		items = append(items, it)
	}
}

// tfAttrs reads `{ ParamName = "..." ParamValue = "..." }` into it.
func tfAttrs(lx *tfLexer, it *setItem) error {
	if err := lx.expect("{"); err != nil {
		return err
	}
	for {
		t := lx.next()
		switch {
		case t.text == "}":
			return nil
		case t.text == ",":
			continue
		case t.kind != tokWord && t.kind != tokString:
			return &Error{Line: t.line, Msg: fmt.Sprintf("want an attribute name, got %q", t.text)}
		}
		if err := lx.expect("="); err != nil {
			return err
		}
		v := lx.next()
		if v.kind != tokWord && v.kind != tokString {
			return &Error{Line: v.line, Msg: fmt.Sprintf("want a value for %s, got %q", t.text, v.text)}
		}
		switch strings.ToLower(t.text) {
		case "paramname", "name":
			it.name, it.hasN = v.text, true
		case "paramvalue", "value":
			it.value, it.hasVal = v.text, true
		case "paramtype", "type":
			it.isString = v.text == "string"
		default:
			return &Error{Line: t.line, Msg: fmt.Sprintf("unknown attribute %q (want ParamName, ParamValue)", t.text)}
		}
	}
}

// naturalCompare orders strings with their digit runs compared as numbers.
func naturalCompare(a, b string) int {
	for a != "" && b != "" {
		da, db := digitPrefix(a), digitPrefix(b)
		if da != "" && db != "" {
			na, _ := strconv.Atoi(da)
			nb, _ := strconv.Atoi(db)
			if na != nb {
				return na - nb
			}
			a, b = a[len(da):], b[len(db):]
			continue
		}
		if a[0] != b[0] {
			return int(a[0]) - int(b[0])
		}
		a, b = a[1:], b[1:]
	}
	return len(a) - len(b)
}

func digitPrefix(s string) string {
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	return s[:i]
}
