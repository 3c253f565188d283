package reader

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/tutor-run/tutor/engine/model"
)

// This file is the one table of directive verbs: what each takes, what it
// applies to, and the functions that check and apply it. The reader knows
// a verb only through this table; engine/doc.go specifies the same verbs,
// and TestDocSpecifiesDirectives keeps the two in step.

// scope is what a directive applies to.
type scope int

const (
	// nextBlock: the commands of the next code block in the section
	// ("step N:" picks one of them).
	nextBlock scope = iota
	// section: the section the directive stands in.
	section
	// here: a step of its own, where the directive stands.
	here
)

// verb is a directive verb, or one form of it (expect).
type verb struct {
	name string
	// when, if set, picks this row among the rows of one name by the
	// arguments; the first row of a name that takes them wins.
	when func(args []string) bool
	// grammar is the verb as engine/doc.go writes it, one line per form.
	grammar []string
	// usage is what an error about the arguments quotes, when not the
	// verb's one grammar line; "" with several forms quotes none.
	usage string
	// noun is how an error names the directive, when not by its verb.
	noun  string
	scope scope
	// doc says in a line what the verb does.
	doc string
	// body: the verb opens its comment and takes the lines below it.
	body bool
	// check validates the arguments when the directive is read, so that
	// every problem is reported before anything runs; nil takes any.
	check func(args []string) error
	// read applies the directive when the reader meets it; nil queues a
	// nextBlock directive for the next block.
	read func(b *builder, d directive)
	// apply applies a queued directive to each step of its block; nil when
	// the verb changes how the block is read instead (run, values).
	apply func(d directive, st *model.Step) error
}

// verbs are the directive verbs, sorted by name.
var verbs = []verb{
	{name: "background", grammar: []string{`background [ready "REGEX"] [within DURATION]`}, scope: nextBlock,
		doc:   "runs the next block's command in the background, with ready waiting for a line of its output",
		check: func(a []string) error { _, _, err := backgroundArgs(a); return err }, apply: onRun(applyBackground)},
	{name: "cleanup", grammar: []string{"cleanup"}, scope: section,
		doc:   "makes the section cleanup, run after the others whatever happened",
		check: noArgs, read: readCleanup},
	{name: "delete", grammar: []string{"delete"}, scope: nextBlock,
		doc:   "deletes the next YAML block's objects instead of applying them",
		check: noArgs, apply: onRun(applyDelete)},
	{name: "env", grammar: []string{"env NAME=VALUE..."}, scope: here,
		doc:   "exports variables in the shell session at this point",
		check: checkEnv, read: readEnv},
	{name: "eventually", grammar: []string{"eventually DURATION [every DURATION]"}, scope: nextBlock,
		doc:   "re-runs the next block's commands until their claims hold",
		check: func(a []string) error { _, _, err := eventuallyArgs(a); return err }, apply: onRun(applyEventually)},
	// expect followed by a cluster claim stands on its own, where it is
	// written; it comes first so that it takes those words.
	{name: "expect", when: isClusterClaim, grammar: claimGrammar(), noun: "a cluster claim", scope: here,
		doc:   "claims something about the cluster, checked until it holds",
		check: func(a []string) error { _, err := model.ParseClusterClaim(a); return err }, read: readClaim},
	{name: "expect", grammar: expectGrammar(), scope: nextBlock,
		usage: "expect exit|contains|not-contains|regex|similarity|output ... or expect nodes|rollout|pod|service ... (see engine/doc.go)",
		doc:   "claims an exit status or something about the next block's output",
		check: func(a []string) error { _, err := expectArgs(a); return err }, apply: onRun(applyExpect)},
	{name: "needs", grammar: []string{"needs " + strings.Join(model.Capabilities, "|") + "..."}, scope: section,
		doc:   "says what the section needs besides what its steps show",
		check: checkNeeds, read: readNeeds},
	{name: "no-wait", grammar: []string{"no-wait"}, scope: nextBlock,
		doc:   "applies the next YAML block without waiting for its workloads",
		check: noArgs, apply: onRun(applyNoWait)},
	{name: "output", grammar: []string{"output"}, scope: nextBlock,
		doc:   "makes the next block the expected output of the previous command",
		check: noArgs, read: readOutput},
	{name: "run", grammar: []string{"run"}, scope: nextBlock,
		doc:   "runs the next shell block although it has no prompts",
		check: noArgs},
	{name: "setup", grammar: []string{"setup"}, usage: "setup (then the commands, one per line, before -->)", scope: here, body: true,
		doc:  "runs the lines below it, commands the post relies on but does not show",
		read: readSetup},
	{name: "skip", grammar: []string{"skip [REASON]"}, scope: nextBlock,
		doc:   "does not run the next block",
		apply: applySkip},
	{name: "skip-section", grammar: []string{"skip-section [REASON]"}, scope: section,
		doc:  "does not run the section",
		read: readSkipSection},
	{name: "timeout", grammar: []string{"timeout DURATION"}, scope: nextBlock,
		doc:   "sets the per-step timeout of the next block's commands",
		check: checkTimeout, apply: onRun(applyTimeout)},
	{name: "values", grammar: []string{"values"}, usage: "values (the next block holds values for the next helm install or upgrade)", scope: nextBlock,
		doc:   "makes the next block chart values for the section's next helm install or upgrade",
		check: noArgs},
}

