package kubetable

import (
	"strings"

	"github.com/tutor-run/tutor/assertions/internal/cliflags"
)

// IsGet reports whether command, as written in a post, is a `kubectl get`
// whose output Compare understands. aliases maps a first word to what it
// stands for ({"k": "kubectl"}); leading VAR=value assignments are
// skipped. Accepted: the default table and -o wide, with any other flags
// (-n, -A, -l, -L, --show-labels, --sort-by ...). Rejected: any other -o
// (yaml, json, jsonpath, name, custom-columns, go-template, template ...),
// --template, -w/--watch/--watch-only, --no-headers, --raw, --help, a get
// without a resource, and any pipe, list, redirection or substitution
// (|, ;, &, <, >, `, $(), since the output is then no longer kubectl's.
func IsGet(command string, aliases map[string]string) bool {
	args, ok := valueFlags.Command(command, aliases, "kubectl", "get")
	if !ok {
		return false
	}
	resources := 0
	for k := 0; k < len(args); {
		if a := args[k]; a == "--" || !strings.HasPrefix(a, "-") || a == "-" {
			resources++
			k++
			continue
		}
		name, value, next, ok := valueFlags.Flag(args, k)
		if !ok || rejectedFlags[name] {
			return false
		}
		k = next
		if (name == "o" || name == "output") && value != "wide" {
			return false
		}
	}
	return resources > 0
}

// valueFlags are the kubectl flags (global and get's) that take a value.
var valueFlags = cliflags.ValueFlags{
	"n": true, "namespace": true, "o": true, "output": true, "l": true,
	"selector": true, "L": true, "label-columns": true, "field-selector": true,
	"f": true, "filename": true, "k": true, "kustomize": true, "sort-by": true,
	"context": true, "cluster": true, "user": true, "kubeconfig": true,
	"s": true, "server": true, "token": true, "chunk-size": true,
	"subresource": true, "request-timeout": true, "as": true, "as-group": true,
	"as-uid": true, "certificate-authority": true, "client-certificate": true,
	"client-key": true, "tls-server-name": true, "cache-dir": true, "v": true,
	"vmodule": true, "log-file": true, "profile": true, "profile-output": true,
	"username": true, "password": true,
}

// rejectedFlags make get print something other than one table per kind.
var rejectedFlags = map[string]bool{
	"w": true, "watch": true, "watch-only": true, "output-watch-events": true,
	"no-headers": true, "raw": true, "template": true, "h": true, "help": true,
}

// Substitute replaces the bound names of the post in command with their
// live names, wherever one is a whole token: bare (`k exec -n basics NAME
// -- ...`), after a kind or namespace (`pod/NAME`, `basics/NAME`), or
// before a port (`NAME:80`). A token is a run of letters, digits, '-', '_'
// and '.', so a longer name that merely starts with a bound one stays as
// it is. It returns the new command and the bindings it used, each once,
// in the order first used; the first binding of a name wins.
func Substitute(command string, bindings []Binding) (string, []Binding) {
	byName := make(map[string]Binding, len(bindings))
	for _, b := range bindings {
		if _, dup := byName[b.Expected]; !dup && b.Expected != "" && b.Expected != b.Actual {
			byName[b.Expected] = b
		}
	}
	if len(byName) == 0 {
		return command, nil
	}
	var out strings.Builder
	var used []Binding
	seen := make(map[string]bool)
	last := 0
	for i := 0; i < len(command); {
		if !isTokenByte(command[i]) {
			i++
			continue
		}
		j := i
		for j < len(command) && isTokenByte(command[j]) {
			j++
		}
		if b, ok := byName[command[i:j]]; ok {
			out.WriteString(command[last:i])
			out.WriteString(b.Actual)
			last = j
			if !seen[b.Expected] {
				seen[b.Expected] = true
				used = append(used, b)
			}
		}
		i = j
	}
	if last == 0 {
		return command, nil
	}
	out.WriteString(command[last:])
	return out.String(), used
}

func isTokenByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.'
}
