package execute

import (
	"context"
	"io"
	"time"

	"github.com/tutor-run/tutor/engine/model"
	"github.com/tutor-run/tutor/engine/shell"
)

// Env sets variables in the session, exported like `export`.
type Env struct{ Session *shell.Session }

// Execute implements Executor.
func (e Env) Execute(_ context.Context, st *model.Step, _ time.Duration, _ io.Writer) (Outcome, error) {
	for _, v := range st.Env {
		if err := e.Session.Setenv(v.Name, v.Value); err != nil {
			return Outcome{}, err
		}
	}
	return Outcome{}, nil
}
