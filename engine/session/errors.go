package session

// UsageError is a session refused before anything ran because what it
// was asked is wrong: an option's value (--var, --require, --helm-mirror,
// --watch-window, --tab), a recording that cannot be read, --record and
// --replay naming one directory. tutor exits 2.
type UsageError struct{ Err error }

func (e *UsageError) Error() string { return e.Err.Error() }
func (e *UsageError) Unwrap() error { return e.Err }

// EnvError is a session that could not start because the machine failed
// it: the sandbox did not come up, the run state or a recording could not
// be written. tutor exits 3.
type EnvError struct{ Err error }

func (e *EnvError) Error() string { return e.Err.Error() }
func (e *EnvError) Unwrap() error { return e.Err }

// ReportedError is a failure after the steps ran (the recording is
// incomplete, a report could not be written, --update could not rewrite
// the post) that Run has already written to ErrOut, in its place among
// the run's notes and before the sandbox's teardown notes. Status is the
// exit status it calls for.
type ReportedError struct {
	Err    error
	Status int
}

func (e *ReportedError) Error() string { return e.Err.Error() }
func (e *ReportedError) Unwrap() error { return e.Err }
