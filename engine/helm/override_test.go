package helm

import (
	"reflect"
	"testing"
)

// TestSet: overrides win over the command's values, maps gain keys
// instead of losing the post's, and each note names the value the post had
// when it differs.
func TestSet(t *testing.T) {
	tests := []struct {
		name      string
		vals, out map[string]any
		ovs       []Override
		notes     []string
	}{
		{"new value", map[string]any{}, map[string]any{"ipam": map[string]any{"mode": "kubernetes"}},
			[]Override{{"ipam.mode", "kubernetes", "the node's range"}},
			[]string{`ipam.mode="kubernetes": the node's range`}},
		{"over the post's", map[string]any{"kubeProxyReplacement": "true"}, map[string]any{"kubeProxyReplacement": "false"},
			[]Override{{"kubeProxyReplacement", "false", "kube-proxy runs"}},
			[]string{`kubeProxyReplacement="false" (the post's: "true"): kube-proxy runs`}},
		{"same as the post's", map[string]any{"l7Proxy": false}, map[string]any{"l7Proxy": false},
			[]Override{{"l7Proxy", false, ""}},
			[]string{`l7Proxy=false`}},
		{"a map gains a key", map[string]any{"nodeSelector": map[string]any{"kubernetes.io/os": "linux"}},
			map[string]any{"nodeSelector": map[string]any{"kubernetes.io/os": "linux", "tutor.run/node": "real"}},
			[]Override{{"nodeSelector", map[string]any{"tutor.run/node": "real"}, "the real node"}},
			[]string{`nodeSelector={"tutor.run/node":"real"} (the post's: {"kubernetes.io/os":"linux"}): the real node`}},
		{"a scalar where the post had a map", map[string]any{"hubble": map[string]any{"ui": true}},
			map[string]any{"hubble": map[string]any{"ui": map[string]any{"enabled": false}}},
			[]Override{{"hubble.ui.enabled", false, "no images"}},
			[]string{`hubble.ui.enabled=false: no images`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			notes := Notes(Set(tt.vals, tt.ovs))
			if !reflect.DeepEqual(tt.vals, tt.out) {
				t.Errorf("values = %v, want %v", tt.vals, tt.out)
			}
			if !reflect.DeepEqual(notes, tt.notes) {
				t.Errorf("notes = %q, want %q", notes, tt.notes)
			}
		})
	}
}
