package state

import (
	"bytes"
	"slices"
	"strings"

	"github.com/tutor-run/tutor/engine/redact"
)

// ScrubShell returns the shell state shellState (shell.Session.State)
// without the variables that hold secrets, and their names. A variable
// holds a secret when its name is secret-like (redact.IsSecretName) and its
// value is not empty, or when its value contains a secret that r knows or
// finds, or the value of such a variable (COPY=$MY_TOKEN). Its `declare`
// statement is removed whole, even when its value spans lines; everything
// else is kept byte for byte. Variables that bash sets itself (_,
// BASH_EXECUTION_STRING) are removed when they hold a secret but not
// named, as the environment cannot supply them. A nil r finds secrets by
// pattern only.
func ScrubShell(shellState []byte, r *redact.Redactor) (clean []byte, dropped []string) {
	clean, dropped, _ = scrub(shellState, r)
	return clean, dropped
}

// LearnSecrets adds to r the values of the variables in shellState whose
// names are secret-like, so that a secret a step puts in a variable
// (export TOKEN=$(az account get-access-token ...)) is redacted from what
// later steps print.
func LearnSecrets(shellState []byte, r *redact.Redactor) {
	for _, d := range declarations(shellState) {
		if d.hasValue {
			r.AddEnv(d.name, d.value)
		}
	}
}

// scrub is ScrubShell that also returns a Redactor that knows, besides
// what r knows, the values of the secret-like variables of shellState.
func scrub(shellState []byte, r *redact.Redactor) ([]byte, []string, *redact.Redactor) {
	if r == nil {
		r = redact.New(nil)
	}
	decls := declarations(shellState)
	known := r.Clone()
	for _, d := range decls {
		if d.hasValue {
			known.AddEnv(d.name, d.value)
		}
	}
	var (
		out     bytes.Buffer
		dropped []string
		at      int
	)
	for _, d := range decls {
		secret := d.value != "" && redact.IsSecretName(d.name) || known.Contains(d.value) || known.Contains(d.raw)
		if !d.hasValue || !secret {
			continue
		}
		out.Write(shellState[at:d.start])
		at = d.end
		if !bashOwned(d.name) && !slices.Contains(dropped, d.name) {
			dropped = append(dropped, d.name)
		}
	}
	out.Write(shellState[at:])
	return out.Bytes(), dropped, known
}

// bashOwned reports whether bash sets the variable name itself.
func bashOwned(name string) bool {
	return name == "_" || strings.HasPrefix(name, "BASH") && name != "BASH_ENV"
}

// declaration is one `declare` statement of a shell state.
type declaration struct {
	// start and end delimit the statement, its final newline included.
	start, end int
	name       string
	hasValue   bool
	// raw is the value as the statement writes it; value is the value
	// with bash's quoting undone (for an array, the keys and elements
	// run together).
	raw, value string
}

// declarations parses the `declare -p` part of a shell state: the run of
// statements that begins at the first line starting "declare ". A value may
// span lines (bash before 5.1 prints a newline in a value as is, inside
// double quotes). Parsing stops at the first line that is not a declare
// statement, or at one it cannot read, so that `declare -fx f` lines after
// the functions, and text inside function bodies, are never taken for
// variables.
func declarations(state []byte) []declaration {
	var decls []declaration
	p := bytes.Index(state, []byte("\ndeclare "))
	if bytes.HasPrefix(state, []byte("declare ")) {
		p = 0
	} else if p < 0 {
		return nil
	} else {
		p++
	}
	for bytes.HasPrefix(state[p:], []byte("declare ")) {
		d, ok := parseDeclaration(state, p)
		if !ok {
			break
		}
		decls = append(decls, d)
		p = d.end
	}
	return decls
}

// parseDeclaration reads the statement `declare FLAGS NAME[=VALUE]` that
// starts at state[p:].
func parseDeclaration(state []byte, p int) (declaration, bool) {
	d := declaration{start: p}
	rest := state[p+len("declare "):]
	flags, _, _ := bytes.Cut(rest, []byte(" "))
	if !bytes.HasPrefix(flags, []byte("-")) || bytes.ContainsAny(flags, "fF\n") {
		return d, false
	}
	q := p + len("declare ") + len(flags) + 1
	nameEnd := q
	for nameEnd < len(state) && state[nameEnd] != '=' && state[nameEnd] != '\n' {
		nameEnd++
	}
	d.name = string(state[q:nameEnd])
	if d.name == "" || strings.ContainsAny(d.name, " \t'\"$") {
		return d, false
	}
	if nameEnd == len(state) || state[nameEnd] == '\n' {
		d.end = min(nameEnd+1, len(state))
		return d, true
	}
	end, ok := statementEnd(state, nameEnd+1)
	if !ok {
		return d, false
	}
	d.end = end
	d.hasValue = true
	d.raw = string(state[nameEnd+1 : end-1])
	d.value = unquote(state[nameEnd+1 : end-1])
	return d, true
}
