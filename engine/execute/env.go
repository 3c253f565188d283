package execute

import (
	"context"
	"io"
	"time"

	"github.com/tutor-run/tutor/engine/model"
	"github.com/tutor-run/tutor/engine/shell"
)

// envSetter sets variables in the session, exported like `export`.
type envSetter struct{ session *shell.Session }

func newEnv(x *Registry, _ *model.Step, _ []string) Executor { return envSetter{x.deps.Session} }

// Execute implements Executor.
func (e envSetter) Execute(_ context.Context, st *model.Step, _ time.Duration, _ io.Writer) (Outcome, error) {
	for _, v := range st.Env {
		if err := e.session.Setenv(v.Name, v.Value); err != nil {
			return Outcome{}, err
		}
	}
	return Outcome{}, nil
}
