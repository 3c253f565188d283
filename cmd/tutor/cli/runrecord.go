package cli

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/tutor-run/tutor/engine/model"
	"github.com/tutor-run/tutor/engine/record"
	"github.com/tutor-run/tutor/engine/result"
	"github.com/tutor-run/tutor/engine/runner"
)

// recording is what --record and --replay open for a run.
type recording struct {
	writer *record.Writer
	replay *record.Recording
}

// openRecording checks the recording flags and opens what they name. A
// recording that cannot be read is bad input: exit 2, nothing runs.
func openRecording(opts *RunOptions) (*recording, error) {
	for _, c := range opts.Require {
		if !slices.Contains(model.Capabilities, c) {
			return nil, &usageError{fmt.Errorf("--require %s: want one of %s", c, strings.Join(model.Capabilities, ", "))}
		}
	}
	rec := &recording{}
	if opts.Record != "" && opts.Replay != "" && filepath.Clean(opts.Record) == filepath.Clean(opts.Replay) {
		return nil, &usageError{fmt.Errorf("--record and --replay name the same directory")}
	}
	if opts.Replay != "" {
		r, err := record.Load(opts.Replay)
		if err != nil {
			return nil, &usageError{fmt.Errorf("--replay: %w", err)}
		}
		rec.replay = r
	}
	if opts.Record != "" {
		w, err := record.Create(opts.Record, filepath.Base(opts.File), time.Now())
		if err != nil {
			return nil, &envFailure{fmt.Errorf("--record: %w", err)}
		}
		rec.writer = w
	}
	return rec, nil
}

// live picks the steps that execute during a replay: with a sandbox,
// manifests, helm steps and cluster claims go to it.
func (r *recording) live(opts *RunOptions, t *model.Tutorial) func(*model.Step) bool {
	if r.replay == nil || !opts.Sandbox {
		return nil
	}
	return runner.SandboxLive(t.Settings.Aliases)
}

// finish reports a recording that could not be written completely.
func (r *recording) finish(w io.Writer) error {
	if r.writer == nil {
		return nil
	}
	if err := r.writer.Err(); err != nil {
		fmt.Fprintf(w, "tutor: the recording is incomplete: %v\n", err)
		return &ExitError{Code: result.ExitEnvironment}
	}
	return nil
}

// helmMirrors reads --helm-mirror URL=DIR items.
func helmMirrors(items []string) (map[string]string, error) {
	if len(items) == 0 {
		return nil, nil
	}
	m := map[string]string{}
	for _, it := range items {
		url, dir, ok := strings.Cut(it, "=")
		if !ok || url == "" || dir == "" {
			return nil, &usageError{fmt.Errorf("--helm-mirror %q: want URL=DIR", it)}
		}
		abs, err := filepath.Abs(dir)
		if err != nil {
			return nil, &usageError{fmt.Errorf("--helm-mirror %q: %w", it, err)}
		}
		if _, err := os.Stat(filepath.Join(abs, "index.yaml")); err != nil {
			return nil, &usageError{fmt.Errorf("--helm-mirror %q: %s holds no index.yaml", it, dir)}
		}
		m[url] = abs
	}
	return m, nil
}
