package reader

import (
	"regexp"
	"strings"

	"github.com/tutor-run/tutor/engine/model"
)

// anglePlaceholder and hugoShortcode find values a command leaves to the reader: <pod-name>,
// <EXTERNAL-IP>, and Hugo shortcodes {{< param "version" >}}.
var (
	anglePlaceholder = regexp.MustCompile(`<([A-Za-z][A-Za-z0-9_.:-]*(?: [A-Za-z0-9_.-]+){0,3})>`)
	hugoShortcode    = regexp.MustCompile(`\{\{[<%]\s*([\w/-]+)(?:\s+"?([^"}%>]*)"?)?\s*[%>]\}\}`)
)

// findPlaceholders lists the placeholders of a command.
func findPlaceholders(cmd string) []model.Placeholder {
	var ps []model.Placeholder
	seen := map[string]bool{}
	add := func(text, name string) {
		if !seen[text] {
			seen[text] = true
			ps = append(ps, model.Placeholder{Text: text, Name: name})
		}
	}
	for _, m := range hugoShortcode.FindAllStringSubmatch(cmd, -1) {
		name := m[1]
		if m[2] != "" {
			name = strings.TrimSpace(m[2])
		}
		add(m[0], name)
	}
	for _, loc := range anglePlaceholder.FindAllStringSubmatchIndex(cmd, -1) {
		if loc[0] > 0 && (cmd[loc[0]-1] == '<' || cmd[loc[0]-1] == '{') {
			continue // a here-document or a shortcode
		}
		text := cmd[loc[0]:loc[1]]
		if strings.HasPrefix(text, "<<") || strings.HasPrefix(text, "<(") {
			continue
		}
		add(text, cmd[loc[2]:loc[3]])
	}
	return ps
}
