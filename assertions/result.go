// Package assertions holds the claims a tutorial step can make about what a
// command did: its pasted output, explicit contains / regex / similarity
// claims and its exit status. Each check is a pure function of the claim and
// what the run produced; it returns a Result and never panics, prints or
// colours anything (colour belongs to the terminal reporter).
//
// Output comparisons see both sides through normalize.Text, so timestamps,
// ages, hashes, addresses, ports, digests and identities do not count, and
// a Diff shows the placeholders that stood in for them.
package assertions

import (
	"fmt"

	"github.com/tutor-run/tutor/engine/model"
)

// Result of checking one claim.
type Result struct {
	// OK is true when the claim holds.
	OK bool `json:"ok"`
	// Message says in one short line why the claim failed (or, for
	// scored claims, how it passed).
	Message string `json:"message,omitempty"`
	// Diff is a unified diff of the normalized expected ("-") and actual
	// ("+") output when the claim compared them and failed.
	Diff string `json:"diff,omitempty"`
}

// pass and fail build Results.
func pass(format string, args ...any) Result {
	return Result{OK: true, Message: fmt.Sprintf(format, args...)}
}

func fail(format string, args ...any) Result {
	return Result{Message: fmt.Sprintf(format, args...)}
}

// Exit checks the claimed exit status against the one the command returned.
func Exit(claim model.ExitClaim, status int) Result {
	if claim.Accepts(status) {
		return pass("exit status %d", status)
	}
	return fail("exit status %d, expected %s", status, claim)
}

// Differences is the failing result of a rule that found differences
// between two outputs: the first as the message, with how many more, and
// the diff of the outputs.
func Differences(probs []string, expected, actual string) Result {
	msg := probs[0]
	if len(probs) > 1 {
		msg += fmt.Sprintf(" (and %d more differences)", len(probs)-1)
	}
	return Result{Message: msg, Diff: Diff(expected, actual)}
}
