package execute

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/tutor-run/tutor/engine/model"
	"github.com/tutor-run/tutor/engine/shell"
)

// shellCommand runs a command in the tutorial's bash session.
type shellCommand struct{ session *shell.Session }

func newShell(x *Registry, _ *model.Step, _ []string) Executor { return shellCommand{x.deps.Session} }

// Execute implements Executor.
func (e shellCommand) Execute(ctx context.Context, st *model.Step, timeout time.Duration, out io.Writer) (Outcome, error) {
	cmd := st.Command
	if st.Unattended != "" {
		cmd = st.Unattended
	}
	if st.Via != "" {
		// A line typed into the post's interactive shell in a pod runs
		// through that shell's non-interactive form.
		cmd = st.Via + " " + shell.Quote(cmd)
	}
	if st.Window > 0 {
		timeout = st.Window
	}
	r, err := e.session.Run(ctx, cmd, timeout, out)
	if err != nil {
		return Outcome{}, err
	}
	o := Outcome{Output: r.Output, Truncated: r.Truncated, ExitCode: r.ExitCode, TimedOut: r.TimedOut}
	if st.Window > 0 && r.TimedOut {
		// A command that never ends was watched for its window: what it
		// printed by then is the claim, its being stopped is not.
		o.TimedOut, o.ExitCode = false, 0
		o.Notes = append(o.Notes, fmt.Sprintf("stopped after %s, as planned: it never ends on its own", st.Window))
	}
	return o, nil
}
