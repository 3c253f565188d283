package shell

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sync"
	"time"

	procfs "github.com/tutor-run/tutor/engine/internal/proc"
)

// Options configure a Session.
type Options struct {
	// Bash is the path or name of bash; the default is "bash" from PATH.
	Bash string
	// Dir is the initial working directory; the default is the current one.
	Dir string
	// Env is the initial environment, as "NAME=value" entries; nil means
	// the environment of this process.
	Env []string
	// Aliases are defined in the session before its first step, for
	// example {"k": "kubectl"}.
	Aliases map[string]string
	// OutputCap is how many bytes of output a step keeps: the head and the
	// tail, with a marker where bytes were dropped. The default is 1 MiB.
	OutputCap int
	// KillGrace is how long a process group gets between SIGTERM and
	// SIGKILL. The default is 2 s.
	KillGrace time.Duration
}

// The defaults for Options.
const (
	// DefaultOutputCap is the default Options.OutputCap: 1 MiB.
	DefaultOutputCap = 1 << 20
	// DefaultKillGrace is the default Options.KillGrace.
	DefaultKillGrace = 2 * time.Second
)

// initTimeout bounds the step that NewSession runs to set the session up.
const initTimeout = 30 * time.Second

// Session is a bash session whose state carries across steps. Its methods
// are for one goroutine at a time.
type Session struct {
	bash      string
	opts      Options
	tmp       string // per-session temporary directory
	scratch   string // empty directory to start in if the cwd is gone
	statePath string
	nextPath  string
	stepEnv   []string // environment of every step's bash after the first
	bgEnv     []string // environment of background commands
	cwd       string
	version   string

	leftovers   []*proc // finished steps whose children still run
	backgrounds []*Background
	closed      bool

	// tracker follows every process the session starts, including those
	// that leave their process group; Close stops what is left of them.
	tracker *procfs.Tracker
	strays  []procfs.Stray
}

// NewSession starts a session: it finds bash, makes the session's temporary
// directory and runs one step that records the initial environment,
// directory and aliases. Close the session to remove what it made.
func NewSession(opts Options) (*Session, error) {
	if opts.Bash == "" {
		opts.Bash = "bash"
	}
	bash, err := exec.LookPath(opts.Bash)
	if err != nil {
		return nil, &ToolMissingError{Tool: opts.Bash, Err: err}
	}
	if opts.OutputCap <= 0 {
		opts.OutputCap = DefaultOutputCap
	}
	if opts.KillGrace <= 0 {
		opts.KillGrace = DefaultKillGrace
	}
	if opts.Env == nil {
		opts.Env = os.Environ()
	}
	if opts.Dir, err = initialDir(opts.Dir); err != nil {
		return nil, err
	}
	setup, err := setupCommand(opts)
	if err != nil {
		return nil, err
	}
	tmp, err := os.MkdirTemp("", "tutor-shell-")
	if err != nil {
		return nil, fmt.Errorf("creating session directory: %w", err)
	}
	s := &Session{
		bash: bash, opts: opts, tmp: tmp, cwd: opts.Dir,
		scratch:   filepath.Join(tmp, "empty"),
		statePath: filepath.Join(tmp, "state"),
		nextPath:  filepath.Join(tmp, "next"),
		tracker:   procfs.NewTracker(),
	}
	if err := s.init(setup); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// Version returns the major and minor version of the session's bash.
func (s *Session) Version() string { return s.version }

// Close stops every background command and every process group that a step
// left running (SIGTERM, then SIGKILL after KillGrace), then every process
// the session started that is still running outside them (see Strays),
// and removes the session's temporary files. Calling it again does
// nothing.
func (s *Session) Close() error {
	if s.closed {
		return nil
	}
	s.closed = true
	var (
		wg   sync.WaitGroup
		mu   sync.Mutex
		errs []error
	)
	report := func(err error) {
		if err != nil {
			mu.Lock()
			errs = append(errs, err)
			mu.Unlock()
		}
	}
	for _, b := range s.backgrounds {
		wg.Go(func() { report(b.Stop()) })
	}
	for _, p := range s.leftovers {
		wg.Go(func() {
			report(stopGroup(p.pgid, s.opts.KillGrace))
			p.pipe.Close()
		})
	}
	wg.Wait()
	s.backgrounds, s.leftovers = nil, nil
	// What is still running left its process group (setsid, a daemon's
	// double fork): the tracker finds it.
	strays, err := s.tracker.Stop(s.opts.KillGrace)
	report(err)
	s.strays = strays
	if err := os.RemoveAll(s.tmp); err != nil {
		report(fmt.Errorf("removing session directory: %w", err))
	}
	return errors.Join(errs...)
}

// Strays are the processes Close found still running after it stopped
// the backgrounds and process groups it knew: they had left their process
// group, and Close stopped them too.
func (s *Session) Strays() []procfs.Stray { return s.strays }

// Tracking says how the session finds every process it started: "cgroup"
// (a cgroup v2 of its own) or "marker" (an environment variable).
func (s *Session) Tracking() string { return s.tracker.Mode() }

// pruneLeftovers forgets the process groups of finished steps that have
// ended and whose pipes have reached end of output. The pipes of the others
// keep being drained, so that their writers neither block nor die of
// SIGPIPE.
func (s *Session) pruneLeftovers() {
	s.leftovers = slices.DeleteFunc(s.leftovers, (*proc).gone)
}

// startDir is where a step's bash starts: the session's directory, or an
// empty one when that has gone, so that no step runs somewhere unexpected.
func (s *Session) startDir() string {
	if fi, err := os.Stat(s.cwd); err == nil && fi.IsDir() {
		return s.cwd
	}
	return s.scratch
}
