package reader

import (
	"slices"
	"strings"

	"github.com/tutor-run/tutor/engine/model"
)

// This file reads the words of one command line: its program, flags and
// kubectl verb.

// commandFields splits one command line into plain fields after dropping sudo and
// leading assignments; continuation backslashes are joined.
func commandFields(cmd string) []string {
	cmd = strings.ReplaceAll(cmd, "\\\n", " ")
	f := strings.Fields(cmd)
	for len(f) > 0 && (f[0] == "sudo" || assignment.MatchString(f[0]) || f[0] == "time" || f[0] == "nohup") {
		f = f[1:]
	}
	for i, w := range f {
		f[i] = strings.Trim(w, `"'`)
	}
	return f
}

func hasFlag(f []string, flags ...string) bool {
	for _, w := range f {
		if w == "--" {
			return false
		}
		for _, fl := range flags {
			if w == fl || strings.HasPrefix(w, fl+"=") {
				return true
			}
			// short flags grouped: -it, -ti, -itq
			if len(fl) == 2 && fl[0] == '-' && len(w) > 2 && w[0] == '-' && w[1] != '-' && strings.ContainsRune(w[1:], rune(fl[1])) && !strings.ContainsAny(w, "=") && len(w) <= 4 {
				return true
			}
		}
	}
	return false
}

// afterDashes returns the words after a lone "--".
func afterDashes(f []string) []string {
	if i := slices.Index(f, "--"); i >= 0 {
		return f[i+1:]
	}
	return nil
}

// kubectlVerb returns kubectl's subcommand, skipping flags before it.
func kubectlVerb(args []string) string {
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "-n" || a == "--namespace" || a == "--context" || a == "--kubeconfig":
			i++
		case strings.HasPrefix(a, "-"):
		default:
			return a
		}
	}
	return ""
}

// hasPositional reports whether args hold a word that is not a flag or a
// flag's value (a redis-cli command, a psql database is not enough).
func hasPositional(args []string) bool {
	for i := 0; i < len(args); i++ {
		a := args[i]
		if strings.HasPrefix(a, "-") {
			if !strings.Contains(a, "=") && i+1 < len(args) && !strings.HasPrefix(args[i+1], "-") && len(a) == 2 {
				i++ // -p 7000
			}
			continue
		}
		return true
	}
	return false
}

// linesOf is commandLines of a step's command, split once: the hazards,
// the tools a post runs, its variables, its objects and its files all read
// the same lines.
func (b *builder) linesOf(st *model.Step) []string {
	if l, ok := b.stepLines[st]; ok {
		return l
	}
	l := commandLines(st.Command)
	b.stepLines[st] = l
	return l
}

// commandLines splits a step's command into its command lines, joining
// continuations and leaving here-document bodies out.
func commandLines(cmd string) []string {
	var out []string
	var st shellState
	var cur []string
	for _, l := range strings.Split(cmd, "\n") {
		inDoc := st.heredoc != ""
		st.feed(l)
		if inDoc {
			continue
		}
		t := strings.TrimSpace(l)
		if strings.HasPrefix(t, "#") && len(cur) == 0 {
			continue
		}
		cur = append(cur, strings.TrimSuffix(t, "\\"))
		if !st.incomplete() || st.heredoc != "" {
			if s := strings.TrimSpace(strings.Join(cur, " ")); s != "" {
				out = append(out, s)
			}
			cur = nil
		}
	}
	if s := strings.TrimSpace(strings.Join(cur, " ")); s != "" {
		out = append(out, s)
	}
	return out
}
