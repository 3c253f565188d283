package judge

import (
	"path"
	"slices"
	"strings"

	"github.com/tutor-run/tutor/engine/model"
)

// command is a command line reduced to what the rules look at: the tool,
// its subcommand words (flags and their values dropped) and the value of
// its output format flag.
type command struct {
	tool   string
	verbs  []string
	output string
	flags  []string
}

// verbIs reports whether the command's subcommand words start with vs.
func (c command) verbIs(vs ...string) bool {
	if len(c.verbs) < len(vs) {
		return false
	}
	for i, v := range vs {
		if c.verbs[i] != v {
			return false
		}
	}
	return true
}

// has reports whether the command carries flag f ("+short", "-o").
func (c command) has(f string) bool { return slices.Contains(c.flags, f) }

// valued are flags of the tools below that take a separate value, so that
// the value is not read as a subcommand.
var valued = map[string]bool{
	"-n": true, "--namespace": true, "-o": true, "--output": true, "-l": true, "--selector": true,
	"-f": true, "--filename": true, "--context": true, "--kubeconfig": true, "-c": true, "--container": true,
	"-g": true, "--resource-group": true, "--name": true, "--query": true, "--subscription": true,
	"--image": true, "--version": true, "--set": true, "--values": true, "-L": true, "--field-selector": true,
	"-p": true, "--port": true, "-t": true, "--type": true, "-W": true, "-w": true,
	"--repo": true, "--from-pod": true, "--to-pod": true, "--from-namespace": true, "--to-namespace": true,
	"--pod": true, "--last": true, "--since": true, "--verdict": true, "--timeout": true,
}

// parseCommand reads a one-line command; a kubectl exec, run or debug
// with "--" is read as the command it runs in the pod, and sudo is
// dropped.
func parseCommand(line string, aliases map[string]string) (command, bool) {
	words, ok := model.CommandWords(line, aliases)
	if !ok || len(words) == 0 {
		return command{}, false
	}
	if words[0] == "sudo" {
		words = words[1:]
	}
	if len(words) > 0 && path.Base(words[0]) == "kubectl" {
		if i := slices.Index(words, "--"); i > 0 && i+1 < len(words) &&
			(slices.Contains(words[:i], "exec") || slices.Contains(words[:i], "run") || slices.Contains(words[:i], "debug")) {
			words = words[i+1:]
			if len(words) > 1 && (words[0] == "sh" || words[0] == "bash") && words[1] == "-c" {
				return command{}, false
			}
		}
	}
	if len(words) == 0 {
		return command{}, false
	}
	c := command{tool: path.Base(words[0])}
	for i := 1; i < len(words); i++ {
		w := words[i]
		if !strings.HasPrefix(w, "-") && !strings.HasPrefix(w, "+") || w == "-" {
			c.verbs = append(c.verbs, w)
			continue
		}
		name, value, hasValue := strings.Cut(w, "=")
		if !hasValue && strings.HasPrefix(w, "-o") && !strings.HasPrefix(w, "--") && len(w) > 2 {
			name, value, hasValue = "-o", w[2:], true
		}
		c.flags = append(c.flags, name)
		if !hasValue && valued[name] && i+1 < len(words) {
			i++
			value = words[i]
		}
		if name == "-o" || name == "--output" {
			c.output = value
		}
	}
	return c, true
}

// kubectlActs are the kubectl verbs whose output is one line per object
// acted on.
var kubectlActs = map[string]bool{
	"apply": true, "create": true, "delete": true, "label": true, "annotate": true, "patch": true,
	"scale": true, "expose": true, "autoscale": true, "set": true, "replace": true, "rollout": true,
	"wait": true, "cordon": true, "uncordon": true, "drain": true, "taint": true,
}

// structured reports whether an output format is a document.
func structured(o string) bool {
	return o == "json" || o == "yaml" || o == "jsonc" || o == "yamlc"
}

// family picks the rule for a command other than the ones For tests first.
func family(c command, expected string) Rule {
	switch c.tool {
	case "kubectl":
		switch {
		case structured(c.output):
			return Document
		case len(c.verbs) > 0 && c.verbs[0] == "describe":
			return Describe
		case len(c.verbs) > 0 && kubectlActs[c.verbs[0]] && c.output == "":
			return KubeAction
		case len(c.verbs) > 0 && c.verbs[0] == "run" && c.output == "" && !c.has("-it") && !c.has("-i") && !c.has("--rm"):
			return KubeAction
		case c.verbIs("top") || c.verbIs("api-resources"):
			return Table
		}
	case "helm":
		switch {
		case structured(c.output):
			return Document
		case (c.verbIs("list") || c.verbIs("ls") || c.verbIs("search") || c.verbIs("history") || c.verbIs("repo", "list")) && c.output == "":
			return Table
		}
	case "cilium":
		switch {
		case structured(c.output):
			return Document
		case c.verbIs("connectivity", "test"):
			return CiliumTest
		case c.verbIs("endpoint", "list") || c.verbIs("service", "list") || c.verbIs("policy", "selectors"):
			return Table
		}
	case "az":
		switch c.output {
		case "table":
			return Table
		case "json", "jsonc", "yaml", "yamlc":
			return Document
		case "":
			if startsDocument(expected) {
				return Document
			}
		}
	case "ping", "ping6":
		return Ping
	case "dig", "nslookup", "host", "drill":
		if c.has("+short") {
			return DNSShort
		}
		return DNS
	case "jq", "yq":
		return Document
	}
	if startsDocument(expected) {
		return Document
	}
	return Text
}

// startsDocument reports whether a pasted output is a JSON document.
func startsDocument(s string) bool {
	t := strings.TrimSpace(s)
	return t != "" && (t[0] == '{' || t[0] == '[' && len(t) > 1 && strings.ContainsAny(t[1:2], "{\n\" "))
}
