package reader

import (
	"fmt"
	"slices"
	"strings"
)

// This file gives interactive shells in pods the non-interactive forms a
// run executes.

// runPod is the unattended form of kubectl run -it NAME ... -- sh.
type runPod struct {
	name  string
	start string // starts the pod and waits for it to be ready
	via   string // runs a line in it
	stop  string // deletes it, when the post asked for --rm ("" otherwise)
}

// runShellPod turns `kubectl run -it --rm NAME --image=IMG [-n NS] -- sh`
// into commands that need no terminal.
func runShellPod(cmd string, aliases map[string]string) runPod {
	f := commandFields(cmd)
	tool := f[0]
	if a, ok := aliases[tool]; ok {
		tool = a
	}
	var kept, ns []string
	rm := false
	args := f[1:]
	if i := slices.Index(args, "--"); i >= 0 {
		args = args[:i]
	}
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "-it" || a == "-ti" || a == "-i" || a == "-t" || a == "--stdin" || a == "--tty" ||
			strings.HasPrefix(a, "--stdin=") || strings.HasPrefix(a, "--tty=") || strings.HasPrefix(a, "--attach"):
		case a == "--rm" || a == "--rm=true":
			rm = true
		case strings.HasPrefix(a, "--restart"):
			if a == "--restart" {
				i++
			}
		case a == "-n" || a == "--namespace":
			if i+1 < len(args) {
				ns = []string{a, args[i+1]}
				kept = append(kept, a, args[i+1])
				i++
			}
		case strings.HasPrefix(a, "--namespace="):
			ns = []string{a}
			kept = append(kept, a)
		default:
			kept = append(kept, a)
		}
	}
	name := ""
	if p := positional(kept); len(p) > 1 {
		name = p[1]
	}
	nsArgs := strings.Join(ns, " ")
	sp := func(s string) string {
		if s == "" {
			return ""
		}
		return " " + s
	}
	r := runPod{name: name,
		start: fmt.Sprintf("%s %s --restart=Never -- sleep 3600 && %s wait --for=condition=Ready pod/%s%s --timeout=120s",
			tool, strings.Join(kept, " "), tool, name, sp(nsArgs)),
		via: fmt.Sprintf("%s exec %s%s -- sh -c", tool, name, sp(nsArgs))}
	if rm {
		r.stop = fmt.Sprintf("%s delete pod %s%s --wait=false", tool, name, sp(nsArgs))
	}
	return r
}

// shellVia returns the non-interactive form of `kubectl exec -it POD --
// sh`: the command the lines typed into that shell run through.
func shellVia(cmd string, aliases map[string]string) string {
	f := commandFields(cmd)
	if len(f) == 0 {
		return ""
	}
	tool := f[0]
	if a, ok := aliases[tool]; ok {
		tool = a
	}
	var kept []string
	for _, w := range f[1:] {
		if w == "--" {
			break
		}
		switch w {
		case "-it", "-ti", "-i", "-t", "--stdin", "--tty", "--stdin=true", "--tty=true":
			continue
		}
		kept = append(kept, w)
	}
	rest := afterDashes(f)
	sh := "sh"
	if len(rest) == 1 {
		sh = rest[0]
	}
	return tool + " " + strings.Join(kept, " ") + " -- " + sh + " -c"
}
