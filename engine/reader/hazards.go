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

// markHazards reads a shell step's commands for what an unattended run
// lacks, changes how the step runs where that keeps its meaning, and warns.
// It returns the interactive shell or program the step opens, if any: the
// lines after it are typed into that.
func (b *builder) markHazards(st *model.Step) (opened *insideShell) {
	if st.Kind != model.KindShell && st.Kind != model.KindBackground {
		return nil
	}
	aliases := b.tutorial.Settings.Aliases
	st.Placeholders = findPlaceholders(st.Command)
	for _, p := range st.Placeholders {
		b.warnf(st.Pos.Line, "placeholder %s: a run needs a value for it (--var %s=VALUE) or skips the step", p.Text, p.Name)
	}
	if st.Kind == model.KindBackground || st.Skip != "" || b.directed {
		return nil
	}
	lines := b.linesOf(st)
	for i, l := range lines {
		h, why := classifyHazard(l, aliases)
		last := i == len(lines)-1
		switch h {
		case hazardServer:
			if !last || len(lines) > 1 {
				st.Skip = "runs until stopped (" + why + ") in the middle of a script"
				b.warnf(st.Pos.Line, "%s: a script cannot go on after it; the step is skipped", why)
				return nil
			}
			if port := localPort(l); port != "" {
				if first, ok := b.forwards[port]; ok {
					st.Skip = fmt.Sprintf("an alternative to the command at line %d: it forwards the same local port %s", first, port)
					return nil
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
				return nil
			}
			pod := runShellPod(l, aliases)
			st.Unattended = pod.start
			st.Note = fmt.Sprintf("%s: the run starts pod %s without a terminal and runs the commands typed into it through %s", why, pod.name, pod.via)
			st.Expect = append(st.Expect, model.Expectation{Kind: model.MatchIgnore, Pos: st.Pos})
			return &insideShell{via: pod.via, stop: pod.stop, line: st.Pos.Line, hostPrompt: b.lastPrompt, program: "the pod's shell", block: b.blockLine(st)}
		case hazardInteractive, hazardShell:
			st.Skip = "interactive: " + why
			b.warnf(st.Pos.Line, "interactive: %s; the run skips it", why)
			if h == hazardShell {
				via := shellVia(l, aliases)
				st.Skip += "; the commands typed into it run through " + via
				return &insideShell{via: via, line: st.Pos.Line, hostPrompt: b.lastPrompt, block: b.blockLine(st)}
			}
			// What is typed next goes to the program, which tutor cannot
			// type into.
			return &insideShell{line: st.Pos.Line, hostPrompt: b.lastPrompt, program: programName(l), block: b.blockLine(st)}
		}
	}
	return nil
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
