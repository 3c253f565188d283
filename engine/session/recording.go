package session

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/tutor-run/tutor/engine/model"
	"github.com/tutor-run/tutor/engine/record"
	"github.com/tutor-run/tutor/engine/runner"
)

// recording is what --record and --replay open for a run.
type recording struct {
	writer *record.Writer
	replay *record.Recording
}

// openRecording checks the capabilities the run requires and the
// recording options, and opens what they name. A recording that cannot be
// read is bad input (a *UsageError): nothing runs.
func openRecording(opts *Options, now time.Time) (*recording, error) {
	for _, c := range opts.Cluster.Require {
		if !slices.Contains(model.Capabilities, c) {
			return nil, &UsageError{fmt.Errorf("--require %s: want one of %s", c, strings.Join(model.Capabilities, ", "))}
		}
	}
	r := opts.Recording
	rec := &recording{}
	if r.Record != "" && r.Replay != "" && filepath.Clean(r.Record) == filepath.Clean(r.Replay) {
		return nil, &UsageError{fmt.Errorf("--record and --replay name the same directory")}
	}
	if r.Replay != "" {
		loaded, err := record.Load(r.Replay)
		if err != nil {
			return nil, &UsageError{fmt.Errorf("--replay: %w", err)}
		}
		rec.replay = loaded
	}
	if r.Record != "" {
		w, err := record.Create(r.Record, filepath.Base(opts.File), now)
		if err != nil {
			return nil, &EnvError{fmt.Errorf("--record: %w", err)}
		}
		rec.writer = w
	}
	return rec, nil
}

// live picks the steps that execute during a replay: with a sandbox,
// manifests, helm steps and cluster claims go to it.
func (r *recording) live(sandbox bool, t *model.Tutorial) func(*model.Step) bool {
	if r.replay == nil || !sandbox {
		return nil
	}
	return runner.SandboxLive(t.Settings.Aliases)
}

// incomplete reports a recording that could not be written completely.
func (r *recording) incomplete() error {
	if r.writer == nil {
		return nil
	}
	if err := r.writer.Err(); err != nil {
		return fmt.Errorf("the recording is incomplete: %w", err)
	}
	return nil
}

// helmMirrors reads --helm-mirror URL=DIR items: each DIR must hold a
// chart repository's index.yaml.
func helmMirrors(items []string) (map[string]string, error) {
	if len(items) == 0 {
		return nil, nil
	}
	m := map[string]string{}
	for _, it := range items {
		url, dir, ok := strings.Cut(it, "=")
		if !ok || url == "" || dir == "" {
			return nil, &UsageError{fmt.Errorf("--helm-mirror %q: want URL=DIR", it)}
		}
		abs, err := filepath.Abs(dir)
		if err != nil {
			return nil, &UsageError{fmt.Errorf("--helm-mirror %q: %w", it, err)}
		}
		if _, err := os.Stat(filepath.Join(abs, "index.yaml")); err != nil {
			return nil, &UsageError{fmt.Errorf("--helm-mirror %q: %s holds no index.yaml", it, dir)}
		}
		m[url] = abs
	}
	return m, nil
}
