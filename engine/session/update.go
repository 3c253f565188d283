package session

import (
	"bytes"
	"fmt"
	"io"
	"os"

	"github.com/tutor-run/tutor/engine/redact"
	"github.com/tutor-run/tutor/engine/result"
	"github.com/tutor-run/tutor/engine/update"
)

// applyUpdate rewrites the post's expected outputs that no longer match,
// or with diff writes the change to out; notes go to errOut. p.src is the
// post as it was read: a post edited during the run is not overwritten.
func applyUpdate(file string, diff bool, p *post, res *result.Run, red *redact.Redactor, out, errOut io.Writer) error {
	rewritten, changes, err := update.Rewrite(p.src, p.tutorial, res, update.Options{Redact: red.String})
	if err != nil {
		return fmt.Errorf("update: %w", err)
	}
	if len(changes) == 0 {
		fmt.Fprintln(errOut, "tutor: update: every pasted output still matches; nothing to change")
		return nil
	}
	if diff {
		fmt.Fprint(out, update.Diff(file, p.src, rewritten))
		return nil
	}
	now, err := os.ReadFile(file)
	if err != nil {
		return fmt.Errorf("update: %w", err)
	}
	if !bytes.Equal(now, p.src) {
		return fmt.Errorf("update: %s changed while the run went on; not overwriting it (run again)", file)
	}
	if err := update.WriteAtomic(file, rewritten); err != nil {
		return fmt.Errorf("update: %w", err)
	}
	for _, c := range changes {
		fmt.Fprintf(errOut, "tutor: updated the output at %s:%d\n", file, c.Line)
	}
	return nil
}
