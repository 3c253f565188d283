package shell

import (
	"errors"
	"fmt"
	"os"
)

// Dir returns the session's current working directory.
func (s *Session) Dir() string { return s.cwd }

// Setenv sets and exports a variable in the session, as `export name=value`
// would in the next step.
func (s *Session) Setenv(name, value string) error {
	if !identifier.MatchString(name) || isBashOwned(name) {
		return fmt.Errorf("setenv: invalid variable name %q", name)
	}
	state, err := s.State()
	if err != nil {
		return fmt.Errorf("setenv %s: %w", name, err)
	}
	if isReadonly(state, name) {
		return fmt.Errorf("setenv %s: variable is read-only", name)
	}
	return s.Restore(withLine(state, "\\builtin export "+Quote(name+"="+value)))
}

// State returns an opaque snapshot of the session's state that Restore
// accepts, in this session or a later one.
func (s *Session) State() ([]byte, error) {
	if s.closed {
		return nil, errors.New("session is closed")
	}
	b, err := os.ReadFile(s.statePath)
	if err != nil {
		return nil, fmt.Errorf("reading shell state: %w", err)
	}
	return b, nil
}

// Restore replaces the session's state with a snapshot from State.
func (s *Session) Restore(state []byte) error {
	if s.closed {
		return errors.New("session is closed")
	}
	cwd, err := parseState(state)
	if err != nil {
		return fmt.Errorf("restoring shell state: %w", err)
	}
	if err := os.WriteFile(s.nextPath, state, 0o600); err != nil {
		return fmt.Errorf("restoring shell state: %w", err)
	}
	return s.replaceState(cwd)
}

// replaceState makes the file at nextPath the state. It removes the old
// state before the rename rather than renaming over it: ext4 flushes a file
// renamed over another (auto_da_alloc), which costs more than a whole step.
func (s *Session) replaceState(cwd string) error {
	if err := os.Remove(s.statePath); err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("replacing shell state: %w", err)
	}
	if err := os.Rename(s.nextPath, s.statePath); err != nil {
		return fmt.Errorf("replacing shell state: %w", err)
	}
	s.cwd = cwd
	return nil
}
