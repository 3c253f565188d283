package kube

import (
	"errors"
	"regexp"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
)

// errorLine finds the manifest line an API error is about: the line of the
// first field it names (a cause's field, or a path such as
// `.spec.template.spec.containers[name="web"].imagee` in its message)
// within the document, or the document's line when none is found.
func errorLine(d document, err error) int {
	if d.text == "" {
		return d.line
	}
	for _, path := range errorPaths(err) {
		if n := fieldLine(d.text, path); n > 0 {
			return d.start + n - 1
		}
	}
	return d.line
}

// messagePath matches a field path in an API server message.
var messagePath = regexp.MustCompile(`(?:^|[\s(:])(\.?[A-Za-z_$][\w$-]*(?:\[[^\]]*\])*(?:\.[A-Za-z_$][\w$-]*(?:\[[^\]]*\])*)+):`)

// errorPaths lists the field paths an API error names, causes first.
func errorPaths(err error) []string {
	var paths []string
	var status apierrors.APIStatus
	if errors.As(err, &status) {
		st := status.Status()
		if st.Details != nil {
			for _, c := range st.Details.Causes {
				if c.Field != "" {
					paths = append(paths, c.Field)
				}
				for _, m := range messagePath.FindAllStringSubmatch(c.Message, -1) {
					paths = append(paths, m[1])
				}
			}
		}
	}
	for _, m := range messagePath.FindAllStringSubmatch(err.Error(), -1) {
		paths = append(paths, m[1])
	}
	return paths
}

// fieldLine returns the 1-based line, within a YAML document, of the
// deepest node of path that the document has; 0 when not even the first
// step is there. A path is dotted names with [N] indexes, [key] map keys
// and [field="value"] list element selectors.
func fieldLine(text, path string) int {
	var root yaml.Node
	if yaml.Unmarshal([]byte(text), &root) != nil || len(root.Content) == 0 {
		return 0
	}
	node, line := root.Content[0], 0
	for _, step := range splitPath(path) {
		next, at := walk(node, step)
		if next == nil {
			break
		}
		node, line = next, at
	}
	return line
}

// splitPath cuts "spec.containers[0].image" into "spec", "containers",
// "[0]", "image", keeping dots inside brackets.
func splitPath(path string) []string {
	var steps []string
	var cur strings.Builder
	inBracket := false
	flush := func() {
		if cur.Len() > 0 {
			steps = append(steps, cur.String())
			cur.Reset()
		}
	}
	for _, r := range strings.TrimPrefix(path, ".") {
		switch {
		case r == '[' && !inBracket:
			flush()
			inBracket = true
			cur.WriteRune(r)
		case r == ']' && inBracket:
			inBracket = false
			cur.WriteRune(r)
			flush()
		case r == '.' && !inBracket:
			flush()
		default:
			cur.WriteRune(r)
		}
	}
	flush()
	return steps
}

// walk takes one step of a path from node: it returns the child and the
// line a reader looks for (a mapping key's line rather than its value's),
// or nil when there is no such child.
func walk(node *yaml.Node, step string) (*yaml.Node, int) {
	if node.Kind == yaml.AliasNode {
		node = node.Alias
	}
	if !strings.HasPrefix(step, "[") {
		return mappingValue(node, step)
	}
	sel := strings.TrimSuffix(strings.TrimPrefix(step, "["), "]")
	switch node.Kind {
	case yaml.SequenceNode:
		if i, err := strconv.Atoi(sel); err == nil {
			if i >= 0 && i < len(node.Content) {
				return node.Content[i], node.Content[i].Line
			}
			return nil, 0
		}
		field, want, ok := strings.Cut(sel, "=")
		if !ok {
			return nil, 0
		}
		if unq, err := strconv.Unquote(want); err == nil {
			want = unq
		}
		for _, item := range node.Content {
			if v, _ := mappingValue(item, field); v != nil && v.Value == want {
				return item, item.Line
			}
		}
	case yaml.MappingNode:
		return mappingValue(node, sel)
	}
	return nil, 0
}

// mappingValue finds the value of key name in a mapping, and the key's
// line.
func mappingValue(node *yaml.Node, name string) (*yaml.Node, int) {
	if node.Kind != yaml.MappingNode {
		return nil, 0
	}
	for i := 0; i+1 < len(node.Content); i += 2 {
		if node.Content[i].Value == name {
			return node.Content[i+1], node.Content[i].Line
		}
	}
	return nil, 0
}
