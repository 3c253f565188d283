package ciliumtest

import "testing"

func TestCompare(t *testing.T) {
	passed := "✅ [cilium-test] All 42 tests (295 actions) successful, 2 tests skipped, 1 scenarios skipped.\n"
	tests := []struct {
		name, expected, actual string
		ok                     bool
	}{
		{"other counts", passed, "✅ [cilium-test-1] All 61 tests (410 actions) successful, 7 tests skipped, 0 scenarios skipped.\n", true},
		{"a test failed", passed, "📋 Test Report [cilium-test]\n❌ 1/42 tests failed (1/295 actions), 2 tests skipped, 0 scenarios skipped:\nTest [no-policies]:\n  ❌ no-policies/pod-to-world/http-to-one.one.one.one-0\n", false},
		{"no verdict", passed, "⌛ [aks] Waiting for deployment cilium-test/client to become ready...\n", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Compare(tt.expected, tt.actual); got.OK != tt.ok {
				t.Errorf("OK = %v, want %v: %s", got.OK, tt.ok, got.Message)
			}
		})
	}
}
