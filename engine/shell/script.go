package shell

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"strings"
)

// The state file is bash source framed by these lines. Sourcing stops at the
// return line, so the trailer after it is data for Go: the raw working
// directory and an end marker that proves the file was written completely.
const (
	stateHeader = "# tutor shell state v1\n"
	cwdPrefix   = "\n#tutor:cwd:"
	stateEnd    = "\n#tutor:end\n"
	returnLine  = "\n\\builtin return "
)

// bashOwned are the variables bash sets itself or refuses to have set, and
// our own; Setenv refuses them. A trailing * matches a prefix.
var bashOwned = []string{
	"BASH*", "EUID", "PPID", "SHELLOPTS", "UID", "FUNCNAME", "GROUPS",
	"PIPESTATUS", "RANDOM", "SRANDOM", "SECONDS", "LINENO", "HISTCMD",
	"EPOCH*", "DIRSTACK", "_", "OPTIND", "COLUMNS", "LINES", "__tutor*",
}

// bashKept are BASH* variables that belong to the user, not to bash.
var bashKept = []string{"BASH_ENV"}

// isBashOwned reports whether name is one of bashOwned and not in bashKept.
func isBashOwned(name string) bool {
	for _, k := range bashKept {
		if name == k {
			return false
		}
	}
	for _, p := range bashOwned {
		if prefix, ok := strings.CutSuffix(p, "*"); ok && strings.HasPrefix(name, prefix) || p == name {
			return true
		}
	}
	return false
}

var identifier = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// Quote returns s as a single bash word.
func Quote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// saveCode returns the EXIT trap that writes the state to next using
// builtins only. It is a trap string rather than a function so that
// `declare -f` in a step does not show it, and it keeps what it needs in
// the positional parameters (which do not carry anyway) so that `declare -p`
// does not see variables of its own.
//
// `declare -p` without names lists every variable, even those declared
// without a value (`declare -A m`), but also bash's own: sourced again, the
// read-only ones fail harmlessly and the dynamic ones have no value to set;
// only BASH_EXECUTION_STRING needs putting back.
//
// The state it writes first resets the options of the fresh bash that
// sources it and sets the shopt options (extglob changes how function bodies
// parse), then the directory, variables (after cd, which would reset
// OLDPWD), functions, set -o options (after functions, or allexport would
// export them), aliases (after functions, whose bodies were expanded when
// first defined), and errexit, nounset and xtrace last.
func saveCode(next string) string {
	var b strings.Builder
	b.WriteString("{\n")
	b.WriteString(`builtin set -- "$?" "$-"` + "\n")
	b.WriteString("builtin set +eux\n")
	b.WriteString("{\n")
	fmt.Fprintf(&b, "builtin printf %%s %s\n", Quote(stateHeader))
	b.WriteString(`builtin printf '%s\n' '\builtin shopt -u ${BASHOPTS//:/ }'` + "\n")
	b.WriteString(`[[ -n $BASHOPTS ]] && builtin printf '%s\n' "\\builtin shopt -s ${BASHOPTS//:/ }"` + "\n")
	b.WriteString(`builtin printf '%s\n' '[[ -n $SHELLOPTS ]] && \builtin set +o ${SHELLOPTS//:/ +o }'` + "\n")
	b.WriteString(`builtin printf '\\builtin cd -- %q\n' "$PWD"` + "\n")
	b.WriteString(`builtin printf '%s\n' '__tutor_es=$BASH_EXECUTION_STRING'` + "\n")
	b.WriteString("builtin declare -p\n")
	b.WriteString(`builtin printf '%s\n' 'BASH_EXECUTION_STRING=$__tutor_es; \builtin unset __tutor_es'` + "\n")
	b.WriteString("builtin umask -p\n")
	b.WriteString("builtin declare -f\n")
	b.WriteString("builtin declare -Fx\n")
	b.WriteString(`[[ -n $SHELLOPTS ]] && builtin printf '%s\n' "\\builtin set -o ${SHELLOPTS//:/ -o }"` + "\n")
	b.WriteString("builtin alias -p\n")
	for _, flag := range "eux" {
		fmt.Fprintf(&b, "case $2 in *%c*) builtin printf '%%s\\n' '\\builtin set -%c' ;; esac\n", flag, flag)
	}
	// pwd rather than $PWD, which the step may have unset or changed.
	fmt.Fprintf(&b, "builtin printf '%s%%d%s' \"$1\"\n", printfEscape(returnLine[1:]), printfEscape(cwdPrefix))
	b.WriteString(`builtin pwd || builtin printf '%s\n' "$PWD"` + "\n")
	fmt.Fprintf(&b, "builtin printf '%s'\n", printfEscape(stateEnd[1:]))
	fmt.Fprintf(&b, "} >%s\n", Quote(next))
	b.WriteString("} 2>/dev/null")
	return b.String()
}

