package kube

import (
	"errors"
	"strings"
	"testing"
)

func TestSplitDocuments(t *testing.T) {
	manifest := strings.Join([]string{
		"",                               // 1
		"apiVersion: v1",                 // 2
		"kind: Namespace",                // 3
		"---",                            // 4
		"---",                            // 5: an empty document
		"# only a comment",               // 6
		"--- # separator with a comment", // 7
		"",                               // 8
		"# leading comment",              // 9
		"apiVersion: v1",                 // 10
		"kind: ConfigMap",                // 11
		"data:",                          // 12
		"  x: |",                         // 13
		"    ---",                        // 14: not a separator (indented)
		"...",                            // 15
	}, "\n")
	docs := splitDocuments(manifest)
	if got, want := len(docs), 2; got != want {
		t.Fatalf("got %d documents, want %d: %+v", got, want, docs)
	}
	tests := []struct{ index, first, start int }{{0, 2, 1}, {1, 10, 8}}
	for i, tt := range tests {
		if d := docs[i]; d.index != tt.index || d.first != tt.first || d.start != tt.start {
			t.Errorf("doc %d = index %d first %d start %d, want %d %d %d", i, d.index, d.first, d.start, tt.index, tt.first, tt.start)
		}
	}
}

func TestDecodeManifestCleans(t *testing.T) {
	manifest := `
apiVersion: apps/v1
kind: Deployment
metadata:
  creationTimestamp: null
  name: web
spec:
  template:
    metadata:
      creationTimestamp: null
      labels: {app: web}
status: {}
`
	docs, errs := decodeManifest(manifest)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	obj := docs[0].obj.Object
	if _, ok := obj["status"]; ok {
		t.Error("status kept")
	}
	if _, ok := obj["metadata"].(map[string]any)["creationTimestamp"]; ok {
		t.Error("metadata.creationTimestamp: null kept")
	}
	tmpl := obj["spec"].(map[string]any)["template"].(map[string]any)["metadata"].(map[string]any)
	if _, ok := tmpl["creationTimestamp"]; ok {
		t.Error("template metadata.creationTimestamp: null kept")
	}
	if got, want := docs[0].line, 2; got != want {
		t.Errorf("line = %d, want %d", got, want)
	}
}

func TestDecodeManifestList(t *testing.T) {
	manifest := `apiVersion: v1
kind: List
items:
- apiVersion: v1
  kind: ConfigMap
  metadata: {name: a}
- apiVersion: v1
  kind: ConfigMap
  metadata: {name: b}
`
	docs, errs := decodeManifest(manifest)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	if len(docs) != 2 || docs[0].obj.GetName() != "a" || docs[1].obj.GetName() != "b" {
		t.Fatalf("got %+v", docs)
	}
}

func TestDecodeManifestErrors(t *testing.T) {
	tests := []struct {
		name     string
		manifest string
		line     int
		message  string
	}{
		{"no kind", "apiVersion: v1\nmetadata: {name: a}\n", 1, "document has no kind"},
		{"no apiVersion", "kind: ConfigMap\nmetadata: {name: a}\n", 1, "document has no apiVersion"},
		{"no name", "apiVersion: v1\nkind: ConfigMap\n", 1, "ConfigMap has no metadata.name"},
		{"generateName", "apiVersion: v1\nkind: Pod\nmetadata: {generateName: a-}\n", 1, "generateName is not supported"},
		{"not a mapping", "- a\n- b\n", 1, "not a YAML mapping"},
		{"bad yaml in second document", "apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\n   bad: indent\n", 9, "invalid yaml"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, errs := decodeManifest(tt.manifest)
			if len(errs) != 1 {
				t.Fatalf("got %d errors, want 1: %v", len(errs), errs)
			}
			var ae *ApplyError
			if !errors.As(errs[0], &ae) {
				t.Fatalf("error %T is not an *ApplyError", errs[0])
			}
			if got, want := ae.Line, tt.line; got != want {
				t.Errorf("line = %d, want %d (%v)", got, want, ae)
			}
			if !strings.Contains(ae.Error(), tt.message) {
				t.Errorf("error %q does not contain %q", ae, tt.message)
			}
		})
	}
}

func TestFieldLine(t *testing.T) {
	doc := `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels:
    app.kubernetes.io/name: web
spec:
  template:
    spec:
      containers:
      - name: side
        image: busybox
      - name: web
        image: nginx
        imagee: typo
`
	tests := []struct {
		path string
		line int
	}{
		{"metadata.name", 4},
		{"metadata.labels[app.kubernetes.io/name]", 6},
		{"spec.template.spec.containers[1].image", 14},
		{`.spec.template.spec.containers[name="web"].imagee`, 15},
		{"spec.template.spec.containers[0].resources", 11}, // missing: deepest found
		{"spec.selector", 7},
		{"status.replicas", 0},
	}
	for _, tt := range tests {
		if got := fieldLine(doc, tt.path); got != tt.line {
			t.Errorf("fieldLine(%q) = %d, want %d", tt.path, got, tt.line)
		}
	}
}

func TestMessagePath(t *testing.T) {
	msg := `failed to create typed patch object (basics/web; apps/v1, Kind=Deployment): .spec.template.spec.containers[name="web"].imagee: field not declared in schema`
	paths := errorPaths(errors.New(msg))
	if len(paths) == 0 || paths[0] != `.spec.template.spec.containers[name="web"].imagee` {
		t.Errorf("errorPaths = %q", paths)
	}
}
