package ciliumtest

import (
	"testing"

	"github.com/tutor-run/tutor/assertions/internal/ruletest"
)

func TestCompare(t *testing.T) {
	passed := "✅ [cilium-test] All 42 tests (295 actions) successful, 2 tests skipped, 1 scenarios skipped.\n"
	ruletest.Run(t, Compare, []ruletest.Case{
		{Name: "other counts", Expected: passed, Actual: "✅ [cilium-test-1] All 61 tests (410 actions) successful, 7 tests skipped, 0 scenarios skipped.\n", OK: true},
		{Name: "a test failed", Expected: passed, Actual: "📋 Test Report [cilium-test]\n❌ 1/42 tests failed (1/295 actions), 2 tests skipped, 0 scenarios skipped:\nTest [no-policies]:\n  ❌ no-policies/pod-to-world/http-to-one.one.one.one-0\n", OK: false},
		{Name: "no verdict", Expected: passed, Actual: "⌛ [aks] Waiting for deployment cilium-test/client to become ready...\n", OK: false},
	})
}
