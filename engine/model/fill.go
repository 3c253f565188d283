package model

import (
	"fmt"
	"sort"
	"strings"
)

// FillPlaceholders puts values into the placeholders of every step
// (`<pod-name>`, `{{< param "version" >}}`): lookup is asked for each
// name, then for its environment form (POD_NAME). A step with a
// placeholder that has no value is skipped with the reason, never handed
// to the shell as written (`<x>` would be a redirection).
func FillPlaceholders(t *Tutorial, lookup func(name string) (string, bool), inEnv func(name string) bool) {
	set := map[string]bool{}
	for _, st := range t.Steps() {
		if len(st.Placeholders) == 0 || st.Skip != "" {
			continue
		}
		var missing []Placeholder
		cmd := st.Command
		for _, p := range st.Placeholders {
			if p.Env {
				if set[p.Name] {
					continue
				}
				v, ok := lookup(p.Name)
				switch {
				case !ok:
					missing = append(missing, p)
				case !inEnv(p.Name):
					t.Settings.Env = append(t.Settings.Env, EnvVar{Name: p.Name, Value: v})
					set[p.Name] = true
				}
				continue
			}
			v, ok := lookup(p.Name)
			if !ok {
				v, ok = lookup(EnvName(p.Name))
			}
			if !ok {
				missing = append(missing, p)
				continue
			}
			cmd = strings.ReplaceAll(cmd, p.Text, v)
		}
		if len(missing) > 0 {
			texts := make([]string, len(missing))
			for i, p := range missing {
				texts[i] = p.Text
			}
			st.Skip = fmt.Sprintf("placeholder %s has no value: pass --var %s=VALUE (or set %s)",
				strings.Join(texts, ", "), missing[0].Name, EnvName(missing[0].Name))
			continue
		}
		st.Command = cmd
	}
}

// EnvName is the environment variable a placeholder is looked up by:
// upper case, with every run of other characters an underscore.
func EnvName(name string) string {
	var b strings.Builder
	under := false
	for _, c := range strings.ToUpper(name) {
		if c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' {
			b.WriteRune(c)
			under = false
		} else if !under && b.Len() > 0 {
			b.WriteByte('_')
			under = true
		}
	}
	return strings.TrimSuffix(b.String(), "_")
}

// SelectTab makes the tab named name (its label or its anchor, in any
// case) the one that runs in every group of tabs that has it, and skips
// the others of those groups. It returns an error naming the tabs there
// are when no group has it.
func SelectTab(t *Tutorial, name string) error {
	groups := map[int]bool{}
	var names []string
	seen := map[string]bool{}
	for _, s := range t.Sections {
		if s.Tab == nil {
			continue
		}
		if strings.EqualFold(s.Tab.Name, name) || strings.EqualFold(s.Tab.ID, name) {
			groups[s.Tab.Group] = true
		}
		if !seen[s.Tab.Name] {
			seen[s.Tab.Name] = true
			names = append(names, s.Tab.Name)
		}
	}
	if len(groups) == 0 {
		sort.Strings(names)
		if len(names) == 0 {
			return fmt.Errorf("--tab %s: the post has no tabs", name)
		}
		return fmt.Errorf("--tab %s: no tab of that name (tabs: %s)", name, strings.Join(names, ", "))
	}
	for _, s := range t.Sections {
		if s.Tab == nil || !groups[s.Tab.Group] {
			continue
		}
		chosen := strings.EqualFold(s.Tab.Name, name) || strings.EqualFold(s.Tab.ID, name)
		s.Tab.Default = chosen
		switch {
		case chosen:
			s.Skip = ""
		default:
			s.Skip = fmt.Sprintf("alternative tab %q: --tab chose %q", s.Tab.Name, name)
		}
	}
	return nil
}
