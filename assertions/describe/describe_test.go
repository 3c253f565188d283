package describe

import (
	"testing"

	"github.com/tutor-run/tutor/assertions/internal/fixture"
	"github.com/tutor-run/tutor/assertions/internal/ruletest"
)

func TestCompare(t *testing.T) {
	pod := fixture.Section(t, "testdata/pod.txtar", "post")
	rerun := fixture.Section(t, "testdata/pod.txtar", "rerun")
	ruletest.Run(t, Compare, []ruletest.Case{
		{Name: "rerun on another node with the image cached", Expected: pod, Actual: rerun, OK: true},
		{Name: "image changed", Expected: pod, Actual: fixture.Edit(t, rerun, "nginx:1.25", "nginx:1.27"), OK: false},
		{Name: "not ready", Expected: pod, Actual: fixture.Edit(t, rerun, "Ready:          True", "Ready:          False"), OK: false},
		{Name: "a warning event", Expected: pod, Actual: rerun + "  Warning  BackOff  1s  kubelet  Back-off restarting failed container\n", OK: false},
		{Name: "restarts", Expected: pod, Actual: fixture.Edit(t, rerun, "Restart Count:  0", "Restart Count:  4"), OK: false},
	})
}
