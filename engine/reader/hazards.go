package reader

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/tutor-run/tutor/engine/model"
)

// This file finds what a post's commands need from a person at a terminal:
// commands that never end on their own, interactive programs, and values
// the post leaves to the reader. The reader says so in the plan and in
// warnings, before anything runs.

// ObservationWindow is how long a command that follows output forever
// (`kubectl get -w`, `tail -f`, `ping` without -c) is watched before it is
// stopped and what it printed is judged.
const ObservationWindow = 10 * time.Second

// hazard is what a command needs that an unattended run lacks.
type hazard int

const (
	hazardNone hazard = iota
	// hazardServer never ends: it serves (port-forward, proxy, tunnel).
	hazardServer
	// hazardFollow never ends: it follows output (-w, -f, watch, ping).
	hazardFollow
	// hazardInteractive waits for a person (a shell, an editor, a prompt).
	hazardInteractive
	// hazardShell opens an interactive shell in a pod or container: the
	// commands after it run inside.
	hazardShell
	// hazardRunShell starts a pod and opens a shell in it (kubectl run -it
	// ... -- sh): the run starts the pod without a terminal, runs the
	// commands after it through kubectl exec, and deletes it at exit when
	// the post asked for --rm.
	hazardRunShell
)

// shellNames are the programs that start an interactive shell.
var shellNames = setOf("sh", "bash", "ash", "zsh", "/bin/sh", "/bin/bash", "/bin/ash", "/bin/zsh", "/usr/bin/bash", "/usr/bin/sh")

// words splits one command line into plain fields after dropping sudo and
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

