package state

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"time"
	"unicode/utf8"

	"github.com/tutor-run/tutor/engine/atomicfile"
	"github.com/tutor-run/tutor/engine/redact"
)

// Path returns the state file of the tutorial at tutorialPath:
// <dir>/<first 16 hex digits of the SHA-256 of its absolute path>.json
// (symbolic links resolved), so that two tutorials in one directory never
// share one and one tutorial always has the same. The directory is
// $TUTOR_STATE_DIR when set, else $XDG_STATE_HOME/tutor/runs, else
// ~/.local/state/tutor/runs.
func Path(tutorialPath string) (string, error) {
	dir, err := stateDir()
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256([]byte(canonical(tutorialPath)))
	return filepath.Join(dir, hex.EncodeToString(sum[:])[:16]+".json"), nil
}

// stateDir is the directory of the state files.
func stateDir() (string, error) {
	if dir := os.Getenv("TUTOR_STATE_DIR"); dir != "" {
		abs, err := filepath.Abs(dir)
		if err != nil {
			return "", fmt.Errorf("state directory %q: %w", dir, err)
		}
		return abs, nil
	}
	// The XDG spec says to ignore a relative $XDG_STATE_HOME.
	if dir := os.Getenv("XDG_STATE_HOME"); filepath.IsAbs(dir) {
		return filepath.Join(dir, "tutor", "runs"), nil
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", fmt.Errorf("finding the state directory: %w", err)
	}
	return filepath.Join(home, ".local", "state", "tutor", "runs"), nil
}

// file is the JSON form of a State. The shell state is text so that the
// file can be read (and checked for secrets); it is base64 only when it is
// not valid UTF-8.
type file struct {
	Version      int               `json:"version"`
	Tutorial     string            `json:"tutorial"`
	Fingerprints []string          `json:"fingerprints"`
	Done         int               `json:"done"`
	Shell        string            `json:"shell,omitempty"`
	ShellBase64  []byte            `json:"shellBase64,omitempty"`
	Dropped      []string          `json:"dropped,omitempty"`
	Bindings     map[string]string `json:"bindings,omitempty"`
	Applied      []string          `json:"applied,omitempty"`
	Saved        time.Time         `json:"saved"`
}

// Save writes s to path, readable by its owner only, replacing what was
// there atomically (a temporary file in the same directory, synced, then
// renamed). It writes Version, whatever s.Version says. What it writes
// holds no secret r knows or finds: the shell state goes through
// ScrubShell, the variables dropped are added to Dropped, and the rest is
// redacted. A nil r still finds secrets by pattern and by variable name.
func Save(path string, s *State, r *redact.Redactor) error {
	clean, dropped, known := scrub(s.Shell, r)
	// Functions and aliases are kept as they are by ScrubShell; a secret
	// written into one is replaced here, at the cost of that definition.
	clean = []byte(known.String(string(clean)))
	f := file{
		Version: Version, Tutorial: s.Tutorial, Fingerprints: s.Fingerprints, Done: s.Done,
		Dropped: slices.Clone(s.Dropped), Saved: s.Saved,
	}
	for _, name := range dropped {
		if !slices.Contains(f.Dropped, name) {
			f.Dropped = append(f.Dropped, name)
		}
	}
	if utf8.Valid(clean) {
		f.Shell = string(clean)
	} else {
		f.ShellBase64 = clean
	}
	if s.Bindings != nil {
		f.Bindings = make(map[string]string, len(s.Bindings))
		for k, v := range s.Bindings {
			f.Bindings[known.String(k)] = known.String(v)
		}
	}
	for _, a := range s.Applied {
		f.Applied = append(f.Applied, known.String(a))
	}
	data, err := json.MarshalIndent(f, "", "  ")
	if err != nil {
		return fmt.Errorf("saving run state: %w", err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return fmt.Errorf("saving run state: %w", err)
	}
	if err := atomicfile.Replace(path, append(data, '\n'), 0o600); err != nil {
		return fmt.Errorf("saving run state: %w", err)
	}
	return nil
}

// Load reads the state saved at path. It returns a *NotFoundError when
// there is none and a *CorruptError when the file cannot be used.
func Load(path string) (*State, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, &NotFoundError{Path: path, Err: err}
	} else if err != nil {
		return nil, fmt.Errorf("loading run state: %w", err)
	}
	var f file
	if err := json.Unmarshal(data, &f); err != nil {
		return nil, &CorruptError{Path: path, Err: err}
	}
	switch {
	case f.Version != Version:
		return nil, &CorruptError{Path: path, Err: fmt.Errorf("format version %d, want %d", f.Version, Version)}
	case f.Tutorial == "":
		return nil, &CorruptError{Path: path, Err: errors.New("no tutorial")}
	case f.Done < 0 || f.Done > len(f.Fingerprints):
		return nil, &CorruptError{Path: path, Err: fmt.Errorf("%d steps done of %d", f.Done, len(f.Fingerprints))}
	}
	s := &State{
		Version: f.Version, Tutorial: f.Tutorial, Fingerprints: f.Fingerprints, Done: f.Done,
		Shell: []byte(f.Shell), Dropped: f.Dropped, Bindings: f.Bindings, Applied: f.Applied, Saved: f.Saved,
	}
	if f.ShellBase64 != nil {
		s.Shell = f.ShellBase64
	}
	return s, nil
}

// NotFoundError says that no run was saved at Path.
type NotFoundError struct {
	Path string
	Err  error
}

// Error says where no run was saved.
func (e *NotFoundError) Error() string { return "no saved run at " + e.Path }

// Unwrap returns the error from the file system, so that errors.Is(err,
// fs.ErrNotExist) holds.
func (e *NotFoundError) Unwrap() error { return e.Err }

// CorruptError says that the state file at Path cannot be used: it is not
// JSON, was written by another format version, or does not add up.
type CorruptError struct {
	Path string
	Err  error
}

// Error says which file is corrupt and how.
func (e *CorruptError) Error() string {
	return fmt.Sprintf("run state %s is corrupt: %v", e.Path, e.Err)
}

// Unwrap returns what was wrong with the file.
func (e *CorruptError) Unwrap() error { return e.Err }
