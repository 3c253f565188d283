package shell

import (
	"fmt"
	"time"
)

// ToolMissingError reports that bash could not be found or is too old.
type ToolMissingError struct {
	Tool string // what was looked for, as given in Options.Bash
	Err  error  // why it cannot be used
}

// Error describes the missing tool.
func (e *ToolMissingError) Error() string {
	return fmt.Sprintf("%s not usable: %v", e.Tool, e.Err)
}

// Unwrap returns the underlying error.
func (e *ToolMissingError) Unwrap() error { return e.Err }

// NotReadyError reports that a background command exited, or ran out of
// time, before it printed its readiness line.
type NotReadyError struct {
	// Command is the background command.
	Command string
	// Output is what the command printed before it gave up.
	Output string
	// Exited is true when the command exited; ExitCode is then its status.
	Exited   bool
	ExitCode int
	// Within is the time it was given.
	Within time.Duration
	// Err is the context's error when the wait was cancelled.
	Err error
}

// Error describes why the command is not ready.
func (e *NotReadyError) Error() string {
	switch {
	case e.Exited:
		return fmt.Sprintf("background command %q exited with status %d before it was ready", e.Command, e.ExitCode)
	case e.Err != nil:
		return fmt.Sprintf("background command %q: waiting for readiness: %v", e.Command, e.Err)
	default:
		return fmt.Sprintf("background command %q not ready within %s", e.Command, e.Within)
	}
}

// Unwrap returns the context's error, if any.
func (e *NotReadyError) Unwrap() error { return e.Err }
