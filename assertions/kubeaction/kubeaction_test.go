package kubeaction

import (
	"testing"

	"github.com/tutor-run/tutor/assertions/internal/ruletest"
)

func TestCompare(t *testing.T) {
	ruletest.Run(t, Compare, []ruletest.Case{
		{Name: "order and verbs", Expected: "deployment.apps/web configured\nservice/web unchanged\n", Actual: "service/web created\ndeployment.apps/web created\n", OK: true},
		{Name: "old quoting", Expected: "pod \"probe\" deleted\n", Actual: "pod/probe deleted\n", OK: true},
		{Name: "warning and progress", Expected: "deployment \"web\" successfully rolled out\n", Actual: "Waiting for deployment \"web\" rollout to finish: 1 of 2 updated replicas are available...\ndeployment \"web\" successfully rolled out\n", OK: true},
		{Name: "wildcard allows more", Expected: "deployment.apps/web created\n...\n", Actual: "deployment.apps/web created\nconfigmap/web created\n", OK: true},
		{Name: "object added", Expected: "deployment.apps/web created\n", Actual: "deployment.apps/web created\nconfigmap/web created\n", OK: false},
		{Name: "deleted is not applied", Expected: "pod/probe created\n", Actual: "pod/probe deleted\n", OK: false},
		{Name: "error where the post shows success", Expected: "pod/probe created\n", Actual: "Error from server (AlreadyExists): pods \"probe\" already exists\n", OK: false},
		{Name: "rollout failed", Expected: "deployment \"web\" successfully rolled out\n", Actual: "error: deployment \"web\" exceeded its progress deadline\n", OK: false},
		{Name: "condition met, other order", Expected: "pod/a condition met\npod/b condition met\n", Actual: "pod/b condition met\npod/a condition met\n", OK: true},
	})
}
