package reader

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/tutor-run/tutor/engine/model"
)

// directive is one parsed `<!-- tutor: ... -->` instruction.
type directive struct {
	verb string
	// spec is the verb's row in the verbs table.
	spec *verb
	// step is the 1-based command of the next block the directive targets;
	// 0 means every command of the block.
	step int
	args []string
	// body holds the lines after the first for verbs that take one (setup).
	body string
	line int
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
	word, _, _ := strings.Cut(first, " ")
	if v := lookup(word, nil); v != nil && v.body {
		if strings.TrimSpace(strings.TrimPrefix(first, "setup")) != "" {
			return nil, []lineError{{line + at, "setup takes no arguments on its line; put the commands on the lines below it"}}
		}
		body := strings.Trim(strings.Join(lines[at+1:], "\n"), "\n")
		if strings.TrimSpace(body) == "" {
			return nil, []lineError{{line + at, "setup has no commands: put them on the lines below 'tutor: setup'"}}
		}
		return []directive{{verb: v.name, spec: v, body: dedent(body), line: line + at + 1}}, nil
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
	words, err := model.SplitArgs(s)
	if err != nil {
		return d, err
	}
	if len(words) == 0 {
		return d, fmt.Errorf("missing directive after 'step %d:'", d.step)
	}
	d.verb, d.args = words[0], words[1:]
	v := lookup(d.verb, d.args)
	if v == nil {
		return d, fmt.Errorf("unknown directive %q (known: %s)", d.verb, knownVerbs())
	}
	d.spec = v
	if v.body { // parseDirectives takes it when it comes first
		return d, fmt.Errorf("%s must open its comment (<!-- tutor: %s), with the commands on the lines below", v.name, v.name)
	}
	if d.step > 0 && v.scope != nextBlock {
		return d, fmt.Errorf("%s cannot target a step", v.called())
	}
	if v.check == nil {
		return d, nil
	}
	if err := v.check(d.args); err != nil {
		if u := v.usageOf(); u != "" {
			return d, fmt.Errorf("%s: %v (usage: %s)", v.name, err, u)
		}
		return d, fmt.Errorf("%s: %v", v.name, err)
	}
	return d, nil
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
