package cli

import (
	"bytes"
	"fmt"
	"os"

	"github.com/tutor-run/tutor/engine/model"
	"github.com/tutor-run/tutor/engine/redact"
	"github.com/tutor-run/tutor/engine/result"
	"github.com/tutor-run/tutor/engine/update"
)

// applyUpdate rewrites the post's expected outputs that no longer match
// (--update) or prints the change (--diff). src is the post as it was
// read; a post edited during the run is not overwritten.
func applyUpdate(opts *RunOptions, src []byte, t *model.Tutorial, res *result.Run, red *redact.Redactor) error {
	out, changes, err := update.Rewrite(src, t, res, update.Options{Redact: red.String})
	if err != nil {
		return fmt.Errorf("update: %w", err)
	}
	if len(changes) == 0 {
		fmt.Fprintln(opts.IO.ErrOut, "tutor: update: every pasted output still matches; nothing to change")
		return nil
	}
	if opts.Diff {
		fmt.Fprint(opts.IO.Out, update.Diff(opts.File, src, out))
		return nil
	}
	now, err := os.ReadFile(opts.File)
	if err != nil {
		return fmt.Errorf("update: %w", err)
	}
	if !bytes.Equal(now, src) {
		return fmt.Errorf("update: %s changed while the run went on; not overwriting it (run again)", opts.File)
	}
	if err := update.WriteAtomic(opts.File, out); err != nil {
		return fmt.Errorf("update: %w", err)
	}
	for _, c := range changes {
		fmt.Fprintf(opts.IO.ErrOut, "tutor: updated the output at %s:%d\n", opts.File, c.Line)
	}
	return nil
}
