package reader

import (
	"regexp"
	"strings"

	"github.com/tutor-run/tutor/engine/model"
)

// This file decides, from a line's content alone, whether a reader would
// type it (a command) or read it (output), for blocks whose label does not
// say: unlabelled and indented blocks, shell fences holding pasted output,
// and shell fences that mix commands and their output without prompts.

// commandWords are the first words of commands that posts show: tools,
// shell builtins and keywords. A line whose first word is one of them (or
// a path to an executable, or an assignment) is a command.
var commandWords = setOf(
	// shell builtins and keywords
	"alias", "break", "case", "cd", "command", "continue", "declare", "do", "done", "echo",
	"elif", "else", "esac", "eval", "exec", "exit", "export", "false", "fi", "for",
	"function", "if", "local", "popd", "printf", "pushd", "read", "readonly", "return",
	"set", "shift", "source", "test", "then", "trap", "true", "type", "ulimit", "umask",
	"unalias", "unset", "until", "wait", "while", "[", "[[", "{", "}", "(", ")", ".",
	// coreutils and common Unix tools
	"awk", "base64", "basename", "bash", "cat", "chmod", "chown", "clear", "column", "cp",
	"curl", "cut", "date", "dd", "df", "diff", "dig", "dirname", "du", "env", "envsubst",
	"file", "find", "free", "grep", "egrep", "gunzip", "gzip", "head", "history", "host",
	"hostname", "id", "install", "ip", "jq", "kill", "killall", "less", "ln", "ls", "lsof",
	"man", "md5sum", "mkdir", "mktemp", "more", "mount", "mv", "nc", "netstat", "nohup",
	"nslookup", "openssl", "patch", "ping", "pkill", "ps", "pwd", "readlink", "realpath",
	"rm", "rmdir", "rsync", "scp", "sed", "seq", "sh", "sha256sum", "sleep", "sort", "ss",
	"ssh", "ssh-keygen", "stat", "sudo", "tail", "tar", "tee", "telnet", "time", "timeout",
	"top", "touch", "tr", "traceroute", "tree", "uname", "uniq", "unzip", "uptime", "watch",
	"wc", "wget", "which", "whoami", "xargs", "yes", "yq", "zip", "zsh", "sysctl",
	"systemctl", "journalctl", "service", "modprobe", "lsmod", "iptables", "nft",
	"tcpdump", "useradd", "usermod", "passwd", "su", "groupadd", "newgrp", "update-alternatives",
	"vi", "vim", "nano", "emacs", "code", "open", "xdg-open", "htop",
	// package managers and language tools
	"apt", "apt-get", "apt-key", "dpkg", "yum", "dnf", "rpm", "apk", "brew", "snap", "pip",
	"pip3", "pipx", "python", "python3", "node", "npm", "npx", "yarn", "pnpm", "go", "cargo",
	"rustup", "make", "gcc", "java", "mvn", "gradle", "gem", "bundle", "ruby", "jekyll",
	"hugo", "git", "gh", "perl", "php", "composer", "dotnet",
	// containers, clusters and clouds
	"docker", "docker-compose", "podman", "buildah", "skopeo", "crictl", "ctr", "nerdctl",
	"kubectl", "k", "kubeadm", "kubelet", "kubectx", "kubens", "kustomize", "kompose",
	"kubeconform", "kubeval", "helm", "helmfile", "minikube", "kind", "k3d", "k3s", "k9s",
	"stern", "oc", "minishift", "istioctl", "linkerd", "cilium", "hubble", "calicoctl",
	"argocd", "flux", "skaffold", "tilt", "tkn", "velero", "etcdctl", "cfssl", "cfssljson",
	"az", "azd", "func", "aws", "eksctl", "gcloud", "gsutil", "doctl", "terraform", "tofu",
	"packer", "vagrant", "ansible", "ansible-playbook", "vault", "consul", "nomad",
	"redis-cli", "psql", "mysql", "mongosh", "sqlcmd", "wg", "wg-quick", "kubetail",
	"cmctl", "mkcert", "step", "htpasswd", "ab", "hey", "wrk", "siege", "chroot", "nsenter",
	"unshare", "setcap", "getcap", "lsblk", "blkid", "mkfs", "losetup", "ifconfig", "route", "arp",
)

