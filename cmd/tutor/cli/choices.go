package cli

import (
	"github.com/spf13/pflag"

	"github.com/tutor-run/tutor/engine/session"
)

// addChoiceFlags registers --var, --watch-window and --tab, the choices
// a reader makes that the post leaves open.
func addChoiceFlags(f *pflag.FlagSet, c *session.Choices) {
	f.StringArrayVar(&c.Vars, "var", nil, "value of a placeholder the post leaves to the reader (NAME=VALUE, e.g. pod-name=web-0 for <pod-name>); repeatable. Unset ones are looked up as environment variables (POD_NAME)")
	f.DurationVar(&c.Window, "watch-window", 0, "how long to watch a command that never ends on its own (kubectl get -w, tail -f, ping) before judging what it printed (default 10s)")
	f.StringVar(&c.Tab, "tab", "", "follow this tab where the post offers tabs of alternatives (its label or anchor, e.g. \"Azure CLI\" or azure-cli; default: the first)")
}
