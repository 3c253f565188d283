package kube

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"sigs.k8s.io/yaml"
)

// Object names one object of a manifest and where it was written.
type Object struct {
	GVK      schema.GroupVersionKind     `json:"gvk"`
	Resource schema.GroupVersionResource `json:"resource"`
	// Namespace is empty for cluster-scoped kinds.
	Namespace string `json:"namespace,omitempty"`
	Name      string `json:"name"`
	// Doc is the 0-based index of the YAML document within the manifest.
	Doc int `json:"doc"`
	// Line is the 1-based line, within the manifest, of the document's
	// first line that is neither blank nor a comment.
	Line int `json:"line"`
}

// String formats o the way kubectl names objects: "deployment basics/web",
// "namespace basics".
func (o Object) String() string {
	kind := strings.ToLower(o.GVK.Kind)
	if o.Namespace == "" {
		return kind + " " + o.Name
	}
	return kind + " " + o.Namespace + "/" + o.Name
}

// document is one decoded object of a manifest.
type document struct {
	obj  *unstructured.Unstructured
	doc  int
	line int
	// text is the YAML of the document, whose first line is manifest line
	// start; empty for the items of a List.
	text  string
	start int
}

// object describes d before it is mapped to a resource.
func (d document) object() Object {
	return Object{GVK: d.obj.GroupVersionKind(), Namespace: d.obj.GetNamespace(), Name: d.obj.GetName(), Doc: d.doc, Line: d.line}
}

// rawDocument is the text of one YAML document and where it starts.
type rawDocument struct {
	text  string
	index int
	// first is the 1-based manifest line of the document's first content
	// line; start is the manifest line of the document's first line.
	first, start int
}

// separator matches a YAML document separator line (with an optional
// trailing comment) or a document end marker.
var separator = regexp.MustCompile(`^(---|\.\.\.)(\s.*)?$`)

// splitDocuments cuts a manifest into YAML documents, dropping those that
// hold nothing but blank lines and comments.
func splitDocuments(manifest string) []rawDocument {
	var docs []rawDocument
	lines := strings.Split(strings.ReplaceAll(manifest, "\r\n", "\n"), "\n")
	cur := rawDocument{start: 1}
	var body []string
	index := 0
	flush := func() {
		if cur.first != 0 {
			cur.text = strings.Join(body, "\n") + "\n"
			cur.index = index
			docs = append(docs, cur)
			index++
		}
		body = nil
	}
	for i, line := range lines {
		if separator.MatchString(line) {
			flush()
			cur = rawDocument{start: i + 2}
			continue
		}
		body = append(body, line)
		trimmed := strings.TrimSpace(line)
		if cur.first == 0 && trimmed != "" && !strings.HasPrefix(trimmed, "#") {
			cur.first = i + 1
		}
	}
	flush()
	return docs
}

// yamlLine finds "line N" in a YAML parser's message.
var yamlLine = regexp.MustCompile(`line (\d+)`)

// decodeManifest decodes every document of a manifest, flattening v1 Lists.
// It returns the documents that decoded and an *ApplyError for each one
// that did not.
func decodeManifest(manifest string) ([]document, []error) {
	var docs []document
	var errs []error
	for _, raw := range splitDocuments(manifest) {
		obj, err := decodeDocument(raw.text)
		if err != nil {
			line := raw.first
			if m := yamlLine.FindStringSubmatch(err.Error()); m != nil {
				if n, convErr := strconv.Atoi(m[1]); convErr == nil {
					line = raw.start + n - 1
				}
			}
			errs = append(errs, &ApplyError{Object: Object{Doc: raw.index, Line: raw.first}, Line: line, Err: err})
			continue
		}
		if obj.IsList() {
			items, err := listItems(obj)
			if err != nil {
				errs = append(errs, &ApplyError{Object: Object{Doc: raw.index, Line: raw.first}, Line: raw.first, Err: err})
				continue
			}
			for _, item := range items {
				docs = append(docs, document{obj: item, doc: raw.index, line: raw.first})
			}
			continue
		}
		docs = append(docs, document{obj: obj, doc: raw.index, line: raw.first, text: raw.text, start: raw.start})
	}
	return docs, errs
}

// decodeDocument turns one YAML document into an object ready to apply.
func decodeDocument(text string) (*unstructured.Unstructured, error) {
	data, err := yaml.YAMLToJSON([]byte(text))
	if err != nil {
		return nil, fmt.Errorf("invalid yaml: %w", err)
	}
	var fields map[string]any
	if err := json.Unmarshal(data, &fields); err != nil {
		return nil, fmt.Errorf("document is not a YAML mapping: %w", err)
	}
	obj := &unstructured.Unstructured{Object: fields}
	if err := checkObject(obj); err != nil {
		return nil, err
	}
	clean(obj)
	return obj, nil
}

// checkObject reports what an object needs before it can be applied.
func checkObject(obj *unstructured.Unstructured) error {
	switch {
	case obj.GetAPIVersion() == "":
		return fmt.Errorf("document has no apiVersion")
	case obj.GetKind() == "":
		return fmt.Errorf("document has no kind")
	case obj.GetName() == "" && !obj.IsList():
		if obj.GetGenerateName() != "" {
			return fmt.Errorf("%s: metadata.generateName is not supported by apply; set metadata.name", obj.GetKind())
		}
		return fmt.Errorf("%s has no metadata.name", obj.GetKind())
	}
	if _, err := schema.ParseGroupVersion(obj.GetAPIVersion()); err != nil {
		return fmt.Errorf("invalid apiVersion %q: %w", obj.GetAPIVersion(), err)
	}
	return nil
}

// listItems returns the items of a v1 List, each checked and cleaned.
func listItems(list *unstructured.Unstructured) ([]*unstructured.Unstructured, error) {
	raw, _, err := unstructured.NestedSlice(list.Object, "items")
	if err != nil {
		return nil, fmt.Errorf("%s: %w", list.GetKind(), err)
	}
	items := make([]*unstructured.Unstructured, 0, len(raw))
	for i, item := range raw {
		fields, ok := item.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("%s item %d is not an object", list.GetKind(), i)
		}
		obj := &unstructured.Unstructured{Object: fields}
		if err := checkObject(obj); err != nil {
			return nil, fmt.Errorf("%s item %d: %w", list.GetKind(), i, err)
		}
		clean(obj)
		items = append(items, obj)
	}
	return items, nil
}

// clean drops what `kubectl create --dry-run -o yaml` leaves in a manifest
// and an apply must not own: the status and null creation timestamps.
func clean(obj *unstructured.Unstructured) {
	delete(obj.Object, "status")
	dropNullTimestamp(obj.Object)
}

// dropNullTimestamp removes metadata.creationTimestamp: null from fields
// and from any nested object templates (a Deployment's pod template).
func dropNullTimestamp(fields map[string]any) {
	for key, value := range fields {
		switch v := value.(type) {
		case map[string]any:
			if key == "metadata" {
				if ts, ok := v["creationTimestamp"]; ok && ts == nil {
					delete(v, "creationTimestamp")
				}
			}
			dropNullTimestamp(v)
		case []any:
			for _, item := range v {
				if m, ok := item.(map[string]any); ok {
					dropNullTimestamp(m)
				}
			}
		}
	}
}
