package reader

import (
	"fmt"
	"strings"

	"github.com/tutor-run/tutor/engine/model"
)

// learnTool remembers the program a step runs, so that later lines that
// start with it read as commands.
func (b *builder) learnTool(st *model.Step) {
	for _, l := range b.linesOf(st) {
		if f := commandFields(l); len(f) > 0 && plainWord.MatchString(f[0]) && len(b.tools) < maxTools {
			b.tools[f[0]] = true
		}
	}
}

// maxTools bounds the tools a post teaches the reader.
const maxTools = 256

// startsWithCommand is startsWithCommand knowing the post's tools.
func (b *builder) startsWithCommand(lines []srcLine) bool {
	for _, l := range lines {
		t := strings.TrimSpace(l.text)
		if t == "" || strings.HasPrefix(t, "#") {
			continue
		}
		return isCommandLineIn(l.text, b.tools)
	}
	return false
}

// shellStep reads a shell step for hazards and, inside an interactive
// shell the post opened, routes it through that shell's non-interactive
// form.
func (b *builder) shellStep(st *model.Step) {
	b.learnTool(st)
	if in := b.inside; in != nil {
		if strings.TrimSpace(st.Command) == "exit" {
			b.inside = nil
			if in.stop != "" {
				st.Unattended = in.stop // kubectl run --rm: the pod goes when its shell exits
				st.Note = fmt.Sprintf("leaves the shell of the pod started at line %d, which --rm deletes", in.line)
				return
			}
			st.Skip = fmt.Sprintf("leaves the interactive shell opened at line %d", in.line)
			return
		}
		if in.via == "" {
			st.Skip = fmt.Sprintf("typed into %s, opened interactively at line %d: tutor cannot type into it", in.program, in.line)
			return
		}
		st.Via = in.via
		b.markHazards(st) // a shell opened inside it is not followed
		return
	}
	if opened := b.markHazards(st); opened != nil {
		b.inside = opened
	}
}

// blockLine is the line of the block a step comes from, or 0.
func (b *builder) blockLine(st *model.Step) int {
	if st.Block == nil {
		return 0
	}
	return st.Block.Pos.Line
}

// programName names the interactive program a command opens.
func programName(cmd string) string {
	f := commandFields(cmd)
	if len(f) == 0 {
		return "an interactive program"
	}
	switch f[0] {
	case "kubectl", "k", "oc":
		return "the pod's shell"
	case "docker", "podman", "nerdctl":
		return "the container's shell"
	case "ssh", "minikube":
		return "the remote shell"
	}
	return f[0]
}
