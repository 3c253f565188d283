package reader

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"

	"github.com/tutor-run/tutor/engine/model"
)

// expectation is what an expect directive claims: an output matcher, an
// exit status, or both kinds across several directives.
type expectation struct {
	match *model.Expectation
	exit  *model.ExitClaim
}

// expectForm is a form of the expect directive that claims something
// about the next block's commands; the others are cluster claims
// (model.ClaimForms).
type expectForm struct {
	// words are the first words that select the form.
	words []string
	// grammar is the form as engine/doc.go writes it.
	grammar string
	parse   func(a []string) (expectation, error)
}

// expectForms are the forms of expect about the next block.
var expectForms = []expectForm{
	{[]string{"exit"}, "expect exit N|nonzero|non-zero|fail|any", expectExit},
	{[]string{"contains", "not-contains"}, `expect contains|not-contains "TEXT"`, expectText},
	{[]string{"regex"}, `expect regex "RE2"`, expectText},
	{[]string{"similarity"}, "expect similarity N", expectSimilarity},
	{[]string{"output"}, "expect output ignore", expectIgnore},
}

// knownExpectations lists expectForms for an error.
const knownExpectations = "exit, contains, not-contains, regex, similarity, output ignore"

// expectGrammar is the grammar of the forms of expect about the next
// block.
func expectGrammar() []string {
	g := make([]string, len(expectForms))
	for i, f := range expectForms {
		g[i] = f.grammar
	}
	return g
}

// expectArgs parses the arguments of an expect directive.
func expectArgs(a []string) (expectation, error) {
	if len(a) == 0 {
		return expectation{}, fmt.Errorf("missing what to expect")
	}
	i := slices.IndexFunc(expectForms, func(f expectForm) bool { return slices.Contains(f.words, a[0]) })
	if i < 0 {
		return expectation{}, fmt.Errorf("unknown expectation %q (known: %s)", a[0], knownExpectations)
	}
	return expectForms[i].parse(a)
}

// expectExit reads exit N, exit nonzero (non-zero, fail) or exit any.
func expectExit(a []string) (expectation, error) {
	var e expectation
	if len(a) != 2 {
		return e, fmt.Errorf("want 'exit N', 'exit nonzero' or 'exit any'")
	}
	c := model.ExitClaim{}
	switch a[1] {
	case "any":
		c.Any = true
	case "nonzero", "non-zero", "fail":
		c.NonZero = true
	default:
		n, err := strconv.Atoi(a[1])
		if err != nil || n < 0 || n > 255 {
			return e, fmt.Errorf("bad exit status %q", a[1])
		}
		c.Code = n
	}
	e.exit = &c
	return e, nil
}

// expectText reads contains, not-contains and regex, each with its text.
func expectText(a []string) (expectation, error) {
	var e expectation
	if len(a) != 2 {
		return e, fmt.Errorf("%s wants one quoted argument", a[0])
	}
	m := &model.Expectation{Kind: model.MatchKind(a[0]), Value: a[1]}
	if m.Kind == model.MatchRegex {
		if _, err := regexp.Compile("(?m)" + a[1]); err != nil {
			return e, fmt.Errorf("bad regex: %v", err)
		}
	}
	if m.Value == "" {
		return e, fmt.Errorf("%s wants a non-empty argument", a[0])
	}
	e.match = m
	return e, nil
}

func expectSimilarity(a []string) (expectation, error) {
	var e expectation
	if len(a) != 2 {
		return e, fmt.Errorf("similarity wants one number between 0 and 1")
	}
	f, err := strconv.ParseFloat(a[1], 64)
	if err != nil || f < 0 || f > 1 {
		return e, fmt.Errorf("bad similarity %q, want a number between 0 and 1", a[1])
	}
	e.match = &model.Expectation{Kind: model.MatchSimilarity, Threshold: f}
	return e, nil
}

func expectIgnore(a []string) (expectation, error) {
	var e expectation
	if len(a) != 2 || a[1] != "ignore" {
		return e, fmt.Errorf("want 'output ignore'")
	}
	e.match = &model.Expectation{Kind: model.MatchIgnore}
	return e, nil
}

// ieSimilarity matches Innovation Engine's comment before an output block:
// <!-- expected_similarity=0.8 --> or <!-- expected_similarity="REGEX" -->.
var ieSimilarity = regexp.MustCompile(`^expected_similarity\s*=\s*(.+)$`)

// ieLookalike matches a comment that reads like an Innovation Engine
// annotation with its name mistyped (expected__similarity, expected_results).
var ieLookalike = regexp.MustCompile(`^(?i)expected[\w -]*=`)

// badRegexError is an expected_similarity regex that does not compile in
// Go (RE2 has no lookahead, for one).
type badRegexError struct {
	pattern string
	err     error
}

func (e *badRegexError) Error() string {
	return fmt.Sprintf("expected_similarity: bad regex: %v", e.err)
}

// parseIE parses the text of an Innovation Engine expected_similarity
// comment into the claim it makes about the output block that follows.
func parseIE(text string) (*model.Expectation, error) {
	m := ieSimilarity.FindStringSubmatch(text)
	if m == nil {
		return nil, nil
	}
	v := m[1]
	if len(v) >= 2 && v[0] == '"' && v[len(v)-1] == '"' {
		re := v[1 : len(v)-1]
		if _, err := regexp.Compile("(?m)" + re); err != nil {
			return nil, &badRegexError{pattern: re, err: err}
		}
		return &model.Expectation{Kind: model.MatchRegex, Value: re}, nil
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil || f < 0 || f > 1 {
		return nil, fmt.Errorf("expected_similarity: want a number between 0 and 1 or a quoted regex, got %s", v)
	}
	return &model.Expectation{Kind: model.MatchSimilarity, Threshold: f}, nil
}