// lookup returns the verb a directive's words name, nil when none does.
func lookup(name string, args []string) *verb {
	for i := range verbs {
		if v := &verbs[i]; v.name == name && (v.when == nil || v.when(args)) {
			return v
		}
	}
	return nil
}

// knownVerbs lists the verbs' names for an error.
func knownVerbs() string {
	var names []string
	for _, v := range verbs {
		if !slices.Contains(names, v.name) {
			names = append(names, v.name)
		}
	}
	return strings.Join(names, ", ")
}

// usageOf is what an error about v's arguments quotes, "" for none.
func (v *verb) usageOf() string {
	if v.usage == "" && len(v.grammar) == 1 {
		return v.grammar[0]
	}
	return v.usage
}

// called is how errors name a directive of v.
func (v *verb) called() string {
	if v.noun != "" {
		return v.noun
	}
	return v.name
}

// isClusterClaim reports whether the arguments of an expect directive
// are a claim about the cluster (model.ClaimForms).
func isClusterClaim(a []string) bool {
	return len(a) > 0 && slices.Contains(model.ClusterClaimWords, a[0])
}

// claimGrammar is the grammar of the cluster claims, as expect directives.
func claimGrammar() []string {
	g := make([]string, len(model.ClaimForms))
	for i, f := range model.ClaimForms {
		g[i] = "expect " + f.Grammar
	}
	return g
}

func noArgs(a []string) error {
	if len(a) > 0 {
		return fmt.Errorf("takes no arguments, got %q", strings.Join(a, " "))
	}
	return nil
}

func checkEnv(a []string) error {
	if len(a) == 0 {
		return fmt.Errorf("want at least one NAME=VALUE")
	}
	for _, kv := range a {
		if _, err := parseAssignment(kv); err != nil {
			return err
		}
	}
	return nil
}

func checkNeeds(a []string) error {
	if len(a) == 0 {
		return fmt.Errorf("want one or more of %s", strings.Join(model.Capabilities, ", "))
	}
	for _, c := range a {
		if !slices.Contains(model.Capabilities, c) {
			return fmt.Errorf("unknown capability %q: want %s", c, strings.Join(model.Capabilities, ", "))
		}
	}
	return nil
}

func checkTimeout(a []string) error {
	if len(a) != 1 {
		return fmt.Errorf("want one duration")
	}
	_, err := parseDuration(a[0])
	return err
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
