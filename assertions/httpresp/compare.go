package httpresp

import (
	"fmt"
	"mime"
	"regexp"
	"slices"
	"strings"

	"github.com/tutor-run/tutor/assertions"
	"github.com/tutor-run/tutor/engine/normalize"
)

// significant maps the headers Compare judges to the part of their value
// that counts.
var significant = map[string]func(string) string{
	"Location":                     strings.TrimSpace,
	"Content-Type":                 mediaType,
	"Www-Authenticate":             authScheme,
	"Allow":                        methodSet,
	"Content-Encoding":             strings.ToLower,
	"Access-Control-Allow-Origin":  strings.TrimSpace,
	"Access-Control-Allow-Methods": methodSet,
}

// significantOrder lists them for messages and facts.
var significantOrder = []string{"Location", "Content-Type", "Www-Authenticate", "Allow",
	"Content-Encoding", "Access-Control-Allow-Origin", "Access-Control-Allow-Methods"}

func mediaType(v string) string {
	if t, _, err := mime.ParseMediaType(v); err == nil {
		return t
	}
	t, _, _ := strings.Cut(v, ";")
	return strings.ToLower(strings.TrimSpace(t))
}

func authScheme(v string) string {
	s, _, _ := strings.Cut(strings.TrimSpace(v), " ")
	return strings.ToLower(s)
}

func methodSet(v string) string {
	var ms []string
	for _, m := range strings.Split(v, ",") {
		if m = strings.ToUpper(strings.TrimSpace(m)); m != "" {
			ms = append(ms, m)
		}
	}
	slices.Sort(ms)
	return strings.Join(slices.Compact(ms), ", ")
}

// Compare judges the run's curl output (actual) against the post's
// (expected); see the package documentation for the rules.
func Compare(expected, actual string) assertions.Result {
	exp, err := Parse(expected)
	if err != nil {
		if ExpectsBlocked(expected) {
			if act, err := Parse(actual); err == nil {
				return assertions.Result{Message: "HTTP status: the post shows no response (blocked), the run got " + act.Final().Status(),
					Diff: assertions.Diff("(no response)\n", Facts(act))}
			}
			return assertions.Result{OK: true, Message: "no response, as in the post"}
		}
		return assertions.Output(expected, actual)
	}
	act, err := Parse(actual)
	if err != nil {
		return assertions.Result{Message: "HTTP status: the post shows " + exp.Final().Status() + ", the run got no response",
			Diff: assertions.Diff(Facts(exp), "(no response)\n")}
	}
	var failures, notes []string
	if len(exp.Messages) != len(act.Messages) {
		failures = append(failures, fmt.Sprintf("the post shows %s, the run got %s", responses(exp), responses(act)))
	} else {
		for i := range exp.Messages {
			f, n := compareMessage(exp.Messages[i], act.Messages[i])
			failures, notes = append(failures, f...), append(notes, n...)
		}
	}
	r := assertions.Result{OK: len(failures) == 0, Message: "HTTP response matches"}
	if !r.OK {
		r.Message = strings.Join(failures, "; ")
		r.Diff = assertions.Diff(Facts(exp), Facts(act))
	}
	if len(notes) > 0 {
		r.Message += " (" + strings.Join(notes, "; ") + ")"
	}
	return r
}

// responses is "2 responses (301, 200)".
func responses(r Response) string {
	var codes []string
	for _, m := range r.Messages {
		codes = append(codes, fmt.Sprint(m.Code))
	}
	n := "1 response"
	if len(codes) != 1 {
		n = fmt.Sprintf("%d responses", len(codes))
	}
	return n + " (" + strings.Join(codes, ", ") + ")"
}

// compareMessage judges one pair of responses.
func compareMessage(e, a Message) (failures, notes []string) {
	if e.Code != a.Code {
		failures = append(failures, fmt.Sprintf("HTTP status: the post shows %s, the run got %s", e.Status(), a.Status()))
	}
	if e.Proto != a.Proto {
		notes = append(notes, fmt.Sprintf("%s, the post shows %s", a.Proto, e.Proto))
	}
	for _, name := range significantOrder {
		ev := e.Header.Get(name)
		if ev == "" {
			continue
		}
		av, shown := a.Header.Get(name), len(a.Header.Values(name)) > 0
		switch key := significant[name]; {
		case !shown:
			failures = append(failures, fmt.Sprintf("header %s: the post shows %q, the run has none", name, ev))
		case key(ev) != key(av):
			failures = append(failures, fmt.Sprintf("header %s: the post shows %q, the run got %q", name, key(ev), key(av)))
		}
	}
	if eg, kind := gist(e.Body); eg != "" {
		if ag, _ := gist(a.Body); ag != eg {
			failures = append(failures, fmt.Sprintf("HTTP body: the post's %s is %q, the run's is %q", kind, eg, ag))
		}
	}
	return failures, notes
}

var title = regexp.MustCompile(`(?is)<title[^>]*>(.*?)</title>`)

// gist is what counts of a body: its HTML title, else its first
// non-blank line, normalized; kind names which.
func gist(body string) (string, string) {
	if m := title.FindStringSubmatch(body); m != nil {
		return strings.Join(strings.Fields(m[1]), " "), "<title>"
	}
	for _, l := range strings.Split(body, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			return normalize.Line(l), "first line"
		}
	}
	return "", ""
}

// Facts prints what Compare judges of r, one fact a line: each
// response's status, significant headers (the counted part) and body
// gist. Compare's Diff is the diff of the Facts of both sides.
func Facts(r Response) string {
	var b strings.Builder
	for _, m := range r.Messages {
		fmt.Fprintf(&b, "%s %s\n", m.Proto, m.Status())
		for _, name := range significantOrder {
			if v := m.Header.Get(name); v != "" {
				fmt.Fprintf(&b, "%s: %s\n", name, significant[name](v))
			}
		}
		if g, kind := gist(m.Body); g != "" {
			fmt.Fprintf(&b, "body %s: %s\n", kind, g)
		}
	}
	return b.String()
}