// printfEscape escapes s for use inside a single-quoted printf format.
func printfEscape(s string) string {
	s = strings.ReplaceAll(s, `\`, `\\`)
	return strings.ReplaceAll(s, "\n", `\n`)
}

// sourceLine sources the state at top level (so declare makes globals) and
// leaves $? at the previous step's status: the failing `.` is on the left of
// &&, where errexit does not apply.
func sourceLine(state string) string {
	return "{ . " + Quote(state) + "; } 2>/dev/null && { :; } 2>/dev/null\n"
}

// The preludes run from BASH_ENV, which bash sources before the -c string.
// That keeps the -c string the user's command alone, so errors read
// "bash: cmd: command not found" as in a terminal, and aliases from the
// state apply to its first line. The prelude unsets BASH_ENV at once so
// that child bash scripts do not source it; the user's own BASH_ENV comes
// back with the state.

// stepPrelude sets the save trap and then sources the state.
func stepPrelude(state, next string) string {
	return "builtin unset BASH_ENV\ntrap -- " + Quote(saveCode(next)) + " EXIT\n" +
		"builtin shopt -s expand_aliases\n" + sourceLine(state)
}

// backgroundPrelude sources the state without saving it back.
func backgroundPrelude(state string) string {
	return "builtin unset BASH_ENV\nbuiltin shopt -s expand_aliases\n" + sourceLine(state)
}

// initialState is the state a session starts from before its first step.
func initialState(dir string) []byte {
	return []byte(stateHeader + "\\builtin cd -- " + Quote(dir) + returnLine + "0" + cwdPrefix + dir + stateEnd)
}

// parseState checks that state is complete and returns its working directory.
func parseState(state []byte) (cwd string, err error) {
	if !bytes.HasPrefix(state, []byte(stateHeader)) || !bytes.HasSuffix(state, []byte(stateEnd)) {
		return "", errors.New("not a complete shell state")
	}
	body := state[:len(state)-len(stateEnd)]
	i := bytes.LastIndex(body, []byte(cwdPrefix))
	if i < 0 || bytes.LastIndex(body[:i+1], []byte(returnLine)) < 0 {
		return "", errors.New("shell state has no working directory")
	}
	return string(body[i+len(cwdPrefix):]), nil
}

// withLine returns state with line inserted just before its return line, so
// that it runs after everything else the state restores.
func withLine(state []byte, line string) []byte {
	i := bytes.LastIndex(state, []byte(returnLine))
	out := make([]byte, 0, len(state)+len(line)+1)
	out = append(out, state[:i+1]...)
	out = append(out, line...)
	out = append(out, '\n')
	return append(out, state[i+1:]...)
}

// isReadonly reports whether state declares name read-only.
func isReadonly(state []byte, name string) bool {
	re := regexp.MustCompile(`(?m)^declare -[a-zA-Z]*r[a-zA-Z]* ` + regexp.QuoteMeta(name) + `(=|$)`)
	return re.Match(state)
}
