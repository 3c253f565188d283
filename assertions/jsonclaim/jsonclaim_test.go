package jsonclaim

import "testing"

func TestCompare(t *testing.T) {
	tests := []struct {
		name, expected, actual string
		ok                     bool
	}{
		{"key order and added fields", `{"b": 1, "a": "x"}`, `{"a": "x", "b": 1, "c": true}`, true},
		{"volatile fields", `{"metadata": {"name": "web", "uid": "1", "resourceVersion": "10"}}`, `{"metadata": {"name": "web", "uid": "2", "resourceVersion": "99"}}`, true},
		{"list keyed by name", `[{"name": "a", "v": 1}, {"name": "b", "v": 2}]`, `[{"name": "b", "v": 2}, {"name": "a", "v": 1}]`, true},
		{"value changed", `{"replicas": 3}`, `{"replicas": 2}`, false},
		{"key missing", `{"replicas": 3, "image": "web:1"}`, `{"replicas": 3}`, false},
		{"item added to a keyed list", `[{"name": "a"}]`, `[{"name": "a"}, {"name": "b"}]`, false},
		{"plain list order counts", `["a", "b"]`, `["b", "a"]`, false},
		{"yaml", "metadata:\n  name: web\nspec:\n  replicas: 3\n", "spec:\n  replicas: 3\nmetadata:\n  name: web\n  uid: abc\n", true},
		{"yaml value changed", "spec:\n  replicas: 3\n", "spec:\n  replicas: 1\n", false},
		{"masked value", `{"token": "****"}`, `{"token": "abc"}`, true},
		{"address normalized", `{"podIP2": "10.0.0.1"}`, `{"podIP2": "10.9.9.9"}`, true},
		{"not a document", "plain text\n", "plain text\n", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Compare(tt.expected, tt.actual); got.OK != tt.ok {
				t.Errorf("OK = %v, want %v: %s", got.OK, tt.ok, got.Message)
			}
		})
	}
}
