package reader

import (
	"regexp"
	"strings"

	"github.com/tutor-run/tutor/engine/model"
)

// This file checks a post as a whole for what a reader following it would
// trip over: a post with nothing to run, and pods it uses but never
// creates (the seed execs into a testpod that nothing starts).

// lintPost adds the warnings about the post as a whole.
func (b *builder) lintPost() {
	t := b.tutorial
	runs := false
	for _, st := range t.Steps() {
		if st.Runs() || st.Kind == model.KindShell || st.Kind == model.KindBackground {
			runs = true
			break
		}
	}
	if !runs {
		b.warnf(b.bodyStart, "no step of this post runs: no block holds a command tutor recognises (label command blocks bash, or put <!-- tutor: run --> before one)")
		return
	}
	b.lintUncreatedPods()
}

var (
	// manifestName is a name: line at the indentation metadata's fields
	// usually have.
	manifestName = regexp.MustCompile(`(?m)^\s{2,4}name:\s*["']?([a-z0-9][a-z0-9.-]*)`)
	// fromElsewhere applies objects whose text is not in the post.
	fromElsewhere = regexp.MustCompile(`\b(apply|create|replace)\b.*\s(-f|--filename)[ =]?(\S+)|\b(apply|create)\b.*\s(-k|--kustomize)\b|\bhelm\b.*\b(install|upgrade)\b`)
)

// lintUncreatedPods warns about the pods a post execs into, reads the logs
// of or forwards to when nothing in the post creates them. A post that
// applies manifests from elsewhere (a URL, a file it does not show) or
// installs a chart creates objects tutor cannot see, and is not checked.
func (b *builder) lintUncreatedPods() {
	created := map[string]bool{}
	written := map[string]bool{}
	type use struct {
		name string
		line int
	}
	var uses []use
	for _, st := range b.tutorial.Steps() {
		switch st.Kind {
		case model.KindManifest:
			for _, m := range manifestName.FindAllStringSubmatch(st.Manifest, -1) {
				created[m[1]] = true
			}
			continue
		case model.KindFile:
			written[st.Path] = true
			for _, m := range manifestName.FindAllStringSubmatch(st.Content, -1) {
				created[m[1]] = true
			}
			continue
		case model.KindShell, model.KindBackground:
		default:
			continue
		}
		if strings.Contains(st.Command, "name:") {
			for _, m := range manifestName.FindAllStringSubmatch(st.Command, -1) {
				created[m[1]] = true // a here-document's manifest
			}
		}
		if !strings.Contains(st.Command, "kubectl") && !strings.Contains(st.Command, "helm") && !strings.Contains(st.Command, "k ") && !strings.Contains(st.Command, "oc ") {
			continue
		}
		for _, l := range b.linesOf(st) {
			if m := fromElsewhere.FindStringSubmatch(l); m != nil {
				if m[3] != "" && (written[m[3]] || m[3] == "-") {
					continue
				}
				return // objects tutor cannot see
			}
			f := commandFields(l)
			if len(f) < 3 {
				continue
			}
			if tool := f[0]; tool != "kubectl" && tool != "k" && b.tutorial.Settings.Aliases[tool] != "kubectl" {
				continue
			}
			verb, name := kubectlVerb(f[1:]), ""
			args := positional(f[1:])
			switch verb {
			case "run":
				if len(args) > 1 {
					created[args[1]] = true
				}
			case "create", "expose":
				if len(args) > 2 {
					created[args[2]] = true
				}
			case "exec", "logs", "attach", "port-forward":
				if len(args) > 1 {
					name = strings.TrimPrefix(args[1], "pod/")
					name = strings.TrimPrefix(name, "pods/")
				}
			}
			if name != "" && !strings.ContainsAny(name, "/$<{(") {
				uses = append(uses, use{name, st.Pos.Line})
			}
		}
	}
	warned := map[string]bool{}
	for _, u := range uses {
		if created[u.name] || warned[u.name] || createdAsPrefix(created, u.name) {
			continue
		}
		warned[u.name] = true
		b.warnf(u.line, "pod %s is used here but nothing in the post creates it (no kubectl run %s, no manifest naming it)", u.name, u.name)
	}
}

// createdAsPrefix reports whether name is a pod of a workload the post
// creates: web-7d4b9c8f6d-x2x9q belongs to web.
func createdAsPrefix(created map[string]bool, name string) bool {
	for n := range created {
		if strings.HasPrefix(name, n+"-") {
			return true
		}
	}
	return false
}

// positional returns the words of a kubectl command that are not flags or
// flag values, up to a "--".
func positional(args []string) []string {
	var out []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "--":
			return out
		case a == "-n" || a == "--namespace" || a == "-c" || a == "--container" || a == "--context" || a == "-l" || a == "--selector" || a == "--image" || a == "-o":
			i++
		case strings.HasPrefix(a, "-"):
		default:
			out = append(out, a)
		}
	}
	return out
}
