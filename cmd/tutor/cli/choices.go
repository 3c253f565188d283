package cli

import (
	"fmt"
	"os"
	"strings"

	"github.com/spf13/pflag"

	"github.com/tutor-run/tutor/engine/model"
)

// Choices are what a reader decides that the post leaves open: values for
// its placeholders (`<pod-name>`) and the tab to follow where it offers
// alternatives.
type Choices struct {
	Vars []string
	Tab  string
}

// addFlags registers --var and --tab.
func (c *Choices) addFlags(f *pflag.FlagSet) {
	f.StringArrayVar(&c.Vars, "var", nil, "value of a placeholder the post leaves to the reader (NAME=VALUE, e.g. pod-name=web-0 for <pod-name>); repeatable. Unset ones are looked up as environment variables (POD_NAME)")
	f.StringVar(&c.Tab, "tab", "", "follow this tab where the post offers tabs of alternatives (its label or anchor, e.g. \"Azure CLI\" or azure-cli; default: the first)")
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
		if name == model.EnvName(name) {
			return os.LookupEnv(name)
		}
		return "", false
	})
	if c.Tab != "" {
		if err := model.SelectTab(t, c.Tab); err != nil {
			return &usageError{err}
		}
	}
	return nil
}
