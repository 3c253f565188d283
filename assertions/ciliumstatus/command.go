package ciliumstatus

import (
	"path"
	"strings"
)

// IsCiliumStatus reports whether command, as written in a post, is
// cilium-cli's `cilium status` printing the summary Compare understands:
// with any flags (--wait, --wait-duration, --context, -n ...) except an
// output other than "summary" (-o json). aliases maps a first word to what
// it stands for; leading VAR=value assignments are skipped. A pipe, list,
// redirection or substitution makes it false.
func IsCiliumStatus(command string, aliases map[string]string) bool {
	words, ok := commandWords(command, aliases)
	if !ok || len(words) < 2 || path.Base(words[0]) != "cilium" {
		return false
	}
	args := words[1:]
	i := 0
	for i < len(args) && strings.HasPrefix(args[i], "-") { // global flags
		if name, _, has := splitFlag(args[i]); !has && valueFlags[name] {
			i++
		}
		i++
	}
	if i >= len(args) || args[i] != "status" {
		return false
	}
	for k := i + 1; k < len(args); k++ {
		name, value, has := splitFlag(args[k])
		if !strings.HasPrefix(args[k], "-") {
			return false // cilium status takes no arguments
		}
		if !has && valueFlags[name] {
			if k+1 >= len(args) {
				return false
			}
			k++
			value = args[k]
		}
		if (name == "o" || name == "output") && value != "summary" {
			return false
		}
		if name == "h" || name == "help" {
			return false
		}
	}
	return true
}

// valueFlags are the cilium-cli flags (global and status's) that take a
// value.
var valueFlags = map[string]bool{
	"n": true, "namespace": true, "context": true, "o": true, "output": true,
	"wait-duration": true, "helm-release-name": true, "kubeconfig": true,
	"worker-count": true,
}

// splitFlag splits "--name=value", "-o=json" and "-ojson".
func splitFlag(a string) (name, value string, hasValue bool) {
	if strings.HasPrefix(a, "--") {
		return strings.Cut(a[2:], "=")
	}
	a = strings.TrimPrefix(a, "-")
	if len(a) > 1 && valueFlags[a[:1]] {
		return a[:1], strings.TrimPrefix(a[1:], "="), true
	}
	return a, "", false
}

// commandWords splits command into words, skips leading assignments and
// expands an alias of the first word. It reports false for anything that
// is not one simple command.
func commandWords(command string, aliases map[string]string) ([]string, bool) {
	words, ok := shellWords(command)
	for ok && len(words) > 0 && isAssignment(words[0]) {
		words = words[1:]
	}
	if !ok || len(words) == 0 {
		return nil, false
	}
	if a, found := aliases[words[0]]; found {
		aw, aok := shellWords(a)
		if !aok || len(aw) == 0 {
			return nil, false
		}
		words = append(aw, words[1:]...)
	}
	return words, true
}

// isAssignment reports whether w is a shell VAR=value assignment.
func isAssignment(w string) bool {
	name, _, ok := strings.Cut(w, "=")
	if !ok || name == "" || name[0] >= '0' && name[0] <= '9' {
		return false
	}
	return strings.Trim(name, "_ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789") == ""
}

// shellWords splits a simple command into words, honouring quotes and
// backslashes; false for operators, substitutions and open quotes.
func shellWords(s string) ([]string, bool) {
	var words []string
	var w strings.Builder
	inWord := false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == ' ' || c == '\t':
			if inWord {
				words, inWord = append(words, w.String()), false
				w.Reset()
			}
			continue
		case strings.IndexByte("|;&<>`\n(){}", c) >= 0 || c == '$' && i+1 < len(s) && s[i+1] == '(':
			return nil, false
		case c == '\\' && i+1 < len(s):
			i++
			w.WriteByte(s[i])
		case c == '\'' || c == '"':
			j := strings.IndexByte(s[i+1:], c)
			if j < 0 {
				return nil, false
			}
			w.WriteString(s[i+1 : i+1+j])
			i += j + 1
		default:
			w.WriteByte(c)
		}
		inWord = true
	}
	if inWord {
		words = append(words, w.String())
	}
	return words, true
}