func setOf(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}

var (
	assignment = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*(\[[^\]]*\])?\+?=`)
	funcDef    = regexp.MustCompile(`^(function\s+[\w-]+|[\w-]+\s*\(\s*\))\s*\{?\s*$`)
	plainWord  = regexp.MustCompile(`^[a-z][a-z0-9._-]*$`)
	// usage is a line of a command's synopsis: stern pod-query [flags].
	usage = regexp.MustCompile(`\[(flags|options|OPTIONS|command|COMMAND|args|ARGS|OPTION)\]|\[-[a-zA-Z]+\]`)
	// keyValue is a "Key (detail): value" line of a tool's report.
	keyValue = regexp.MustCompile(`^[A-Za-z][\w .()/-]*[\w)]: +\S`)
	// kubectlResult is a line kubectl prints for an object it changed.
	kubectlResult = regexp.MustCompile(`^[a-z0-9.-]+(/[\w.-]+)?( [\w.-]+)? (created|configured|unchanged|deleted|patched|labeled|annotated|scaled|exposed|restarted|rolled back|serverside-applied)( \(.*\))?$`)
)

// isCommandLine reports whether a line of a block without prompts reads as
// something typed at a shell.
func isCommandLine(line string) bool { return isCommandLineIn(line, nil) }

// isCommandLineIn is isCommandLine that also knows the tools a post has
// already been seen to run (pebble, in a post about pebble).
func isCommandLineIn(line string, known map[string]bool) bool {
	t := strings.TrimSpace(line)
	if t == "" || strings.HasPrefix(t, "#") {
		return false
	}
	if usage.MatchString(t) || kubectlResult.MatchString(t) || strings.HasPrefix(t, "command terminated with exit code") ||
		strings.HasSuffix(t, ":") && !strings.ContainsAny(t, "|>$") || keyValue.MatchString(t) && !strings.HasPrefix(t, "echo ") && !strings.HasPrefix(t, "printf ") {
		return false
	}
	if assignment.MatchString(t) || funcDef.MatchString(t) {
		return true
	}
	fields := strings.Fields(t)
	w := fields[0]
	if lw := strings.ToLower(w); lw != w && commandWords[lw] && len(fields) > 1 && !looksLikeProse(fields) &&
		strings.ToUpper(w) != w {
		w = lw // "Cilium hubble ui": a capital the editor added
	}
	if w == "sudo" && len(fields) > 1 && !looksLikeProse(fields) {
		return true // nobody writes sudo before output
	}
	for (w == "sudo" || w == "time" || w == "nohup" || w == "env") && len(fields) > 1 {
		fields = fields[1:]
		w = fields[0]
		if assignment.MatchString(w) {
			return true
		}
	}
	if w == "." && len(fields) == 1 || strings.Contains(w, "(") && !strings.HasPrefix(w, "$(") && !strings.HasPrefix(w, "(") {
		return false // a directory listing's ".", a query's sum(rate(...))
	}
	switch {
	case commandWords[w]:
		return !looksLikeProse(fields)
	case known[w]:
		// A tool the post runs, followed by what it is told to do: not its
		// name alone or with a version (what it prints).
		return len(fields) > 1 && !looksLikeProse(fields) && !strings.ContainsAny(fields[1][:1], "0123456789(")
	case strings.HasPrefix(w, "./") || strings.HasPrefix(w, "../") || strings.HasPrefix(w, "~/"):
		return true
	case strings.HasPrefix(w, "/") && (strings.Contains(w, "/bin/") || strings.HasSuffix(w, ".sh")):
		return true
	case strings.HasPrefix(w, "$(") || strings.HasPrefix(w, "${"):
		return true
	}
	// An unknown program with flags, a pipe or a redirect, or run in the
	// background.
	if plainWord.MatchString(w) && isBackground(t) {
		return true
	}
	if plainWord.MatchString(w) && len(fields) > 1 && !columnar(line) {
		for _, f := range fields[1:] {
			if f == "|" || f == ">" || f == ">>" || f == "&&" || f == "||" {
				return true
			}
			if strings.HasPrefix(f, "-") && len(f) > 1 && !strings.HasPrefix(f, "--->") && f != "--" {
				return true
			}
		}
	}
	return false
}

// columnGap is a run of two or more spaces between words: tables have
// them, commands seldom do.
var columnGap = regexp.MustCompile(`\S(  +|\t)\S`)

// columnar reports whether a line is a row of a table: two or more gaps.
func columnar(line string) bool {
	return len(columnGap.FindAllStringIndex(strings.TrimSpace(line), 2)) == 2
}

// looksLikeOutput reports whether a line reads as something a program
// printed, not something typed: a table row, a message, a key: value line,
// JSON, a log line, a line that starts with neither a letter nor a path.
func looksLikeOutput(line string) bool {
	t := strings.TrimSpace(line)
	if t == "" {
		return false
	}
	if columnar(t) || kubectlResult.MatchString(t) || keyValue.MatchString(t) || strings.HasSuffix(t, ":") {
		return true
	}
	c := t[0]
	switch {
	case t == ".":
		return true
	case c >= 'a' && c <= 'z':
		f := strings.Fields(t)[0]
		return strings.Contains(f, "(") && !strings.Contains(f, "$(") && !funcDef.MatchString(t) // sum(rate(x))
	case c == '.', c == '/', c == '~', c == '$', c == '[', c == '(', c == '_',
		c == '{' && strings.HasPrefix(t, "{ "):
		return false
	case c >= 'A' && c <= 'Z':
		return !assignment.MatchString(t)
	}
	return true
}

// looksLikeProse tells a sentence that starts with a tool's name ("cat
// food is ...", "kind is a tool for ...") from a command: commands do not
// end with a full stop after a lower-case word and rarely hold "is" or
// "are" as their second word.
func looksLikeProse(fields []string) bool {
	if len(fields) < 3 {
		return false
	}
	switch fields[1] {
	case "is", "are", "was", "will", "can", "has", "have", "does":
		return true
	}
	return false
}

// everyLine reports whether lines hold at least one line that is not
// blank, and every such line, trimmed, passes ok.
func everyLine(lines []srcLine, ok func(t string) bool) bool {
	n := 0
	for _, l := range lines {
		t := strings.TrimSpace(l.text)
		if t == "" {
			continue
		}
		if !ok(t) {
			return false
		}
		n++
	}
	return n > 0
}

// envListing reports whether lines are NAME=value pairs and nothing else:
// what printenv prints, not a script that sets them.
func envListing(lines []srcLine) bool {
	return everyLine(lines, func(t string) bool {
		name, value, ok := strings.Cut(t, "=")
		return ok && envListName.MatchString(name) && !strings.ContainsAny(value, " \"'$`;|&")
	})
}

var envListName = regexp.MustCompile(`^[A-Z][A-Z0-9_]*$`)

// startsWithCommand reports whether the first line of lines that is
// neither blank nor a comment reads as a command.
func startsWithCommand(lines []srcLine) bool {
	for _, l := range lines {
		t := strings.TrimSpace(l.text)
		if t == "" || strings.HasPrefix(t, "#") {
			continue
		}
		return isCommandLine(l.text)
	}
	return false
}

// onlyComments reports whether lines hold nothing but blank lines and
// shell comments.
func onlyComments(lines []srcLine) bool {
	for _, l := range lines {
		t := strings.TrimSpace(l.text)
		if t != "" && !strings.HasPrefix(t, "#") {
			return false
		}
	}
	return true
}

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
		case strings.HasPrefix(t, "#") && (len(cmds) == 0 || len(cmds[len(cmds)-1].output) == 0 || followsBlank(lines, i)):
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

// followsBlank reports whether the line before lines[i] is blank.
func followsBlank(lines []srcLine, i int) bool {
	return i > 0 && strings.TrimSpace(lines[i-1].text) == ""
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
	if followsBlankLine(c.output) {
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

func followsBlankLine(out []srcLine) bool {
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
