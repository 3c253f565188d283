// Package ciliumtest judges `cilium connectivity test` by its verdict:
// all tests passed, or which tests failed. The number of tests and
// actions, the test list and the timings change with every Cilium CLI
// release and every cluster; the verdict is what a post claims.
package ciliumtest

import (
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/tutor-run/tutor/assertions"
)

var (
	allPassed = regexp.MustCompile(`All \d+ tests \(\d+ actions\) successful`)
	someFail  = regexp.MustCompile(`(\d+)/(\d+) tests failed`)
)

type verdict struct {
	found  bool
	passed bool
	failed []string
}

func read(text string) verdict {
	var v verdict
	inReport := false
	for _, l := range strings.Split(text, "\n") {
		switch {
		case allPassed.MatchString(l):
			v.found, v.passed = true, true
		case someFail.MatchString(l):
			v.found, v.passed = true, false
			inReport = true
		case inReport && strings.HasPrefix(strings.TrimSpace(l), "❌ "):
			name := strings.Fields(strings.TrimPrefix(strings.TrimSpace(l), "❌ "))[0]
			v.failed = append(v.failed, strings.Trim(name, "[]:"))
		}
	}
	sort.Strings(v.failed)
	return v
}

// Compare judges a run's connectivity test output by its verdict.
func Compare(expected, actual string) assertions.Result {
	e, a := read(expected), read(actual)
	if !e.found {
		return assertions.Output(expected, actual)
	}
	switch {
	case !a.found:
		return assertions.Result{Message: "the run printed no verdict (the post shows " + say(e) + ")", Diff: assertions.Diff(expected, actual)}
	case e.passed != a.passed || strings.Join(e.failed, ",") != strings.Join(a.failed, ","):
		return assertions.Result{Message: fmt.Sprintf("the connectivity test %s; the post shows %s", say(a), say(e)), Diff: assertions.Diff(expected, actual)}
	}
	return assertions.Result{OK: true, Message: "the connectivity test " + say(a) + ", as the post shows (test and action counts ignored)"}
}

func say(v verdict) string {
	if v.passed {
		return "passed every test"
	}
	if len(v.failed) == 0 {
		return "failed"
	}
	return "failed " + strings.Join(v.failed, ", ")
}
