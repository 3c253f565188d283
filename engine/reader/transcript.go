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
}

// Prompt patterns, matched at the start of a line. The match is the prompt.
var (
	// user@host:path$ , (venv) user@host:~# , [user@host dir]$
	userHostPrompt = regexp.MustCompile(`^(?:\([^)\s]*\)\s*)?(?:[A-Za-z0-9._-]+@[A-Za-z0-9._-]+(?::[^\s$#]*)?|\[[^\]@\s]+@[^\]]+\])\s?[$#%]( |$)`)
	dollarPrompt   = regexp.MustCompile(`^\$( |$)`)
	rootPrompt     = regexp.MustCompile(`^#( |$)`)
	psPrompt       = regexp.MustCompile(`^PS(?: [^>]*)?>( |$)`)
	// continuationPrompt is bash's PS2 as pasted in transcripts.
	continuationPrompt = regexp.MustCompile(`^> ?`)
)

// prompter finds prompts at the start of lines of one block.
type prompter struct {
	patterns []*regexp.Regexp
}

// newPrompter returns the prompts that count in a block of the given
// language. A bare "# " is a root prompt only in console blocks: in bash
// blocks it starts a comment.
func newPrompter(lang string, extra []*regexp.Regexp) prompter {
	p := prompter{patterns: []*regexp.Regexp{userHostPrompt, dollarPrompt, psPrompt}}
	if lang == "console" || lang == "shell-session" || lang == "shellsession" || lang == "terminal" {
		p.patterns = append(p.patterns, rootPrompt)
	}
	p.patterns = append(p.patterns, extra...)
	return p
}

// match returns the length of the prompt at the start of s, or -1.
func (p prompter) match(s string) int {
	for _, re := range p.patterns {
		if loc := re.FindStringIndex(s); loc != nil && loc[0] == 0 {
			return loc[1]
		}
	}
	return -1
}

// splitTranscript splits a block's lines into commands and their outputs.
// It reports whether any line held a prompt; when none did, cmds is nil.
func splitTranscript(lines []srcLine, p prompter) (cmds []command, hasPrompt bool) {
	for i := 0; i < len(lines); {
		n := p.match(lines[i].text)
		if n < 0 {
			if len(cmds) > 0 {
				last := &cmds[len(cmds)-1]
				last.output = append(last.output, lines[i])
			}
			i++
			continue
		}
		hasPrompt = true
		text := lines[i].text[n:]
		if strings.TrimSpace(text) == "" { // a bare prompt: nothing was typed
			i++
			continue
		}
		c := command{line: lines[i].line, span: model.Span{Start: lines[i].start + n, End: lines[i].end}}
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
		cmds = append(cmds, c)
	}
	return cmds, hasPrompt
}

// isBackground reports whether a command ends with a lone `&`.
func isBackground(cmd string) bool {
	t := strings.TrimRight(cmd, " \t")
	return strings.HasSuffix(t, "&") && !strings.HasSuffix(t, "&&") && !strings.HasSuffix(t, `\&`)
}

// shellState tracks just enough shell syntax to know whether a command
// continues on the next line: quotes, a trailing backslash or operator, and
// here-documents.
type shellState struct {
	quote    byte     // ' or " while inside quotes
	pending  []string // here-document terminators announced on this line
	heredoc  string   // terminator of the here-document being read
	stripTab bool     // <<- strips leading tabs before the terminator
	trailing bool     // line ended with \ or an operator that wants more
}

func (s *shellState) incomplete() bool {
	return s.quote != 0 || s.heredoc != "" || len(s.pending) > 0 || s.trailing
}

// feed advances the state over one line.
func (s *shellState) feed(line string) {
	if s.heredoc != "" {
		l := line
		if s.stripTab {
			l = strings.TrimLeft(l, "\t")
		}
		if l == s.heredoc {
			s.heredoc = ""
			s.nextHeredoc()
		}
		return
	}
	s.trailing = false
	code := len(line) // where a comment starts, if any
	for i := 0; i < len(line); i++ {
		c := line[i]
		switch {
		case s.quote == '\'':
			if c == '\'' {
				s.quote = 0
			}
		case c == '\\':
			if i == len(line)-1 {
				s.trailing = true
			}
			i++
		case s.quote == '"':
			if c == '"' {
				s.quote = 0
			}
		case c == '\'' || c == '"':
			s.quote = c
		case c == '#' && (i == 0 || line[i-1] == ' ' || line[i-1] == '\t'):
			code, i = i, len(line) // a comment runs to the end of the line
		case c == '<' && strings.HasPrefix(line[i:], "<<<"):
			i += 2 // a here-string, not a here-document
		case c == '<' && strings.HasPrefix(line[i:], "<<"):
			i = s.readHeredocWord(line, i+2) - 1
		}
	}
	if s.quote == 0 && !s.trailing {
		t := strings.TrimRight(line[:code], " \t")
		s.trailing = strings.HasSuffix(t, "|") || strings.HasSuffix(t, "&&")
	}
	if s.quote == 0 && !s.trailing {
		s.nextHeredoc()
	}
}

// readHeredocWord reads the terminator after "<<" at line[i:] and returns
// the index just past it.
func (s *shellState) readHeredocWord(line string, i int) int {
	strip := false
	if i < len(line) && line[i] == '-' {
		strip = true
		i++
	}
	for i < len(line) && line[i] == ' ' {
		i++
	}
	j := i
	var word strings.Builder
	for j < len(line) && !strings.ContainsRune(" \t;|&<>()", rune(line[j])) {
		if line[j] != '\'' && line[j] != '"' && line[j] != '\\' {
			word.WriteByte(line[j])
		}
		j++
	}
	if word.Len() > 0 {
		w := word.String()
		if strip {
			w = "\t" + w // remembered with the strip flag; see nextHeredoc
		}
		s.pending = append(s.pending, w)
	}
	return j
}

func (s *shellState) nextHeredoc() {
	if len(s.pending) == 0 {
		return
	}
	w := s.pending[0]
	s.pending = s.pending[1:]
	s.stripTab = strings.HasPrefix(w, "\t")
	s.heredoc = strings.TrimPrefix(w, "\t")
}
