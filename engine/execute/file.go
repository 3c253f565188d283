package execute

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/tutor-run/tutor/engine/model"
	"github.com/tutor-run/tutor/engine/result"
	"github.com/tutor-run/tutor/engine/shell"
)

// fileWriter writes a block the post asks the reader to save to its file, in
// the session's working directory, so the post's own commands (kubectl
// apply -f app.yaml) find it.
type fileWriter struct{ session *shell.Session }

func newFile(x *Registry, _ *model.Step, _ []string) Executor { return fileWriter{x.deps.Session} }

// Execute implements Executor.
func (e fileWriter) Execute(_ context.Context, st *model.Step, _ time.Duration, out io.Writer) (Outcome, error) {
	path := st.Path
	if !filepath.IsAbs(path) {
		path = filepath.Join(e.session.Dir(), path)
	}
	err := os.MkdirAll(filepath.Dir(path), 0o755)
	if err == nil {
		err = os.WriteFile(path, []byte(st.Content), 0o644)
	}
	if err != nil {
		return Outcome{ExitCode: 1, Failure: &result.Failure{Kind: result.EnvironmentFailed, Message: fmt.Sprintf("could not write %s: %v", st.Path, err)}}, nil
	}
	fmt.Fprintf(out, "wrote %s (%d lines)\n", st.Path, strings.Count(st.Content, "\n"))
	return Outcome{}, nil
}
