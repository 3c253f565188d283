package result

import (
	"fmt"
	"strings"
)

// StatusOrder is the order in which counts list the statuses.
var StatusOrder = []Status{Passed, Failed, Errored, Blocked, Skipped}

// CountList writes counts as "4 passed, 1 failed" in StatusOrder, or none
// when every count is zero.
func CountList(counts map[Status]int, none string) string {
	var parts []string
	for _, st := range StatusOrder {
		if counts[st] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", counts[st], st))
		}
	}
	if len(parts) == 0 {
		return none
	}
	return strings.Join(parts, ", ")
}

// Message says in one line what happened to a step that did not pass:
// the broken claim's message, else the reason it did not run, else its
// status.
func (s *Step) Message() string {
	switch {
	case s.Failure != nil && s.Failure.Message != "":
		return s.Failure.Message
	case s.Reason != "":
		return s.Reason
	}
	return string(s.Status)
}
