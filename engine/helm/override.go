package helm

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"helm.sh/helm/v3/pkg/chart"
)

// Override is a chart value that a Client sets over a command's own
// (Options.Overrides), and why.
type Override struct {
	Key   string // dotted, as --set takes it
	Value any
	Why   string
}

// Overrides gives the values a Client sets over an install's or upgrade's
// own for the chart about to be deployed (nil: none). The sandbox uses it
// to fit a post's chart to its node.
type Overrides func(ctx context.Context, chart *chart.Metadata) ([]Override, error)

// Set sets ovs in vals, dotted keys as nested maps (as --set does), and
// returns one note per value, naming the value vals had when it differs.
func Set(vals map[string]any, ovs []Override) []string {
	var notes []string
	for _, o := range ovs {
		parts := strings.Split(o.Key, ".")
		m := vals
		for _, p := range parts[:len(parts)-1] {
			next, ok := m[p].(map[string]any)
			if !ok {
				next = map[string]any{}
				m[p] = next
			}
			m = next
		}
		last := parts[len(parts)-1]
		old, had := m[last]
		m[last] = mergeOverride(old, o.Value)
		note := fmt.Sprintf("%s=%s", o.Key, compact(o.Value))
		if had && compact(old) != compact(m[last]) {
			note += fmt.Sprintf(" (the post's: %s)", compact(old))
		}
		if o.Why != "" {
			note += ": " + o.Why
		}
		notes = append(notes, note)
	}
	return notes
}

// mergeOverride is v, or, when both are maps, old with v's keys set over
// it (a nodeSelector gains a label instead of losing the post's).
func mergeOverride(old, v any) any {
	om, ok1 := old.(map[string]any)
	vm, ok2 := v.(map[string]any)
	if !ok1 || !ok2 {
		return v
	}
	out := deepCopy(om)
	for k, x := range vm {
		out[k] = x
	}
	return out
}

// compact is v as JSON, or %v when it has none.
func compact(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}
