package reader

import (
	"regexp"
	"strings"

	"github.com/tutor-run/tutor/engine/model"
)

// srcLine is one line of a fenced block with its place in the file.
type srcLine struct {
	text  string // without the newline
	line  int    // 1-based
	start int    // byte offset of the first byte
	end   int    // byte offset just past the last byte (before the newline)
}

// command is one prompt line (and its continuations) of a transcript with
// the output pasted after it.
type command struct {
	text       string
	line       int
	span       model.Span
	output     []srcLine
	background bool
	// prompt is the prompt the command was typed at, as written.
	prompt string
	// opensRepl is set when the command starts an interactive program
	// whose prompt the lines after it may show.
	opensRepl bool
	// repl, when set, is the prompt of an interactive program (redis-cli,
	// psql) the line was typed into: not a shell command.
	repl string
}

// Prompt patterns, matched at the start of a line. The match is the prompt.
var (
	// user@host:path$ , (venv) user@host:~# , [user@host dir]$ , [ root@pod:/ ]$
	userHostPrompt = regexp.MustCompile(`^(?:\([^)\s]*\)\s*)?(?:[A-Za-z0-9._-]+@[A-Za-z0-9._-]+(?::[^\s$#]*)?|\[ ?[^\]@]+@[^\]]+\])\s?[$#%]( |$)`)
	dollarPrompt   = regexp.MustCompile(`^(?:\$|❯|➜|λ|»)( |$)`)
	psPrompt       = regexp.MustCompile(`^PS(?: [^>]*)?>( |$)`)
	// Weak prompts count only when a command follows them: a root "# ",
	// busybox's "/ # ", "bash-5.1$ ", "node $ ".
	rootPrompt  = regexp.MustCompile(`^#( |$)`)
	weakPrompts = []*regexp.Regexp{
		regexp.MustCompile(`^/[\w/.~-]* [#$] `),
		regexp.MustCompile(`^[A-Za-z][\w.-]*[$#] `),
		regexp.MustCompile(`^[A-Za-z][\w.-]* [$#] `),
	}
	// replPrompt is the prompt of an interactive program: redis-cli's
	// 127.0.0.1:6379>, mysql>, postgres=#, python's >>>.
	replPrompt = regexp.MustCompile(`^(?:\d{1,3}(?:\.\d{1,3}){3}:\d+> ?|[A-Za-z][\w-]*(?:=|-)?[>#] |>>> )`)
	// strongReplPrompt is a prompt only an interactive program shows:
	// redis-cli's 127.0.0.1:6379>, mysql>, postgres=#.
	strongReplPrompt = regexp.MustCompile(`^(\d{1,3}(?:\.\d{1,3}){3}:\d+> |redis> |mysql> |[a-z][\w-]*=[#>] )\S`)
	// continuationPrompt is bash's PS2 as pasted in transcripts.
	continuationPrompt = regexp.MustCompile(`^> ?`)
)

// prompter finds prompts at the start of lines of one block.
type prompter struct {
	patterns []*regexp.Regexp
	weak     []*regexp.Regexp
}

// newPrompter returns the prompts that count in a block of the given
// language. A bare "# " is a root prompt only in console blocks: in bash
// blocks it starts a comment.
func newPrompter(lang string, extra []*regexp.Regexp) prompter {
	p := prompter{patterns: []*regexp.Regexp{userHostPrompt, dollarPrompt, psPrompt}}
	p.patterns = append(p.patterns, extra...)
	if lang == "console" || lang == "shell-session" || lang == "shellsession" || lang == "terminal" {
		p.weak = append(p.weak, rootPrompt)
	}
	p.weak = append(p.weak, weakPrompts...)
	return p
}

// match returns the length of the prompt at the start of s, or -1, and
// whether the prompt is weak: one that counts only before a command.
func (p prompter) match(s string) (int, bool) {
	if !mayHavePrompt(s) && len(p.patterns) == 3 {
		return -1, false
	}
	for _, re := range p.patterns {
		if loc := re.FindStringIndex(s); loc != nil && loc[0] == 0 {
			return loc[1], false
		}
	}
	for _, re := range p.weak {
		if loc := re.FindStringIndex(s); loc != nil && loc[0] == 0 {
			return loc[1], true
		}
	}
	return -1, false
}

// replLine matches strongReplPrompt after a quick test for its signs.
func replLine(s string) []int {
	head := s
	if len(head) > 40 {
		head = head[:40]
	}
	if !strings.Contains(head, "> ") && !strings.Contains(head, "=# ") {
		return nil
	}
	return strongReplPrompt.FindStringSubmatchIndex(s)
}

