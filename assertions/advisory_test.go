package assertions

import "testing"

// Warnings and progress lines a rerun prints more or fewer of are not
// claims; what the post shows between them still is.
func TestOutputAdvisories(t *testing.T) {
	checkOutputs(t, []outputCase{
		{"kubectl warning added", "deployment.apps/web configured\n",
			"Warning: resource deployments/web is missing the kubectl.kubernetes.io/last-applied-configuration annotation\ndeployment.apps/web configured\n", true},
		{"warning pasted, gone in the rerun", "Warning: policy/v1beta1 PodSecurityPolicy is deprecated in v1.21+\npodsecuritypolicy.policy/x created\n",
			"podsecuritypolicy.policy/x created\n", true},
		{"az preview notice", "{\n  \"name\": \"rg\"\n}\n", "This command is in preview and under development.\n{\n  \"name\": \"rg\"\n}\n", true},
		{"klog line", "pod/web created\n", "W1205 10:00:00.123456   4242 warnings.go:70] unknown field\npod/web created\n", true},
		{"more rollout waits", "Waiting for deployment \"web\" rollout to finish: 0 of 2 updated replicas are available...\ndeployment \"web\" successfully rolled out\n",
			"Waiting for deployment \"web\" rollout to finish: 0 of 2 updated replicas are available...\nWaiting for deployment \"web\" rollout to finish: 1 of 2 updated replicas are available...\ndeployment \"web\" successfully rolled out\n", true},
		{"no waits at all", "Waiting for deployment \"web\" rollout to finish: 1 of 2 updated replicas are available...\ndeployment \"web\" successfully rolled out\n",
			"deployment \"web\" successfully rolled out\n", true},
		{"the final line changed", "Waiting for deployment \"web\" rollout to finish...\ndeployment \"web\" successfully rolled out\n",
			"Waiting for deployment \"web\" rollout to finish...\nerror: deployment \"web\" exceeded its progress deadline\n", false},
		{"a warning is the claim", "Warning: would violate PodSecurity \"restricted:latest\": allowPrivilegeEscalation != false\n",
			"pod/nginx created\n", false},
		{"a changed line next to a warning", "pod/web created\n", "Warning: deprecated\npod/web unchanged\n", false},
		{"JSON keys in another order", "{\n  \"name\": \"rg\",\n  \"location\": \"eastus\"\n}\n", "{\"location\": \"eastus\", \"name\": \"rg\"}\n", true},
		{"JSON with a changed value", "{\"provisioningState\": \"Succeeded\"}\n", "{\"provisioningState\": \"Failed\"}\n", false},
	})
}

// outputCase is an expected output, a rerun's output, and whether Output
// should call them the same claim.
type outputCase struct {
	name             string
	expected, actual string
	ok               bool
}

func checkOutputs(t *testing.T, tests []outputCase) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if r := Output(tt.expected, tt.actual); r.OK != tt.ok {
				t.Errorf("Output ok = %v, want %v: %s\n%s", r.OK, tt.ok, r.Message, r.Diff)
			}
		})
	}
}
