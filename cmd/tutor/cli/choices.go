package cli

import (
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"github.com/tutor-run/tutor/engine/model"
)

// Choices are what a reader decides that the post leaves open: values for
// its placeholders (`<pod-name>`) and the tab to follow where it offers
// alternatives.
type Choices struct {
	Vars []string
	Tab  string
	// Window, when set, replaces how long a command that never ends on
	// its own is watched.
	Window time.Duration
}

// addFlags registers --var and --tab.
func (c *Choices) addFlags(f *pflag.FlagSet) {
	f.StringArrayVar(&c.Vars, "var", nil, "value of a placeholder the post leaves to the reader (NAME=VALUE, e.g. pod-name=web-0 for <pod-name>); repeatable. Unset ones are looked up as environment variables (POD_NAME)")
	f.DurationVar(&c.Window, "watch-window", 0, "how long to watch a command that never ends on its own (kubectl get -w, tail -f, ping) before judging what it printed (default 10s)")
	f.StringVar(&c.Tab, "tab", "", "follow this tab where the post offers tabs of alternatives (its label or anchor, e.g. \"Azure CLI\" or azure-cli; default: the first)")
}

// isVarName reports whether name is a shell variable's name.
func isVarName(name string) bool {
	for i, c := range name {
		if !(c == '_' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || i > 0 && c >= '0' && c <= '9') {
			return false
		}
	}
	return name != ""
}

// apply fills t's placeholders and picks its tab.
func (c *Choices) apply(t *model.Tutorial) error {
	vars := map[string]string{}
	for _, kv := range c.Vars {
		k, v, ok := strings.Cut(kv, "=")
		if !ok || k == "" {
			return &usageError{fmt.Errorf("--var %q: want NAME=VALUE", kv)}
		}
		vars[k] = v
	}
	model.FillPlaceholders(t, func(name string) (string, bool) {
		if v, ok := vars[name]; ok {
			return v, true
		}
		if name == model.EnvName(name) || isVarName(name) {
			return os.LookupEnv(name)
		}
		return "", false
	}, func(name string) bool { _, ok := os.LookupEnv(name); return ok })
	if c.Window < 0 {
		return &usageError{fmt.Errorf("--watch-window %s: want a positive duration", c.Window)}
	}
	if c.Window > 0 {
		for _, st := range t.Steps() {
			if st.Window > 0 {
				st.Note = strings.Replace(st.Note, st.Window.String(), c.Window.String(), 1)
				st.Window = c.Window
			}
		}
	}
	if c.Tab != "" {
		if err := model.SelectTab(t, c.Tab); err != nil {
			return &usageError{err}
		}
	}
	return nil
}
