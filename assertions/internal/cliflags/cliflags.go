// Package cliflags reads the flags of a command line as a post wrote it,
// for the rules that must know which tool's subcommand (kubectl get,
// cilium status) printed an output before they judge it.
package cliflags

import (
	"path"
	"strings"

	"github.com/tutor-run/tutor/engine/model"
)

// ValueFlags names the flags of one tool that take a value, short ("n")
// and long ("namespace") alike.
type ValueFlags map[string]bool

// Split splits a flag: "--name=value", "-n=value" and "-nvalue" (a short
// flag that takes a value, with the value attached) into the name and the
// value; a flag without its value ("--name", "-n") has hasValue false.
func (v ValueFlags) Split(a string) (name, value string, hasValue bool) {
	if strings.HasPrefix(a, "--") {
		return strings.Cut(a[2:], "=")
	}
	a = strings.TrimPrefix(a, "-")
	if len(a) > 1 && v[a[:1]] {
		return a[:1], strings.TrimPrefix(a[1:], "="), true
	}
	return a, "", false
}

// Command returns the words after sub when command, as a post wrote it,
// runs `tool [global flags] sub ...`: tool is matched by its base name
// once aliases (a first word standing for others) are expanded and
// leading VAR=value assignments skipped; v names tool's flags that take a
// value. ok is false for any other command, and for a pipe, list,
// redirection or substitution.
func (v ValueFlags) Command(command string, aliases map[string]string, tool, sub string) (rest []string, ok bool) {
	words, ok := model.CommandWords(command, aliases)
	if !ok || len(words) == 0 || path.Base(words[0]) != tool {
		return nil, false
	}
	args := words[1:]
	i := v.subcommand(args)
	if i >= len(args) || args[i] != sub {
		return nil, false
	}
	return args[i+1:], true
}

// Flag reads the flag args[k] into its name and value (see Split); a
// flag that takes a value and was written without it ("-n basics") takes
// the next word. next is the index of the word after the flag; ok is
// false when the flag's value is missing.
func (v ValueFlags) Flag(args []string, k int) (name, value string, next int, ok bool) {
	name, value, hasValue := v.Split(args[k])
	switch {
	case hasValue || !v[name]:
		return name, value, k + 1, true
	case k+1 < len(args):
		return name, args[k+1], k + 2, true
	}
	return name, "", len(args), false
}

// subcommand skips the global flags that open args, with the values of
// those that take one, and returns the index of the first other word:
// the subcommand, or len(args) when there is none.
func (v ValueFlags) subcommand(args []string) int {
	i := 0
	for i < len(args) && strings.HasPrefix(args[i], "-") {
		_, _, i, _ = v.Flag(args, i)
	}
	return i
}
