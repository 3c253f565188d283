package reader

import (
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/tutor-run/tutor/engine/model"
)

// directive is one parsed `<!-- tutor: ... -->` instruction.
type directive struct {
	verb string
	// step is the 1-based command of the next block the directive targets;
	// 0 means every command of the block.
	step int
	args []string
	// body holds the lines after the first for verbs that take one (setup).
	body string
	line int
}

// verbs lists every directive verb with what it takes, sorted by name. The
// grammar is specified in engine/doc.go; keep the two in step.
var verbs = map[string]struct {
	targetsBlock bool // applies to the next fenced block
	usage        string
}{
	"background":   {true, "background [ready \"REGEX\"] [within DURATION]"},
	"cleanup":      {false, "cleanup"},
	"delete":       {true, "delete"},
	"env":          {false, "env NAME=VALUE..."},
	"eventually":   {true, "eventually DURATION [every DURATION]"},
	"expect":       {true, "expect exit|contains|not-contains|regex|similarity|output ... or expect nodes|rollout|pod|service ... (see engine/doc.go)"},
	"needs":        {false, "needs az|cilium|hubble|internet..."},
	"no-wait":      {true, "no-wait"},
	"output":       {true, "output"},
	"run":          {true, "run"},
	"setup":        {false, "setup (then the commands, one per line, before -->)"},
	"skip":         {true, "skip [REASON]"},
	"skip-section": {false, "skip-section [REASON]"},
	"timeout":      {true, "timeout DURATION"},
	"values":       {true, "values (the next block holds values for the next helm install or upgrade)"},
}

func knownVerbs() string {
	return strings.Join(slices.Sorted(maps.Keys(verbs)), ", ")
}

var stepPrefix = regexp.MustCompile(`^step\s+(\d+)\s*:\s*`)

// parseDirectives parses the text of an HTML comment that starts with
// "tutor:". line is the line of the comment's first line. It returns the
// directives and every problem found.
func parseDirectives(text string, line int) ([]directive, []lineError) {
	lines := strings.Split(text, "\n")
	// setup may stand on the comment's first line or, after a bare
	// "tutor:", on the next.
	at := 0
	for at+1 < len(lines) && strings.TrimSpace(lines[at]) == "" {
		at++
	}
	first := strings.TrimSpace(lines[at])
	if word, _, _ := strings.Cut(first, " "); word == "setup" {
		if strings.TrimSpace(strings.TrimPrefix(first, "setup")) != "" {
			return nil, []lineError{{line + at, "setup takes no arguments on its line; put the commands on the lines below it"}}
		}
		body := strings.Trim(strings.Join(lines[at+1:], "\n"), "\n")
		if strings.TrimSpace(body) == "" {
			return nil, []lineError{{line + at, "setup has no commands: put them on the lines below 'tutor: setup'"}}
		}
		return []directive{{verb: "setup", body: dedent(body), line: line + at + 1}}, nil
	}
	var out []directive
	var errs []lineError
	for i, l := range lines {
		l = strings.TrimSpace(l)
		if l == "" {
			continue
		}
		d, err := parseDirective(l, line+i)
		if err != nil {
			errs = append(errs, lineError{line + i, err.Error()})
			continue
		}
		out = append(out, d)
	}
	if len(out) == 0 && len(errs) == 0 {
		errs = append(errs, lineError{line, "empty directive: expected one of " + knownVerbs()})
	}
	return out, errs
}

// parseDirective parses one directive line such as `expect exit 1`.
func parseDirective(s string, line int) (directive, error) {
	d := directive{line: line}
	if m := stepPrefix.FindStringSubmatch(s); m != nil {
		n, err := strconv.Atoi(m[1])
		if err != nil || n < 1 {
			return d, fmt.Errorf("bad step number %q", m[1])
		}
		d.step = n
		s = s[len(m[0]):]
	}
	words, err := splitArgs(s)
	if err != nil {
		return d, err
	}
	if len(words) == 0 {
		return d, fmt.Errorf("missing directive after 'step %d:'", d.step)
	}
	d.verb, d.args = words[0], words[1:]
	if d.verb == "expect" && len(d.args) > 0 && slices.Contains(model.ClusterClaimWords, d.args[0]) {
		// A claim about the cluster stands on its own, where it is written.
		if d.step > 0 {
			return d, fmt.Errorf("a cluster claim cannot target a step")
		}
		if _, err := model.ParseClusterClaim(d.args); err != nil {
			return d, fmt.Errorf("expect: %v", err)
		}
		d.verb = "assert"
		return d, nil
	}
	spec, ok := verbs[d.verb]
	if !ok {
		return d, fmt.Errorf("unknown directive %q (known: %s)", d.verb, knownVerbs())
	}
	if d.verb == "setup" { // parseDirectives takes it when it comes first
		return d, fmt.Errorf("setup must open its comment (<!-- tutor: setup), with the commands on the lines below")
	}
	if d.step > 0 && !spec.targetsBlock {
		return d, fmt.Errorf("%s cannot target a step", d.verb)
	}
	if err := checkArgs(d); err != nil {
		return d, fmt.Errorf("%s: %v (usage: %s)", d.verb, err, spec.usage)
	}
	return d, nil
}

