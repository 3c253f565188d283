package session

import (
	"errors"
	"fmt"
	"io"

	"github.com/tutor-run/tutor/engine/state"
)

// loadState finds the tutorial's state file and, with resume, the saved
// run to continue; without one it says so on w and starts afresh.
func loadState(file string, resume bool, w io.Writer) (string, *state.State, error) {
	path, err := state.Path(file)
	if err != nil {
		return "", nil, &EnvError{fmt.Errorf("run state: %w", err)}
	}
	if !resume {
		return path, nil, nil
	}
	s, err := state.Load(path)
	var notFound *state.NotFoundError
	switch {
	case errors.As(err, &notFound):
		fmt.Fprintf(w, "tutor: resume: no saved run of %s; starting from the beginning\n", file)
		return path, nil, nil
	case err != nil:
		return "", nil, &EnvError{fmt.Errorf("resume: %w", err)}
	}
	return path, s, nil
}
