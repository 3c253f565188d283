// Package record keeps what a run saw, step by step, so that a later run
// can judge the post again without executing those steps (tutor run
// --record DIR, then --replay DIR).
//
// A recording is a directory: index.json lists the steps in the order they
// ran, and each step's output (and the Hubble flows it fetched, as
// `hubble observe -o jsonpb` lines) sits in its own file next to it, so a
// recording reads and diffs well under version control.
//
// Steps are keyed by their section's id and their ordinal among the
// section's steps ("install-cilium#2"): prose edits and output edits do
// not move a key; a changed command is caught by comparing it with the
// recorded one.
package record

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/tutor-run/tutor/engine/atomicfile"
)

// Version is the format of index.json this build writes and reads.
const Version = 1

// IndexFile is the name of a recording's index.
const IndexFile = "index.json"

// Recording is a run's steps as they were seen.
type Recording struct {
	Version  int               `json:"version"`
	Tutorial string            `json:"tutorial"`
	Recorded time.Time         `json:"recorded"`
	Tools    map[string]string `json:"tools,omitempty"`
	Steps    []*Entry          `json:"steps"`

	dir   string
	byKey map[string]*Entry
}

// Entry is one recorded step.
type Entry struct {
	// Key is the section id, "#", and the step's ordinal in the section.
	Key  string `json:"key"`
	Line int    `json:"line"`
	Kind string `json:"kind"`
	// Command is the command as the post wrote it; Ran is the command as
	// run, when substitutions changed it.
	Command  string `json:"command,omitempty"`
	Ran      string `json:"ran,omitempty"`
	Exit     int    `json:"exit"`
	TimedOut bool   `json:"timedOut,omitempty"`
	// DurationMS is how long the step took, in milliseconds.
	DurationMS int64 `json:"durationMs"`
	// OutputFile and FlowsFile name files in the recording's directory.
	OutputFile string `json:"output,omitempty"`
	FlowsFile  string `json:"flows,omitempty"`
	// Failure is the message of a claim the executor itself judged
	// broken (a cluster claim that did not hold), if any.
	Failure string `json:"failure,omitempty"`

	// Output and Flows are the files' contents.
	Output string `json:"-"`
	Flows  []byte `json:"-"`
}

// Duration is the recorded duration.
func (e *Entry) Duration() time.Duration { return time.Duration(e.DurationMS) * time.Millisecond }

// Key builds an Entry key.
func Key(sectionID string, ordinal int) string { return fmt.Sprintf("%s#%d", sectionID, ordinal) }

// Lookup returns the entry recorded under key.
func (r *Recording) Lookup(key string) (*Entry, bool) {
	e, ok := r.byKey[key]
	return e, ok
}

// Dir is where the recording was loaded from.
func (r *Recording) Dir() string { return r.dir }

// FormatError says why a recording cannot be used.
type FormatError struct {
	Path string
	Err  error
}

func (e *FormatError) Error() string { return fmt.Sprintf("%s: %v", e.Path, e.Err) }
func (e *FormatError) Unwrap() error { return e.Err }

// maxFile bounds each file a recording may hold, so that a hostile or
// broken recording cannot exhaust memory.
const maxFile = 256 << 20

// Load reads the recording in dir.
func Load(dir string) (*Recording, error) {
	rec, err := loadIndex(dir)
	if err != nil {
		return nil, err
	}
	for _, e := range rec.Steps {
		if e.OutputFile != "" {
			b, err := readMember(dir, e.OutputFile)
			if err != nil {
				return nil, err
			}
			e.Output = string(b)
		}
		if e.FlowsFile != "" {
			if e.Flows, err = readMember(dir, e.FlowsFile); err != nil {
				return nil, err
			}
		}
	}
	return rec, nil
}

// loadIndex reads and checks the index of the recording in dir, without
// the files it names.
func loadIndex(dir string) (*Recording, error) {
	index := filepath.Join(dir, IndexFile)
	data, err := readBounded(index)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, &FormatError{Path: dir, Err: errors.New("not a recording: no " + IndexFile + " (make one with tutor run --record DIR)")}
		}
		return nil, &FormatError{Path: index, Err: err}
	}
	rec := &Recording{}
	if err := json.Unmarshal(data, rec); err != nil {
		return nil, &FormatError{Path: index, Err: err}
	}
	if rec.Version != Version {
		return nil, &FormatError{Path: index, Err: fmt.Errorf("recording format %d, this tutor reads %d", rec.Version, Version)}
	}
	rec.dir, rec.byKey = dir, map[string]*Entry{}
	for _, e := range rec.Steps {
		if e == nil || e.Key == "" {
			return nil, &FormatError{Path: index, Err: errors.New("a step without a key")}
		}
		if _, dup := rec.byKey[e.Key]; dup {
			return nil, &FormatError{Path: index, Err: fmt.Errorf("step %s recorded twice", e.Key)}
		}
		rec.byKey[e.Key] = e
		for _, name := range []string{e.OutputFile, e.FlowsFile} {
			if name != "" && !filepath.IsLocal(name) {
				return nil, &FormatError{Path: index, Err: fmt.Errorf("file %q is outside the recording", name)}
			}
		}
	}
	return rec, nil
}

