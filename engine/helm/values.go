package helm

import "github.com/tutor-run/tutor/engine/chartvalues"

// ValuesError reports a malformed values block, naming its line (1-based
// within the block).
type ValuesError = chartvalues.Error

// ParseValues parses a values block attached to a helm step: YAML, or the
// Terraform-like sets shape (see chartvalues.Parse). Errors are
// *ValuesError naming the line.
func ParseValues(text string) (map[string]any, error) { return chartvalues.Parse(text) }
