package jsonclaim

import (
	"testing"

	"github.com/tutor-run/tutor/assertions/internal/ruletest"
)

func TestCompare(t *testing.T) {
	ruletest.Run(t, Compare, []ruletest.Case{
		{Name: "key order and added fields", Expected: `{"b": 1, "a": "x"}`, Actual: `{"a": "x", "b": 1, "c": true}`, OK: true},
		{Name: "volatile fields", Expected: `{"metadata": {"name": "web", "uid": "1", "resourceVersion": "10"}}`, Actual: `{"metadata": {"name": "web", "uid": "2", "resourceVersion": "99"}}`, OK: true},
		{Name: "list keyed by name", Expected: `[{"name": "a", "v": 1}, {"name": "b", "v": 2}]`, Actual: `[{"name": "b", "v": 2}, {"name": "a", "v": 1}]`, OK: true},
		{Name: "value changed", Expected: `{"replicas": 3}`, Actual: `{"replicas": 2}`, OK: false},
		{Name: "key missing", Expected: `{"replicas": 3, "image": "web:1"}`, Actual: `{"replicas": 3}`, OK: false},
		{Name: "item added to a keyed list", Expected: `[{"name": "a"}]`, Actual: `[{"name": "a"}, {"name": "b"}]`, OK: false},
		{Name: "plain list order counts", Expected: `["a", "b"]`, Actual: `["b", "a"]`, OK: false},
		{Name: "yaml", Expected: "metadata:\n  name: web\nspec:\n  replicas: 3\n", Actual: "spec:\n  replicas: 3\nmetadata:\n  name: web\n  uid: abc\n", OK: true},
		{Name: "yaml value changed", Expected: "spec:\n  replicas: 3\n", Actual: "spec:\n  replicas: 1\n", OK: false},
		{Name: "masked value", Expected: `{"token": "****"}`, Actual: `{"token": "abc"}`, OK: true},
		{Name: "address normalized", Expected: `{"podIP2": "10.0.0.1"}`, Actual: `{"podIP2": "10.9.9.9"}`, OK: true},
		{Name: "not a document", Expected: "plain text\n", Actual: "plain text\n", OK: true},
	})
}
