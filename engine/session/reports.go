package session

import (
	"bytes"
	"errors"
	"fmt"
	"io"

	"github.com/tutor-run/tutor/engine/atomicfile"
	"github.com/tutor-run/tutor/engine/report"
	"github.com/tutor-run/tutor/engine/result"
)

// writeReports writes every report file asked for; each is written to a
// temporary file first and renamed, so a reader never sees half a report.
func writeReports(r Reports, res *result.Run) error {
	var errs []error
	for _, rep := range []struct {
		path  string
		write func(io.Writer, *result.Run) error
	}{
		{r.JSON, report.WriteJSON},
		{r.JUnit, report.WriteJUnit},
		{r.Markdown, report.WriteMarkdown},
		{r.HTML, report.WriteHTML},
	} {
		if rep.path == "" {
			continue
		}
		var buf bytes.Buffer
		err := rep.write(&buf, res)
		if err == nil {
			err = atomicfile.Write(rep.path, buf.Bytes(), 0o600)
		}
		if err != nil {
			errs = append(errs, fmt.Errorf("writing report %s: %w", rep.path, err))
		}
	}
	return errors.Join(errs...)
}
