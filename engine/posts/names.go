package posts

import (
	"path/filepath"
	"strings"

	"mvdan.cc/sh/v3/syntax"

	"github.com/tutor-run/tutor/engine/model"
)

// Names returns the files the steps of t name by a relative path
// (kubectl apply -f manifests/web.yaml, helm install -f values.yaml,
// source ./env.sh), resolved against dir, the directory the post runs in,
// cleaned and in order of first mention. Steps that do not run, and steps
// that run inside a pod's shell, name nothing; a path the post writes
// first (a file step, > out.yaml, tee, the target of cp or mv, curl -o,
// wget -O) is the post's own and does not count after that. A cd to a
// literal directory moves where later paths resolve; after a cd to a
// computed place (cd "$DIR"), relative paths are no longer followed.
// Command names without a slash (looked up on PATH), ".", ".." and
// paths made of them name nothing.
func Names(t *model.Tutorial, dir string) []string {
	n := &namer{cwd: filepath.Clean(dir), known: true, written: map[string]bool{}, seen: map[string]bool{}}
	for _, s := range t.Sections {
		if s.Skip != "" {
			continue
		}
		for _, st := range s.Steps {
			if !st.Runs() || st.Via != "" {
				continue
			}
			switch st.Kind {
			case model.KindFile:
				n.write(st.Path)
			case model.KindShell, model.KindBackground:
				n.command(st.Command)
			}
		}
	}
	return n.names
}

// namer follows a post's commands in order.
type namer struct {
	cwd   string
	known bool // false after a cd to a place that cannot be known
	// written are the paths the post wrote itself.
	written map[string]bool
	seen    map[string]bool
	names   []string
}

// resolve returns the path a relative word names, or "".
func (n *namer) resolve(word string) string {
	if !n.known || word == "" || strings.HasPrefix(word, "/") || strings.HasPrefix(word, "~") || strings.Contains(word, "://") {
		return ""
	}
	clean := filepath.Clean(filepath.FromSlash(word))
	if clean == "." || clean == ".." || strings.Trim(filepath.ToSlash(clean), "./") == "" {
		return ""
	}
	return filepath.Join(n.cwd, clean)
}

func (n *namer) name(word string) {
	for _, w := range candidates(word) {
		if p := n.resolve(w); p != "" && !n.written[p] && !n.seen[p] {
			n.seen[p] = true
			n.names = append(n.names, p)
		}
	}
}

func (n *namer) write(word string) {
	if p := n.resolve(word); p != "" {
		n.written[p] = true
	}
}

// candidates are the paths a word may hold: a flag's value after "=",
// and what follows the last "=" (--from-file=key=path).
func candidates(word string) []string {
	if strings.HasPrefix(word, "-") {
		_, v, ok := strings.Cut(word, "=")
		if !ok {
			return nil
		}
		word = v
	}
	out := []string{word}
	if i := strings.LastIndexByte(word, '='); i >= 0 {
		out = append(out, word[i+1:])
	}
	return out
}

// command follows one step's command. A command the shell parser cannot
// read (a placeholder such as <pod-name>) is read word by word.
func (n *namer) command(cmd string) {
	f, err := syntax.NewParser(syntax.Variant(syntax.LangBash)).Parse(strings.NewReader(cmd), "")
	if err != nil {
		for i, w := range strings.Fields(cmd) {
			if i > 0 || strings.Contains(w, "/") {
				n.name(strings.Trim(w, `"'`))
			}
		}
		return
	}
	syntax.Walk(f, func(node syntax.Node) bool {
		switch node := node.(type) {
		case *syntax.CallExpr:
			n.call(node)
		case *syntax.Redirect:
			n.redirect(node)
		}
		return true
	})
}

// call follows a simple command: its words name files, except those it
// writes; cd moves.
func (n *namer) call(c *syntax.CallExpr) {
	words := make([]string, len(c.Args))
	literal := make([]bool, len(c.Args))
	for i, a := range c.Args {
		words[i], literal[i] = literalWord(a)
	}
	if len(words) == 0 || !literal[0] {
		for i, w := range words {
			if literal[i] && i > 0 {
				n.name(w)
			}
		}
		return
	}
	writes := writtenArgs(words)
	for i, w := range words {
		switch {
		case !literal[i]:
		case i == 0 && !strings.Contains(w, "/"):
			// A command name: looked up on PATH, not in the directory.
		case writes[i]:
			n.write(w)
		default:
			n.name(w)
		}
	}
	switch words[0] {
	case "cd", "pushd", "popd":
		n.cd(words[1:], literal[1:])
	}
}

// cd moves the namer's directory with a cd to a literal relative or
// absolute directory; anything else leaves it unknown.
func (n *namer) cd(args []string, literal []bool) {
	if len(args) != 1 || !literal[0] || strings.HasPrefix(args[0], "-") || strings.HasPrefix(args[0], "~") {
		n.known = false
		return
	}
	if filepath.IsAbs(args[0]) {
		n.cwd = filepath.Clean(args[0])
		return
	}
	n.cwd = filepath.Join(n.cwd, args[0])
}

// writtenArgs marks the words of a command that are files it writes.
func writtenArgs(words []string) map[int]bool {
	w := map[int]bool{}
	switch words[0] {
	case "tee":
		for i := 1; i < len(words); i++ {
			if !strings.HasPrefix(words[i], "-") {
				w[i] = true
			}
		}
	case "cp", "mv":
		if len(words) > 2 {
			w[len(words)-1] = true
		}
	case "curl", "wget":
		flag := map[string]string{"curl": "-o", "wget": "-O"}[words[0]]
		long := map[string]string{"curl": "--output", "wget": "--output-document"}[words[0]]
		for i := 1; i+1 < len(words); i++ {
			if words[i] == flag || words[i] == long {
				w[i+1] = true
			}
		}
	}
	return w
}

// redirect follows a redirection: output goes to a file the post writes,
// input comes from one it names. Here-document words are delimiters.
func (n *namer) redirect(r *syntax.Redirect) {
	if r.Word == nil {
		return
	}
	word, ok := literalWord(r.Word)
	if !ok {
		return
	}
	switch r.Op {
	case syntax.RdrOut, syntax.AppOut, syntax.ClbOut, syntax.RdrAll, syntax.AppAll:
		n.write(word)
	case syntax.RdrIn, syntax.RdrInOut:
		n.name(word)
	}
}

// literalWord returns a word's text when it has no expansion: plain,
// 'single-quoted' and "double-quoted" parts without $.
func literalWord(w *syntax.Word) (string, bool) {
	var b strings.Builder
	for _, part := range w.Parts {
		switch p := part.(type) {
		case *syntax.Lit:
			b.WriteString(p.Value)
		case *syntax.SglQuoted:
			b.WriteString(p.Value)
		case *syntax.DblQuoted:
			for _, q := range p.Parts {
				lit, ok := q.(*syntax.Lit)
				if !ok {
					return "", false
				}
				b.WriteString(lit.Value)
			}
		default:
			return "", false
		}
	}
	return b.String(), true
}
