package execute

import (
	"context"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"
	"time"

	"github.com/tutor-run/tutor/engine/model"
	"github.com/tutor-run/tutor/engine/result"
	"github.com/tutor-run/tutor/engine/shell"
)

// background starts a command that keeps running; the run's teardown
// (or, at the latest, the session) stops it.
type background struct {
	session *shell.Session
	// started, when set, is told about the process, for teardown.
	started func(cmd string, bg *shell.Background)
}

func newBackground(x *Registry, _ *model.Step, _ []string) Executor {
	return background{x.deps.Session, x.deps.OnStart}
}

// Execute implements Executor.
func (e background) Execute(ctx context.Context, st *model.Step, _ time.Duration, out io.Writer) (Outcome, error) {
	cmd := strings.TrimSuffix(strings.TrimRight(st.Command, " \t"), "&")
	var ready *regexp.Regexp
	within := time.Duration(0)
	if st.Ready != nil {
		ready = regexp.MustCompile(st.Ready.Pattern) // checked by the reader
		within = st.Ready.Within
	}
	bg, err := e.session.Start(ctx, cmd, ready, within, out)
	var notReady *shell.NotReadyError
	switch {
	case errors.As(err, &notReady):
		return Outcome{Output: notReady.Output, Failure: &result.Failure{Kind: result.ClaimBroken,
			Message: fmt.Sprintf("background command did not print a line matching /%s/: %v", st.Ready.Pattern, err)}}, nil
	case err != nil:
		return Outcome{}, err
	}
	if e.started != nil {
		e.started(cmd, bg)
	}
	return Outcome{Output: bg.Output()}, nil
}
