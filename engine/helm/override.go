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

// Applied is an Override as Set applied it over a command's values.
type Applied struct {
	Override
	// Old is the command's value at Key before, when Had.
	Old any
	Had bool
	// Changed is true when the value at Key is no longer Old.
	Changed bool
}

// Note says what a set, naming the command's value when it changed.
func (a Applied) Note() string {
	note := fmt.Sprintf("%s=%s", a.Key, compact(a.Value))
	if a.Had && a.Changed {
		note += fmt.Sprintf(" (the post's: %s)", compact(a.Old))
	}
	if a.Why != "" {
		note += ": " + a.Why
	}
	return note
}

// Notes are the notes of applied, in order.
func Notes(applied []Applied) []string {
	var notes []string
	for _, a := range applied {
		notes = append(notes, a.Note())
	}
	return notes
}

// Set sets ovs in vals, dotted keys as nested maps (as --set does), and
// returns what it replaced.
func Set(vals map[string]any, ovs []Override) []Applied {
	var applied []Applied
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
		applied = append(applied, Applied{Override: o, Old: old, Had: had, Changed: compact(old) != compact(m[last])})
	}
	return applied
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
