package reader

import (
	"strings"

	"github.com/tutor-run/tutor/engine/model"
)

// This file reads a block without prompts that mixes commands and the
// output pasted after each.

// splitScript splits a block without prompts into commands and the output
// pasted after each. A line that does not read as a command (and does not
// continue one) is output of the command before it. It reports whether
// any output line was found; when none was, the block is a script.
func splitScript(lines []srcLine, lenient bool, known map[string]bool) (cmds []command, hasOutput bool) {
	var st shellState
	var pendingComments []srcLine
	for i := 0; i < len(lines); i++ {
		l := lines[i]
		t := strings.TrimSpace(l.text)
		switch {
		case len(cmds) > 0 && st.incomplete():
			c := &cmds[len(cmds)-1]
			c.text += "\n" + l.text
			c.span.End = l.end
			st.feed(l.text)
			continue
		case t == "":
			pendingComments = nil
			if len(cmds) > 0 && len(cmds[len(cmds)-1].output) > 0 {
				c := &cmds[len(cmds)-1]
				c.output = append(c.output, l)
			}
			continue
		case strings.HasPrefix(t, "#") && (len(cmds) == 0 || len(cmds[len(cmds)-1].output) == 0 || endsBlank(lines[:i])):
			pendingComments = append(pendingComments, l)
			continue
		case (isCommandLineIn(l.text, known) || lenient && len(cmds) == 0 && !looksLikeOutput(l.text)) &&
			!(len(cmds) > 0 && continuesOutput(cmds[len(cmds)-1], l)):
			c := command{text: l.text, line: l.line, span: spanOf(l)}
			if len(pendingComments) > 0 {
				parts := make([]string, 0, len(pendingComments)+1)
				for _, pc := range pendingComments {
					parts = append(parts, pc.text)
				}
				c.text = strings.Join(append(parts, l.text), "\n")
				c.span.Start = pendingComments[0].start
				pendingComments = nil
			}
			st = shellState{}
			st.feed(l.text)
			cmds = append(cmds, c)
		default:
			pendingComments = nil
			if len(cmds) == 0 {
				cmds = append(cmds, command{line: -1})
			}
			c := &cmds[len(cmds)-1]
			c.output = append(c.output, l)
			hasOutput = true
		}
	}
	for i := range cmds {
		cmds[i].background = isBackground(cmds[i].text)
	}
	return cmds, hasOutput
}

// continuesOutput reports whether a command-like line is more likely a
// line of the output c is printing: a file's content after cat, the
// variables printenv lists, an indented row of a table, or a lone word
// such as a cluster's name after the command that lists it.
func continuesOutput(c command, l srcLine) bool {
	if len(c.output) == 0 {
		if c.line < 0 || c.background || strings.HasSuffix(strings.TrimSpace(c.text), "\\") {
			return false
		}
		t := strings.TrimSpace(l.text)
		return t == "{" || t == "[" || loneWord(l.text) && listsNames(c.text)
	}
	if endsBlank(c.output) {
		return false
	}
	switch strings.TrimSpace(l.text) {
	case "}", "]", "},", "],", ")":
		return true // the end of the JSON it printed
	}
	if columnar(l.text) {
		return true // another row of the table it printed
	}
	return printsFile(c.text) || strings.HasPrefix(l.text, " ") || strings.HasPrefix(l.text, "\t") || loneWord(l.text)
}

// listsNames reports whether a command lists names one a line (kind get
// clusters, kubectl config get-contexts -o name, ls).
func listsNames(cmd string) bool {
	lines := strings.Split(strings.TrimSpace(cmd), "\n")
	for _, w := range strings.Fields(lines[len(lines)-1]) {
		switch {
		case w == "get" || w == "list" || w == "ls" || strings.HasPrefix(w, "get-") || w == "-o=name" || w == "name":
			return true
		}
	}
	return false
}

// standalone are the commands a post types as one word.
var standalone = setOf("ls", "pwd", "date", "env", "printenv", "id", "whoami", "hostname", "uptime", "df", "free",
	"history", "clear", "exit", "set", "true", "false", "make", "ps", "top", "uname", "bash", "sh", "zsh", "cd",
	"logout", "sync", "w", "who", "tree", "jobs", "fg", "bg", "wait", "done", "fi", "esac", "}", ")", "then", "else", "do")

// loneWord reports whether a line is a single word that is a tool's name
// but not a command anyone types alone.
func loneWord(line string) bool {
	f := strings.Fields(line)
	return len(f) == 1 && !standalone[f[0]] && !assignment.MatchString(f[0]) && !strings.HasPrefix(f[0], "./")
}

// endsBlank reports whether the last of lines is blank.
func endsBlank(out []srcLine) bool {
	return len(out) > 0 && strings.TrimSpace(out[len(out)-1].text) == ""
}

// printsFile reports whether a command prints a file or a document whose
// lines may read as commands (a script, a Dockerfile, YAML).
func printsFile(cmd string) bool {
	f := strings.Fields(cmd)
	if len(f) == 0 {
		return false
	}
	switch f[0] {
	case "cat", "head", "tail", "less", "more", "diff", "bat", "printenv", "env", "set", "declare", "export":
		return true
	case "kubectl", "k", "helm":
		if strings.Contains(cmd, " printenv") || strings.HasSuffix(cmd, " env") || strings.Contains(cmd, " cat ") {
			return true
		}
		return strings.Contains(cmd, "-o yaml") || strings.Contains(cmd, "-oyaml") ||
			strings.Contains(cmd, "-o json") || strings.Contains(cmd, " get values") ||
			strings.Contains(cmd, " get manifest") || strings.Contains(cmd, " template ")
	}
	return false
}

func spanOf(l srcLine) model.Span { return model.Span{Start: l.start, End: l.end} }