// checkArgs validates a directive's arguments so that every problem is
// reported before anything runs.
func checkArgs(d directive) error {
	a := d.args
	switch d.verb {
	case "needs":
		if len(a) == 0 {
			return fmt.Errorf("want one or more of %s", strings.Join(model.Capabilities, ", "))
		}
		for _, c := range a {
			if !slices.Contains(model.Capabilities, c) {
				return fmt.Errorf("unknown capability %q: want %s", c, strings.Join(model.Capabilities, ", "))
			}
		}
	case "cleanup", "delete", "no-wait", "output", "run", "values":
		if len(a) > 0 {
			return fmt.Errorf("takes no arguments, got %q", strings.Join(a, " "))
		}
	case "timeout":
		if len(a) != 1 {
			return fmt.Errorf("want one duration")
		}
		_, err := parseDuration(a[0])
		return err
	case "eventually":
		_, _, err := eventuallyArgs(a)
		return err
	case "background":
		_, _, err := backgroundArgs(a)
		return err
	case "env":
		if len(a) == 0 {
			return fmt.Errorf("want at least one NAME=VALUE")
		}
		for _, kv := range a {
			if _, err := parseAssignment(kv); err != nil {
				return err
			}
		}
	case "expect":
		_, err := expectArgs(a)
		return err
	}
	return nil
}

func eventuallyArgs(a []string) (within, every time.Duration, err error) {
	if len(a) != 1 && len(a) != 3 {
		return 0, 0, fmt.Errorf("want a deadline and optionally 'every DURATION'")
	}
	if within, err = parseDuration(a[0]); err != nil {
		return 0, 0, err
	}
	every = time.Second
	if len(a) == 3 {
		if a[1] != "every" {
			return 0, 0, fmt.Errorf("unexpected %q, want 'every'", a[1])
		}
		if every, err = parseDuration(a[2]); err != nil {
			return 0, 0, err
		}
	}
	return within, every, nil
}

func backgroundArgs(a []string) (ready string, within time.Duration, err error) {
	within = 30 * time.Second
	for i := 0; i < len(a); i += 2 {
		if i+1 >= len(a) {
			return "", 0, fmt.Errorf("%q needs a value", a[i])
		}
		switch a[i] {
		case "ready":
			ready = a[i+1]
			if _, err := regexp.Compile(ready); err != nil {
				return "", 0, fmt.Errorf("bad ready pattern: %v", err)
			}
		case "within":
			if within, err = parseDuration(a[i+1]); err != nil {
				return "", 0, err
			}
		default:
			return "", 0, fmt.Errorf("unexpected %q, want 'ready' or 'within'", a[i])
		}
	}
	return ready, within, nil
}

// parseDuration accepts Go durations and plain seconds.
func parseDuration(s string) (time.Duration, error) {
	if n, err := strconv.Atoi(s); err == nil && n > 0 {
		return time.Duration(n) * time.Second, nil
	}
	d, err := time.ParseDuration(s)
	if err != nil || d <= 0 {
		return 0, fmt.Errorf("bad duration %q (examples: 30s, 2m, 1m30s)", s)
	}
	return d, nil
}

var envName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

func parseAssignment(kv string) (struct{ name, value string }, error) {
	var r struct{ name, value string }
	name, value, ok := strings.Cut(kv, "=")
	if !ok || !envName.MatchString(name) {
		return r, fmt.Errorf("bad assignment %q, want NAME=VALUE", kv)
	}
	r.name, r.value = name, value
	return r, nil
}

// splitArgs splits a directive line into words: double-quoted strings take
// backslash escapes, single-quoted strings are literal, and /regex/ is one
// word with its slashes removed only by the expect regex form.
func splitArgs(s string) ([]string, error) {
	var words []string
	var cur strings.Builder
	inWord := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '"' || c == '\'':
			end, text, err := quoted(s, i)
			if err != nil {
				return nil, err
			}
			cur.WriteString(text)
			inWord = true
			i = end
		case unicode.IsSpace(rune(c)):
			if inWord {
				words = append(words, cur.String())
				cur.Reset()
				inWord = false
			}
		default:
			cur.WriteByte(c)
			inWord = true
		}
	}
	if inWord {
		words = append(words, cur.String())
	}
	return words, nil
}

// quoted reads the quoted string starting at s[i] and returns the index of
// its closing quote and its text.
func quoted(s string, i int) (int, string, error) {
	q := s[i]
	var b strings.Builder
	for j := i + 1; j < len(s); j++ {
		c := s[j]
		switch {
		case c == q:
			return j, b.String(), nil
		case c == '\\' && q == '"' && j+1 < len(s):
			j++
			switch s[j] {
			case 'n':
				b.WriteByte('\n')
			case 't':
				b.WriteByte('\t')
			default:
				b.WriteByte(s[j])
			}
		default:
			b.WriteByte(c)
		}
	}
	return 0, "", fmt.Errorf("unterminated %c quote", q)
}

func dedent(s string) string {
	lines := strings.Split(s, "\n")
	indent := -1
	for _, l := range lines {
		if strings.TrimSpace(l) == "" {
			continue
		}
		n := len(l) - len(strings.TrimLeft(l, " \t"))
		if indent < 0 || n < indent {
			indent = n
		}
	}
	for i, l := range lines {
		if len(l) >= indent && indent > 0 {
			lines[i] = l[indent:]
		}
	}
	return strings.Join(lines, "\n")
}

// lineError is a problem at a line, before the file name is known.
type lineError struct {
	line int
	msg  string
}
