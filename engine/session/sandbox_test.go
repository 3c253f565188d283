package session

import (
	"strings"
	"testing"

	"helm.sh/helm/v3/pkg/chart"

	"github.com/tutor-run/tutor/engine/cluster"
)

// TestCiliumTags: the chart of the images' version keeps its tags; another
// version runs the built images, with a drift note naming both.
func TestCiliumTags(t *testing.T) {
	built := strings.TrimPrefix(cluster.CiliumVersion, "v")
	if got := ciliumTags(&chart.Metadata{Name: "cilium", Version: built}); got != nil {
		t.Errorf("chart %s: %v, want no tags", built, got)
	}
	got := ciliumTags(&chart.Metadata{Name: "cilium", Version: "1.15.6", AppVersion: "1.15.6"})
	var keys []string
	for _, o := range got {
		keys = append(keys, o.Key)
		if o.Value != cluster.CiliumVersion || !strings.HasPrefix(o.Why, "drift: ") || !strings.Contains(o.Why, "1.15.6") {
			t.Errorf("%s = %v: %q", o.Key, o.Value, o.Why)
		}
	}
	if strings.Join(keys, " ") != "image.tag operator.image.tag hubble.relay.image.tag" {
		t.Errorf("keys %v", keys)
	}
}