// mayHavePrompt is a quick test before the patterns: every prompt holds
// one of $ # % > or starts with a prompt sign.
func mayHavePrompt(s string) bool {
	head := s
	if len(head) > 80 {
		head = head[:80]
	}
	if strings.ContainsAny(head, "$#%") {
		return true
	}
	for i := strings.IndexByte(head, '>'); i >= 0; {
		if i == 0 || head[i-1] != '-' && head[i-1] != '=' && head[i-1] != '<' {
			return true // PS C:\>, a REPL's >, not a flow's ->
		}
		next := strings.IndexByte(head[i+1:], '>')
		if next < 0 {
			break
		}
		i += next + 1
	}
	for _, sign := range []string{"❯", "➜", "λ", "»"} {
		if strings.HasPrefix(s, sign) {
			return true
		}
	}
	return false
}

// at returns the length of the prompt at the start of s, or -1: a weak
// prompt counts only before a command.
func (p prompter) at(s string) int {
	n, weak := p.match(s)
	if n >= 0 && weak && !isCommandLine(s[n:]) {
		return -1
	}
	return n
}

// transcript is splitTranscript of a block with its language's prompts,
// read once: whether a block is a transcript is asked when prompts are
// counted, when output and files are looked for, and when steps are made.
func (r *read) transcript(it item) ([]command, bool) {
	if t, ok := r.transcripts[it.line]; ok {
		return t.cmds, t.prompted
	}
	cmds, prompted := splitTranscript(it.body, newPrompter(it.lang, r.prompts))
	if r.transcripts == nil {
		r.transcripts = map[int]splitBlock{}
	}
	r.transcripts[it.line] = splitBlock{cmds, prompted}
	return cmds, prompted
}

// splitBlock is a block split into a transcript's commands.
type splitBlock struct {
	cmds     []command
	prompted bool
}

// splitTranscript splits a block's lines into commands and their outputs.
// It reports whether any line held a prompt; when none did, cmds is nil.
func splitTranscript(lines []srcLine, p prompter) (cmds []command, hasPrompt bool) {
	repl := ""
	for i := 0; i < len(lines); {
		n, weak := p.match(lines[i].text)
		if n >= 0 && weak {
			rest := lines[i].text[n:]
			inFile := len(cmds) > 0 && (continuesOutput(cmds[len(cmds)-1], srcLine{text: rest}) ||
				len(cmds[len(cmds)-1].output) > 0 && printsFile(cmds[len(cmds)-1].text) && rootPrompt.MatchString(lines[i].text))
			if !isCommandLine(rest) || inFile {
				n = -1
			}
		}
		isRepl := false
		if loc := replLine(lines[i].text); n < 0 && loc != nil {
			n, isRepl = loc[3], true
		} else if n < 0 && repl != "" || n < 0 && hasPrompt && len(cmds) > 0 && cmds[len(cmds)-1].opensRepl {
			if loc := replPrompt.FindStringIndex(lines[i].text); loc != nil {
				n, isRepl = loc[1], true
			}
		}
		if n < 0 && !hasPrompt && (len(cmds) == 0 || len(cmds[len(cmds)-1].output) == 0) && isCommandLine(lines[i].text) {
			n = 0 // a command given bare before the prompts that follow
		}
		if n < 0 {
			if len(cmds) > 0 {
				last := &cmds[len(cmds)-1]
				last.output = append(last.output, lines[i])
			}
			i++
			continue
		}
		hasPrompt = hasPrompt || n > 0
		text := lines[i].text[n:]
		if strings.TrimSpace(text) == "" { // a bare prompt: nothing was typed
			i++
			continue
		}
		prompt := strings.TrimSpace(lines[i].text[:n])
		c := command{line: lines[i].line, span: model.Span{Start: lines[i].start + n, End: lines[i].end}, prompt: prompt}
		if isRepl {
			repl = prompt
			c.repl = prompt
			c.text = text
			cmds = append(cmds, c)
			i++
			continue
		}
		repl = ""
		parts := []string{text}
		var st shellState
		st.feed(text)
		i++
		for st.incomplete() && i < len(lines) {
			l := lines[i].text
			if st.heredoc == "" {
				l = continuationPrompt.ReplaceAllString(l, "")
			}
			parts = append(parts, l)
			st.feed(l)
			c.span.End = lines[i].end
			i++
		}
		c.text = strings.Join(parts, "\n")
		c.background = isBackground(c.text)
		c.opensRepl = opensRepl(c.text)
		cmds = append(cmds, c)
	}
	return cmds, hasPrompt
}

// opensRepl reports whether a command starts an interactive program whose
// prompt the lines after it may show (redis-cli, psql, mysql, python).
func opensRepl(cmd string) bool {
	h, _ := classifyHazard(cmd, nil)
	return h == hazardInteractive || h == hazardShell
}

// isBackground reports whether a command ends with a lone `&`.
func isBackground(cmd string) bool {
	t := strings.TrimRight(cmd, " \t")
	return strings.HasSuffix(t, "&") && !strings.HasSuffix(t, "&&") && !strings.HasSuffix(t, `\&`)
}
