package model

import "strings"

// Words splits a one-line simple command into its words the way a shell
// would for plain words, single and double quotes and backslashes, after
// replacing an alias in first position. It reports false when the command
// is not that simple (pipes, lists, redirections, substitutions, several
// lines, a trailing &): such commands are the shell's business.
func Words(command string, aliases map[string]string) ([]string, bool) {
	command = strings.TrimSpace(command)
	if command == "" || strings.ContainsAny(command, "\n|;&<>`") || strings.Contains(command, "$(") {
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
		case quote == '"':
			switch {
			case c == '"':
				quote = 0
			case c == '\\' && i+1 < len(command) && strings.IndexByte("\"\\$`", command[i+1]) >= 0:
				i++
				cur.WriteByte(command[i])
			case c == '$':
				return nil, false // expansion: the shell's business
			default:
				cur.WriteByte(c)
			}
		case c == '\'' || c == '"':
			quote, inWord = c, true
		case c == '\\' && i+1 < len(command):
			i++
			cur.WriteByte(command[i])
			inWord = true
		case c == '$':
			return nil, false
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
	if len(words) == 0 {
		return nil, false
	}
	if exp, ok := aliases[words[0]]; ok {
		words = append(strings.Fields(exp), words[1:]...)
	}
	return words, true
}
