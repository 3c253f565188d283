package model

import (
	"errors"
	"fmt"
	"strings"
	"unicode"
)

// Words splits a one-line simple command into its words the way a shell
// would for plain words, single and double quotes and backslashes, after
// dropping leading VAR=value assignments and replacing an alias in first
// position. It reports false when the command is not that simple (pipes,
// lists, redirections, substitutions, several lines, a trailing &) or uses
// a $ expansion: tutor runs such commands through the shell, never itself.
func Words(command string, aliases map[string]string) ([]string, bool) {
	return splitWords(command, aliases, false)
}

// CommandWords is Words for recognising a command rather than running
// it: $NAME expansions are kept as written ("curl -i http://$IP" is still
// a curl).
func CommandWords(command string, aliases map[string]string) ([]string, bool) {
	return splitWords(command, aliases, true)
}

func splitWords(command string, aliases map[string]string, keepVars bool) ([]string, bool) {
	command = strings.TrimSpace(command)
	if command == "" || strings.Contains(command, "\n") {
		return nil, false
	}
	words, err := split(command, grammar{shell: true, keepVars: keepVars})
	if err != nil {
		return nil, false
	}
	for len(words) > 0 && isAssignment(words[0]) {
		words = words[1:]
	}
	if len(words) == 0 {
		return nil, false
	}
	if exp, ok := aliases[words[0]]; ok {
		words = append(strings.Fields(exp), words[1:]...)
	}
	return words, true
}

// SplitArgs splits the arguments of a directive into words: a
// double-quoted string takes the escapes \n, \t and \ before any other
// character, a single-quoted one is literal, and a backslash outside
// quotes is itself. An unterminated quote is an error.
func SplitArgs(s string) ([]string, error) {
	return split(s, grammar{})
}

// grammar says how split reads quotes: as a shell does for a simple
// command, or as the directive language does.
type grammar struct {
	// shell: backslash escapes outside quotes, only \" \\ \$ \` inside
	// double quotes, and an operator or expansion ends the split.
	shell bool
	// keepVars keeps $NAME as written (shell only).
	keepVars bool
}

// errNotSimple is split's answer in shell grammar for a command that is
// not one simple command.
var errNotSimple = errors.New("not a simple command")

// split is the one quote-aware word splitter behind Words, CommandWords
// and SplitArgs.
func split(s string, g grammar) ([]string, error) {
	var words []string
	var cur strings.Builder
	inWord := false
	quote := byte(0)
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case quote == '\'':
			if c == '\'' {
				quote = 0
			} else {
				cur.WriteByte(c)
			}
		case g.shell && c == '$' && (!g.keepVars || strings.HasPrefix(s[i:], "$(")):
			return nil, errNotSimple // an expansion or substitution: the shell's business
		case g.shell && c == '`' && quote == '"':
			return nil, errNotSimple // a substitution
		case quote == '"':
			switch {
			case c == '"':
				quote = 0
			case c == '\\' && i+1 < len(s) && g.shell && strings.IndexByte("\"\\$`", s[i+1]) >= 0:
				i++
				cur.WriteByte(s[i])
			case c == '\\' && i+1 < len(s) && !g.shell:
				i++
				switch s[i] {
				case 'n':
					cur.WriteByte('\n')
				case 't':
					cur.WriteByte('\t')
				default:
					cur.WriteByte(s[i])
				}
			default:
				cur.WriteByte(c)
			}
		case c == '\'' || c == '"':
			quote, inWord = c, true
		case g.shell && c == '\\' && i+1 < len(s):
			i++
			cur.WriteByte(s[i])
			inWord = true
		case g.shell && strings.IndexByte("|;&<>`(){}", c) >= 0:
			return nil, errNotSimple // an operator outside quotes: not one simple command
		case c == ' ' || c == '\t' || !g.shell && unicode.IsSpace(rune(c)):
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
	if quote != 0 {
		if g.shell {
			return nil, errNotSimple
		}
		return nil, fmt.Errorf("unterminated %c quote", quote)
	}
	if inWord {
		words = append(words, cur.String())
	}
	return words, nil
}

// isAssignment reports whether w is a shell NAME=value assignment.
func isAssignment(w string) bool {
	name, _, ok := strings.Cut(w, "=")
	if !ok || name == "" || name[0] >= '0' && name[0] <= '9' {
		return false
	}
	return strings.Trim(name, "_ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789") == ""
}
