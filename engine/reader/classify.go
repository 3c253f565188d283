package reader

import (
	"regexp"
	"strings"
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
