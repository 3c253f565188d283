package helm

import (
	"fmt"
	"strings"
)

// UnsupportedError reports a helm command line that this package does not
// run (an unknown verb or flag); a caller may hand it to a helm binary.
type UnsupportedError struct {
	Arg    string // the verb or flag that is not supported
	Reason string // "verb" or "flag"
}

func (e *UnsupportedError) Error() string {
	return fmt.Sprintf("helm: unsupported %s %q", e.Reason, e.Arg)
}

// ReleaseError reports a release that did not end up deployed after an
// install or upgrade.
type ReleaseError struct {
	Release     string
	Status      string // the release status, e.g. "failed"
	Description string // helm's description of the last operation
	Err         error  // the error of the operation, if any
}

func (e *ReleaseError) Error() string {
	msg := fmt.Sprintf("helm: release %q is %s, not deployed", e.Release, e.Status)
	if e.Description != "" {
		msg += ": " + e.Description
	}
	if e.Err != nil && !strings.Contains(e.Description, e.Err.Error()) {
		msg += ": " + e.Err.Error()
	}
	return msg
}

// Unwrap returns the error of the operation.
func (e *ReleaseError) Unwrap() error { return e.Err }

// OverridesError reports that Options.Overrides failed for a chart: the
// environment could not be fitted to it, which is no fault of the command.
type OverridesError struct {
	Chart string
	Err   error
}

func (e *OverridesError) Error() string {
	return fmt.Sprintf("helm: the values for chart %s: %v", e.Chart, e.Err)
}

// Unwrap returns what Overrides returned.
func (e *OverridesError) Unwrap() error { return e.Err }
