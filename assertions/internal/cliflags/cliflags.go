// Package cliflags reads the flags of a command line as a post wrote it,
// for the rules that must know which tool's subcommand (kubectl get,
// cilium status) printed an output before they judge it.
package cliflags

import "strings"

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

// Subcommand skips the global flags that open args, with the values of
// those that take one as the next word, and returns the index of the
// first other word: the subcommand, or len(args) (or more) when there is
// none.
func (v ValueFlags) Subcommand(args []string) int {
	i := 0
	for i < len(args) && strings.HasPrefix(args[i], "-") {
		if name, _, hasValue := v.Split(args[i]); !hasValue && v[name] {
			i++
		}
		i++
	}
	return i
}