// readMember reads a file the index names (loadIndex has checked that
// the name stays inside dir).
func readMember(dir, name string) ([]byte, error) {
	p := filepath.Join(dir, name)
	b, err := readBounded(p)
	if err != nil {
		return nil, &FormatError{Path: p, Err: err}
	}
	return b, nil
}

func readBounded(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, errors.New("not a regular file")
	}
	if fi.Size() > maxFile {
		return nil, fmt.Errorf("%d bytes, more than the %d a recording file may hold", fi.Size(), maxFile)
	}
	// Read the file already open, in one buffer of its size; a file that
	// grew since Stat is still held to the limit.
	var b bytes.Buffer
	b.Grow(int(fi.Size()) + bytes.MinRead)
	if _, err := b.ReadFrom(io.LimitReader(f, maxFile+1)); err != nil {
		return nil, err
	}
	if b.Len() > maxFile {
		return nil, fmt.Errorf("more than the %d bytes a recording file may hold", maxFile)
	}
	return b.Bytes(), nil
}

// Writer adds steps to a recording as a run finishes them. The index is
// rewritten atomically after each step, so an interrupted run leaves a
// usable recording of what it did.
type Writer struct {
	mu  sync.Mutex
	dir string
	rec Recording
	err error
}

// Err is the first error the writer met; a recording with an error misses
// steps.
func (w *Writer) Err() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.err
}

// keep remembers the first error.
func (w *Writer) keep(err error) error {
	if err != nil && w.err == nil {
		w.err = err
	}
	return err
}

// Create starts a recording in dir, replacing any recording there. Other
// files in dir are left alone.
func Create(dir, tutorial string, now time.Time) (*Writer, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("recording: %w", err)
	}
	// The index names the old files; their contents are not needed.
	if old, err := loadIndex(dir); err == nil {
		for _, e := range old.Steps {
			for _, f := range []string{e.OutputFile, e.FlowsFile} {
				if f != "" {
					os.Remove(filepath.Join(dir, f))
				}
			}
		}
	}
	w := &Writer{dir: dir, rec: Recording{Version: Version, Tutorial: tutorial, Recorded: now.UTC(), Steps: []*Entry{}}}
	return w, w.flush()
}

// SetTools records the versions of the tools the run used.
func (w *Writer) SetTools(tools map[string]string) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.rec.Tools = tools
	return w.keep(w.flush())
}

// Add records a step. An entry under the same key (a retried step)
// replaces the earlier one.
func (w *Writer) Add(e Entry) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	n := len(w.rec.Steps) + 1
	for i, old := range w.rec.Steps {
		if old.Key == e.Key {
			n = i + 1
		}
	}
	base := fmt.Sprintf("%03d-%s", n, slug(e.Command, e.Kind))
	e.OutputFile, e.FlowsFile = "", ""
	if e.Output != "" {
		e.OutputFile = base + ".txt"
		if err := atomicfile.Write(filepath.Join(w.dir, e.OutputFile), []byte(e.Output), 0o644); err != nil {
			return w.keep(fmt.Errorf("recording: %w", err))
		}
	}
	if len(e.Flows) > 0 {
		e.FlowsFile = base + ".flows.jsonl"
		if err := atomicfile.Write(filepath.Join(w.dir, e.FlowsFile), e.Flows, 0o644); err != nil {
			return w.keep(fmt.Errorf("recording: %w", err))
		}
	}
	if n <= len(w.rec.Steps) {
		w.rec.Steps[n-1] = &e
	} else {
		w.rec.Steps = append(w.rec.Steps, &e)
	}
	return w.keep(w.flush())
}

func (w *Writer) flush() error {
	data, err := json.MarshalIndent(&w.rec, "", "  ")
	if err != nil {
		return fmt.Errorf("recording: %w", err)
	}
	if err := atomicfile.Write(filepath.Join(w.dir, IndexFile), append(data, '\n'), 0o644); err != nil {
		return fmt.Errorf("recording: %w", err)
	}
	return nil
}

var nonWord = regexp.MustCompile(`[^a-z0-9]+`)

// slug names a step's files after the first words of its command.
func slug(command, kind string) string {
	words := strings.Fields(strings.ToLower(command))
	if len(words) > 3 {
		words = words[:3]
	}
	s := strings.Trim(nonWord.ReplaceAllString(strings.Join(words, "-"), "-"), "-")
	if len(s) > 40 {
		s = strings.TrimRight(s[:40], "-")
	}
	if s == "" {
		s = kind
	}
	return s
}
