package reader

import (
	"regexp"
	"strings"

	"github.com/tutor-run/tutor/engine/model"
)

// This file finds the variables a post's commands use but never set
// ($MY_CLUSTER when nothing exports it): the reader's machine must have
// them, so lint names each and a run takes them from --var or the
// environment, or skips the step.

var (
	// varUse is $NAME or ${NAME...}.
	varUse = regexp.MustCompile(`\$\{?([A-Za-z_][A-Za-z0-9_]*)`)
	// varSet is NAME= after a word boundary, optionally after export,
	// declare, local or readonly and their flags.
	varSet = regexp.MustCompile(`(?:^|[\s;&|(])(?:export\s+|declare\s+(?:-\w+\s+)*|typeset\s+(?:-\w+\s+)*|local\s+|readonly\s+)?([A-Za-z_][A-Za-z0-9_]*)(?:\[[^\]]*\])?\+?=`)
	// varRead is read NAME, for NAME in, and function-style loops.
	varRead = regexp.MustCompile(`\b(?:read(?:\s+-\w+(?:\s+\S+)?)*|for|select)\s+([A-Za-z_][A-Za-z0-9_]*(?:\s+[A-Za-z_][A-Za-z0-9_]*)*)`)
	// sourcesVars runs something that may set variables tutor cannot see.
	sourcesVars = regexp.MustCompile(`(?:^|[\s;&|(])(source|eval|\.)\s`)
)

// ambient are variables every shell or machine has.
var ambient = setOf("HOME", "USER", "LOGNAME", "PATH", "PWD", "OLDPWD", "SHELL", "HOSTNAME", "RANDOM", "UID", "EUID",
	"PPID", "LANG", "LC_ALL", "TERM", "IFS", "TMPDIR", "SECONDS", "LINENO", "BASH_SOURCE", "BASH_VERSION", "BASHPID",
	"KUBECONFIG", "GOPATH", "GOBIN", "GOROOT", "EDITOR", "VISUAL", "PAGER", "HOSTTYPE", "OSTYPE", "MACHTYPE",
	"REPLY", "PIPESTATUS", "FUNCNAME", "DISPLAY", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_DATA_HOME",
	"XDG_RUNTIME_DIR", "SSH_AUTH_SOCK", "CI", "GITHUB_WORKSPACE", "AZURE_CONFIG_DIR", "OPTARG", "OPTIND", "COLUMNS", "LINES")

// markUnsetVars adds, to each runnable step, the variables it uses that
// nothing in the post sets, as placeholders a run must fill.
func (b *builder) markUnsetVars() {
	t := b.tutorial
	set := map[string]bool{}
	for _, e := range t.Settings.Env {
		set[e.Name] = true
	}
	for _, st := range t.Steps() {
		for _, e := range st.Env {
			set[e.Name] = true
		}
		if st.Kind != model.KindShell && st.Kind != model.KindBackground {
			continue
		}
		for _, l := range b.linesOf(st) {
			if (strings.Contains(l, "source") || strings.Contains(l, "eval") || strings.Contains(l, ". ")) && sourcesVars.MatchString(l) {
				return // variables tutor cannot see
			}
			if strings.Contains(l, "=") {
				for _, m := range varSet.FindAllStringSubmatch(l, -1) {
					set[m[1]] = true
				}
			}
			if !strings.Contains(l, "read") && !strings.Contains(l, "for") && !strings.Contains(l, "select") {
				continue
			}
			for _, m := range varRead.FindAllStringSubmatch(l, -1) {
				for _, name := range strings.Fields(m[1]) {
					if name == "in" || name == "do" {
						break
					}
					set[name] = true
				}
			}
			if f := funcDef.FindString(strings.TrimSpace(l)); f != "" {
				set["1"] = true // a function: its own $1..$n
			}
		}
	}
	for _, st := range t.Steps() {
		if (st.Kind != model.KindShell && st.Kind != model.KindBackground) || st.Skip != "" {
			continue
		}
		seen := map[string]bool{}
		if !strings.Contains(st.Command, "$") {
			continue
		}
		for _, l := range b.linesOf(st) {
			for _, m := range varUse.FindAllStringSubmatch(unquotedSingle(l), -1) {
				name := m[1]
				if set[name] || ambient[name] || seen[name] || strings.HasPrefix(name, "BASH") {
					continue
				}
				seen[name] = true
				st.Placeholders = append(st.Placeholders, model.Placeholder{Text: "$" + name, Name: name, Env: true})
				b.warnf(st.Pos.Line, "$%s is used here but the post never sets it: a run takes it from --var %s=VALUE or the environment, or skips the step", name, name)
			}
		}
	}
}

// unquotedSingle blanks what single quotes hold: the shell does not expand
// it ('$HOME' is four characters).
func unquotedSingle(s string) string {
	if !strings.Contains(s, "'") {
		return s
	}
	out := []byte(s)
	in := false
	for i := 0; i < len(out); i++ {
		switch {
		case out[i] == '\'':
			in = !in
		case in:
			out[i] = ' '
		}
	}
	return string(out)
}
