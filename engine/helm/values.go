package helm

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"helm.sh/helm/v3/pkg/strvals"
	"sigs.k8s.io/yaml"
)

// tfKey finds a `key =` of the Terraform-like shape (YAML would have ":").
var tfKey = regexp.MustCompile(`(?m)^[\s{]*("[^"\n]*"|[A-Za-z_][\w.-]*)\s*=`)

// ParseValues parses a values block attached to a helm step: YAML (or
// JSON), or the Terraform-like shape used in posts:
//
//	{ "set1" = { ParamName = "hubble.relay.enabled" ParamValue = "true" }, ... }
//
// whose ParamName/ParamValue pairs are applied as --set items, in the
// natural order of their keys (set2 before set10). A pair with
// ParamType = "string" is applied as --set-string. Errors are *ValuesError
// naming the line.
func ParseValues(text string) (map[string]any, error) {
	if strings.TrimSpace(text) == "" {
		return map[string]any{}, nil
	}
	if strings.HasPrefix(strings.TrimSpace(text), "{") && tfKey.MatchString(text) {
		return parseTerraformSets(text)
	}
	m := map[string]any{}
	if err := yaml.Unmarshal([]byte(text), &m); err != nil {
		return nil, &ValuesError{Line: yamlErrorLine(err), Msg: err.Error()}
	}
	return m, nil
}

// yamlErrorLine finds "line N" in a YAML error, or returns 1.
func yamlErrorLine(err error) int {
	if m := regexp.MustCompile(`line (\d+)`).FindStringSubmatch(err.Error()); m != nil {
		n, _ := strconv.Atoi(m[1])
		return n
	}
	return 1
}

// setItem is one entry of the Terraform-like block.
type setItem struct {
	key          string
	line         int
	name, value  string
	isString     bool
	hasN, hasVal bool
}

// parseTerraformSets parses the Terraform-like block and applies its items.
func parseTerraformSets(text string) (map[string]any, error) {
	items, err := tfItems(newTFLexer(text))
	if err != nil {
		return nil, err
	}
	slices.SortStableFunc(items, func(a, b setItem) int { return naturalCompare(a.key, b.key) })
	out := map[string]any{}
	for _, it := range items {
		if !it.hasN || !it.hasVal {
			return nil, &ValuesError{Line: it.line, Msg: fmt.Sprintf("%q needs ParamName and ParamValue", it.key)}
		}
		apply := strvals.ParseInto
		if it.isString {
			apply = strvals.ParseIntoString
		}
		if err := apply(it.name+"="+it.value, out); err != nil {
			return nil, &ValuesError{Line: it.line, Msg: err.Error()}
		}
	}
	return out, nil
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
				return nil, &ValuesError{Line: rest.line, Msg: fmt.Sprintf("unexpected %q after the block", rest.text)}
			}
			return items, nil
		case t.text == ",":
			continue
		case t.kind == tokEOF:
			return nil, &ValuesError{Line: t.line, Msg: `missing "}" at the end of the block`}
		case t.kind != tokWord && t.kind != tokString:
			return nil, &ValuesError{Line: t.line, Msg: fmt.Sprintf("want a key, got %q", t.text)}
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
			return &ValuesError{Line: t.line, Msg: fmt.Sprintf("want an attribute name, got %q", t.text)}
		}
		if err := lx.expect("="); err != nil {
			return err
		}
		v := lx.next()
		if v.kind != tokWord && v.kind != tokString {
			return &ValuesError{Line: v.line, Msg: fmt.Sprintf("want a value for %s, got %q", t.text, v.text)}
		}
		switch strings.ToLower(t.text) {
		case "paramname", "name":
			it.name, it.hasN = v.text, true
		case "paramvalue", "value":
			it.value, it.hasVal = v.text, true
		case "paramtype", "type":
			it.isString = v.text == "string"
		default:
			return &ValuesError{Line: t.line, Msg: fmt.Sprintf("unknown attribute %q (want ParamName, ParamValue)", t.text)}
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