// classifyHazard says what one command line needs, with a reason in
// words.
func classifyHazard(cmd string, aliases map[string]string) (hazard, string) {
	line := strings.TrimSpace(cmd)
	if strings.Contains(line, "|") || isBackground(line) {
		// A pipe's last program decides; a trailing & is already a
		// background step.
		if isBackground(line) {
			return hazardNone, ""
		}
	}
	f := commandFields(line)
	if len(f) == 0 {
		return hazardNone, ""
	}
	tool := f[0]
	if a, ok := aliases[tool]; ok {
		tool = a
	}
	sub := ""
	if len(f) > 1 {
		sub = f[1]
	}
	switch tool {
	case "kubectl", "oc":
		verb := kubectlVerb(f[1:])
		switch {
		case verb == "port-forward" || verb == "proxy":
			return hazardServer, "kubectl " + verb + " runs until stopped"
		case verb == "exec" || verb == "run" || verb == "attach" || verb == "debug":
			if hasFlag(f, "-i", "-t", "--stdin", "--tty") {
				rest := afterDashes(f)
				if verb == "exec" && len(rest) == 1 && shellNames[rest[0]] {
					return hazardShell, "kubectl exec -it opens an interactive shell"
				}
				if verb == "run" && (len(rest) == 0 || len(rest) == 1 && shellNames[rest[0]]) && len(positional(f[1:])) > 1 {
					return hazardRunShell, "kubectl run -it starts a pod and opens a shell in it"
				}
				if len(rest) == 0 || (len(rest) == 1 && shellNames[rest[0]]) {
					return hazardInteractive, "kubectl " + verb + " -it waits for a person at a terminal"
				}
				if hasFlag(f, "-t", "--tty") && len(rest) > 0 && !shellNames[rest[0]] {
					return hazardNone, "" // a command with a tty: runs and ends
				}
				return hazardInteractive, "kubectl " + verb + " -it waits for a person at a terminal"
			}
		case verb == "edit":
			return hazardInteractive, "kubectl edit opens an editor"
		case (verb == "get" || verb == "events" || verb == "top") && hasFlag(f, "-w", "--watch", "--watch-only"):
			return hazardFollow, "kubectl " + verb + " --watch never ends"
		case verb == "logs" && hasFlag(f, "-f", "--follow"):
			return hazardFollow, "kubectl logs --follow never ends"
		}
	case "hubble":
		switch {
		case sub == "observe" && hasFlag(f, "-f", "--follow"):
			return hazardFollow, "hubble observe --follow never ends"
		case sub == "ui":
			return hazardServer, "hubble ui serves until stopped"
		}
	case "cilium":
		if sub == "hubble" && len(f) > 2 && (f[2] == "port-forward" || f[2] == "ui") {
			return hazardServer, "cilium hubble " + f[2] + " runs until stopped"
		}
	case "minikube":
		switch sub {
		case "tunnel", "dashboard", "mount":
			return hazardServer, "minikube " + sub + " runs until stopped"
		case "ssh":
			if len(f) == 2 {
				return hazardInteractive, "minikube ssh opens an interactive shell"
			}
		case "service":
			if !hasFlag(f, "--url") {
				return hazardInteractive, "minikube service opens a browser"
			}
		}
	case "tail":
		if hasFlag(f, "-f", "-F", "--follow") {
			return hazardFollow, "tail -f never ends"
		}
	case "watch":
		return hazardFollow, "watch repeats until stopped"
	case "ping":
		if !hasFlag(f, "-c", "-w", "--count") {
			return hazardFollow, "ping without -c never ends"
		}
	case "stern", "kubetail":
		return hazardFollow, tool + " follows logs until stopped"
	case "jekyll", "hugo", "bundle":
		if slices.Contains(f, "serve") || slices.Contains(f, "server") {
			return hazardServer, tool + " serve runs until stopped"
		}
	case "python", "python3":
		if slices.Contains(f, "http.server") || slices.Contains(f, "SimpleHTTPServer") {
			return hazardServer, "python -m http.server runs until stopped"
		}
		if len(f) == 1 {
			return hazardInteractive, tool + " without a script opens its prompt"
		}
	case "docker", "podman", "nerdctl":
		if (sub == "run" || sub == "exec") && hasFlag(f, "-i", "-t", "--interactive", "--tty") && !hasFlag(f, "-d", "--detach") {
			return hazardInteractive, tool + " " + sub + " -it waits for a person at a terminal"
		}
		if sub == "logs" && hasFlag(f, "-f", "--follow") {
			return hazardFollow, tool + " logs --follow never ends"
		}
	case "vi", "vim", "nano", "emacs", "code", "less", "more", "man", "top", "htop", "k9s", "passwd":
		return hazardInteractive, tool + " needs a person at a terminal"
	case "read":
		return hazardInteractive, "read waits for input"
	case "su":
		return hazardInteractive, "su asks for a password"
	case "ssh":
		if len(f) == 2 {
			return hazardInteractive, "ssh without a command opens an interactive shell"
		}
	case "ssh-keygen":
		if !hasFlag(f, "-N") && !hasFlag(f, "-l", "-y", "-R", "-F") {
			return hazardInteractive, "ssh-keygen without -N asks for a passphrase"
		}
	case "az":
		if sub == "login" && !hasFlag(f, "--service-principal", "--identity", "--federated-token") {
			return hazardInteractive, "az login without a service principal opens a browser"
		}
	case "redis-cli", "psql", "mysql", "mongosh", "sqlcmd", "node", "irb":
		if !hasPositional(f[1:]) && !hasFlag(f, "-c", "-e", "--eval", "-f", "--file", "-Q") {
			return hazardInteractive, tool + " without a command opens its prompt"
		}
	case "bash", "sh", "zsh":
		if len(f) == 1 {
			return hazardInteractive, tool + " without a script opens an interactive shell"
		}
	}
	return hazardNone, ""
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

// placeholderRE finds values a command leaves to the reader: <pod-name>,
// <EXTERNAL-IP>, and Hugo shortcodes {{< param "version" >}}.
var (
	anglePlaceholder = regexp.MustCompile(`<([A-Za-z][A-Za-z0-9_.:-]*(?: [A-Za-z0-9_.-]+){0,3})>`)
	hugoShortcode    = regexp.MustCompile(`\{\{[<%]\s*([\w/-]+)(?:\s+"?([^"}%>]*)"?)?\s*[%>]\}\}`)
)

// findPlaceholders lists the placeholders of a command.
func findPlaceholders(cmd string) []model.Placeholder {
	var ps []model.Placeholder
	seen := map[string]bool{}
	add := func(text, name string) {
		if !seen[text] {
			seen[text] = true
			ps = append(ps, model.Placeholder{Text: text, Name: name})
		}
	}
	for _, m := range hugoShortcode.FindAllStringSubmatch(cmd, -1) {
		name := m[1]
		if m[2] != "" {
			name = strings.TrimSpace(m[2])
		}
		add(m[0], name)
	}
	for _, loc := range anglePlaceholder.FindAllStringSubmatchIndex(cmd, -1) {
		if loc[0] > 0 && (cmd[loc[0]-1] == '<' || cmd[loc[0]-1] == '{') {
			continue // a here-document or a shortcode
		}
		text := cmd[loc[0]:loc[1]]
		if strings.HasPrefix(text, "<<") || strings.HasPrefix(text, "<(") {
			continue
		}
		add(text, cmd[loc[2]:loc[3]])
	}
	return ps
}

// markHazards reads a shell step's commands for what an unattended run
// lacks, changes how the step runs where that keeps its meaning, and warns.
func (b *builder) markHazards(st *model.Step) {
	if st.Kind != model.KindShell && st.Kind != model.KindBackground {
		return
	}
	aliases := b.tutorial.Settings.Aliases
	st.Placeholders = findPlaceholders(st.Command)
	for _, p := range st.Placeholders {
		b.warnf(st.Pos.Line, "placeholder %s: a run needs a value for it (--var %s=VALUE) or skips the step", p.Text, p.Name)
	}
	if st.Kind == model.KindBackground || st.Skip != "" || b.directed {
		return
	}
	lines := commandLines(st.Command)
	for i, l := range lines {
		h, why := classifyHazard(l, aliases)
		last := i == len(lines)-1
		switch h {
		case hazardServer:
			if !last || len(lines) > 1 {
				st.Skip = "runs until stopped (" + why + ") in the middle of a script"
				b.warnf(st.Pos.Line, "%s: a script cannot go on after it; the step is skipped", why)
				return
			}
			if port := localPort(l); port != "" {
				if first, ok := b.forwards[port]; ok {
					st.Skip = fmt.Sprintf("an alternative to the command at line %d: it forwards the same local port %s", first, port)
					return
				}
				b.forwards[port] = st.Pos.Line
			}
			st.Kind = model.KindBackground
			st.Note = why + ": started in the background and stopped when the run ends"
			if st.Ready == nil && strings.Contains(l, "port-forward") {
				st.Ready = &model.Readiness{Pattern: "Forwarding from", Within: 30 * time.Second}
			}
			b.warnf(st.Pos.Line, "%s: tutor starts it in the background", why)
		case hazardFollow:
			if !last || len(lines) > 1 {
				continue
			}
			st.Window = ObservationWindow
			st.Note = fmt.Sprintf("%s: watched for %s, then stopped; what it printed by then is judged", why, ObservationWindow)
			b.warnf(st.Pos.Line, "%s: tutor watches it for %s", why, ObservationWindow)
		case hazardRunShell:
			if len(lines) > 1 {
				st.Skip = "interactive: " + why + ", in the middle of a script"
				return
			}
			pod := runShellPod(l, aliases)
			st.Unattended = pod.start
			st.Note = fmt.Sprintf("%s: the run starts pod %s without a terminal and runs the commands typed into it through %s", why, pod.name, pod.via)
			st.Expect = append(st.Expect, model.Expectation{Kind: model.MatchIgnore, Pos: st.Pos})
			return
		case hazardInteractive, hazardShell:
			st.Skip = "interactive: " + why
			if h == hazardShell {
				st.Skip += "; the commands typed into it run through " + shellVia(l, aliases)
			}
			b.warnf(st.Pos.Line, "interactive: %s; the run skips it", why)
			return
		}
	}
}

// forwardPort finds the local port of a port-forward: 7000 in 7000:6379,
// or a lone port.
var forwardPort = regexp.MustCompile(`(?:^|\s)(?:--address[= ]\S+\s+)?(\d{2,5})(?::\d{1,5})?(?:\s|$)`)

// localPort returns the local port a port-forward listens on, or "".
func localPort(cmd string) string {
	if !strings.Contains(cmd, "port-forward") {
		return ""
	}
	if m := forwardPort.FindStringSubmatch(cmd[strings.Index(cmd, "port-forward"):]); m != nil {
		return m[1]
	}
	return ""
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
