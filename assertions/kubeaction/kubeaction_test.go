package kubeaction

import "testing"

func TestCompare(t *testing.T) {
	tests := []struct {
		name, expected, actual string
		ok                     bool
	}{
		{"order and verbs", "deployment.apps/web configured\nservice/web unchanged\n", "service/web created\ndeployment.apps/web created\n", true},
		{"old quoting", "pod \"probe\" deleted\n", "pod/probe deleted\n", true},
		{"warning and progress", "deployment \"web\" successfully rolled out\n", "Waiting for deployment \"web\" rollout to finish: 1 of 2 updated replicas are available...\ndeployment \"web\" successfully rolled out\n", true},
		{"wildcard allows more", "deployment.apps/web created\n...\n", "deployment.apps/web created\nconfigmap/web created\n", true},
		{"object added", "deployment.apps/web created\n", "deployment.apps/web created\nconfigmap/web created\n", false},
		{"deleted is not applied", "pod/probe created\n", "pod/probe deleted\n", false},
		{"error where the post shows success", "pod/probe created\n", "Error from server (AlreadyExists): pods \"probe\" already exists\n", false},
		{"rollout failed", "deployment \"web\" successfully rolled out\n", "error: deployment \"web\" exceeded its progress deadline\n", false},
		{"condition met, other order", "pod/a condition met\npod/b condition met\n", "pod/b condition met\npod/a condition met\n", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Compare(tt.expected, tt.actual); got.OK != tt.ok {
				t.Errorf("OK = %v, want %v: %s", got.OK, tt.ok, got.Message)
			}
		})
	}
}
