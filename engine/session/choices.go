package session

import (
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/tutor-run/tutor/engine/model"
)

// Choices are what a reader decides that the post leaves open: values for
// its placeholders (`<pod-name>`) and the tab to follow where it offers
// alternatives.
type Choices struct {
	// Vars are NAME=VALUE values of placeholders (--var).
	Vars []string
	// Tab is the tab to follow, by label or anchor (--tab); empty means
	// the first of each set.
	Tab string
	// Window, when set, replaces how long a command that never ends on
	// its own is watched (--watch-window).
	Window time.Duration
}

// Apply fills t's placeholders, from Vars or else from the environment
// that lookupEnv reads (nil means the process's), rewatches its
// never-ending commands and picks its tab. A malformed choice is a
// *UsageError.
func (c *Choices) Apply(t *model.Tutorial, lookupEnv func(string) (string, bool)) error {
	if lookupEnv == nil {
		lookupEnv = os.LookupEnv
	}
	vars := map[string]string{}
	for _, kv := range c.Vars {
		k, v, ok := strings.Cut(kv, "=")
		if !ok || k == "" {
			return &UsageError{fmt.Errorf("--var %q: want NAME=VALUE", kv)}
		}
		vars[k] = v
	}
	model.FillPlaceholders(t, func(name string) (string, bool) {
		if v, ok := vars[name]; ok {
			return v, true
		}
		if name == model.EnvName(name) || isVarName(name) {
			return lookupEnv(name)
		}
		return "", false
	}, func(name string) bool { _, ok := lookupEnv(name); return ok })
	if c.Window < 0 {
		return &UsageError{fmt.Errorf("--watch-window %s: want a positive duration", c.Window)}
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
			return &UsageError{err}
		}
	}
	return nil
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

// envLookup looks names up in env as the steps see it: os/exec keeps the
// last of two entries of a name. Nil env means the process's environment.
func envLookup(env []string) func(string) (string, bool) {
	if env == nil {
		return os.LookupEnv
	}
	return func(name string) (string, bool) {
		for i := len(env) - 1; i >= 0; i-- {
			if k, v, ok := strings.Cut(env[i], "="); ok && k == name {
				return v, true
			}
		}
		return "", false
	}
}
