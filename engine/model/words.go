package model

import "strings"

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
	var words []string
	var cur strings.Builder
	inWord := false
	quote := byte(0)
	for i := 0; i < len(command); i++ {
		c := command[i]
		switch {
		case quote == '\'':
			if c == '\'' {
				quote = 0
			} else {
				cur.WriteByte(c)
			}
		case c == '$' && (!keepVars || strings.HasPrefix(command[i:], "$(")):
			return nil, false // an expansion or substitution: the shell's business
		case c == '`' && quote == '"':
			return nil, false // a substitution
		case quote == '"':
			switch {
			case c == '"':
				quote = 0
			case c == '\\' && i+1 < len(command) && strings.IndexByte("\"\\$`", command[i+1]) >= 0:
				i++
				cur.WriteByte(command[i])
			default:
				cur.WriteByte(c)
			}
		case c == '\'' || c == '"':
			quote, inWord = c, true
		case c == '\\' && i+1 < len(command):
			i++
			cur.WriteByte(command[i])
			inWord = true
		case strings.IndexByte("|;&<>`(){}", c) >= 0:
			return nil, false // an operator outside quotes: not one simple command
		case c == ' ' || c == '\t':
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
		return nil, false
	}
	if inWord {
		words = append(words, cur.String())
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

// isAssignment reports whether w is a shell NAME=value assignment.
func isAssignment(w string) bool {
	name, _, ok := strings.Cut(w, "=")
	if !ok || name == "" || name[0] >= '0' && name[0] <= '9' {
		return false
	}
	return strings.Trim(name, "_ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789") == ""
}
