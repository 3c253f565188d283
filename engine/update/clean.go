package update

import (
	"strings"

	"github.com/tutor-run/tutor/engine/normalize"
)

// actualLines turns what a step printed into the lines a post can show:
// terminal codes removed (normalize.Terminal), secrets redacted, trailing
// blanks dropped from every line, and no blank lines at the start or end
// (the reader would drop those from the post anyway).
func actualLines(output string, redact func(string) string) []string {
	raw := strings.Split(output, "\n")
	for i, l := range raw {
		raw[i] = normalize.Terminal(l)
	}
	// Redact after cleaning, so that a colour code inside a secret cannot
	// hide it from the redactor.
	lines := strings.Split(redact(strings.Join(raw, "\n")), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " \t\r")
	}
	for len(lines) > 0 && lines[0] == "" {
		lines = lines[1:]
	}
	for len(lines) > 0 && lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	return lines
}
