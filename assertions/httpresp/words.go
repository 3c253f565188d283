package httpresp

import "strings"

// These helpers are the same as ciliumstatus's; each package keeps its
// own small copy rather than sharing an internal package for 60 lines.

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
