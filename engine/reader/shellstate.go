package reader

import "strings"

// This file tracks the shell syntax that makes a command go on to the
// next line.

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
