// Package ruletest runs the table most rules' tests hold: an output as a
// post pasted it, a later run's output, and whether the rule calls them
// the same claim.
package ruletest

import (
	"testing"

	"github.com/tutor-run/tutor/assertions"
)

// Case is one row of a rule's table.
type Case struct {
	Name             string
	Expected, Actual string
	OK               bool // the rule's verdict
}

// Run checks rule's verdict on each case, in a subtest named after it.
func Run(t *testing.T, rule func(expected, actual string) assertions.Result, cases []Case) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.Name, func(t *testing.T) {
			if got := rule(tc.Expected, tc.Actual); got.OK != tc.OK {
				t.Errorf("OK = %v, want %v: %s\n%s", got.OK, tc.OK, got.Message, got.Diff)
			}
		})
	}
}
