package httpresp

import (
	"fmt"
	"regexp"

	"github.com/tutor-run/tutor/assertions"
)

// curlErrors names the exit statuses of curl a blocked request ends with.
var curlErrors = map[int]string{
	6:  "could not resolve host",
	7:  "failed to connect",
	28: "operation timed out",
	35: "TLS connect error",
	52: "empty reply from server",
	56: "failure receiving data",
}

// curlError is curl's own error line: "curl: (28) Connection timed out".
var curlError = regexp.MustCompile(`(?m)^curl: \((\d+)\) `)

// Blocked checks the claim that a request was blocked: no status line in
// output, and curl failed (exit != 0) or the step timed out while it was
// still waiting.
func Blocked(output string, exit int, timedOut bool) assertions.Result {
	if r, err := Parse(output); err == nil {
		return assertions.Result{Message: fmt.Sprintf("the request was not blocked: the run got %s", r.Final().Status())}
	}
	switch {
	case timedOut:
		return assertions.Result{OK: true, Message: "blocked: no response before the step timed out"}
	case exit != 0:
		msg := fmt.Sprintf("blocked: curl exited %d", exit)
		if why, ok := curlErrors[exit]; ok {
			msg += " (" + why + ")"
		}
		return assertions.Result{OK: true, Message: msg + ", no response"}
	}
	return assertions.Result{Message: "the request was not blocked: curl exited 0"}
}

// ExpectsBlocked reports whether a pasted curl output shows a request that
// got no response: no status line, and either curl's error line (curl:
// (28) ...) or a progress meter that received nothing while time passed
// (the seed's "  0     0    0     0 ... 0:00:08 ...").
func ExpectsBlocked(expected string) bool {
	if _, err := Parse(expected); err == nil {
		return false
	}
	if curlError.MatchString(expected) {
		return true
	}
	stalled := false
	for _, line := range lines(expected) {
		m := meterRow.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		// m[2] is the bytes received, m[4] the time spent.
		stalled = m[2] == "0" && m[4] != "--:--:--" && m[4] != "0:00:00"
	}
	return stalled
}
