package shell

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

// initialDir resolves Options.Dir.
func initialDir(dir string) (string, error) {
	if dir == "" {
		wd, err := os.Getwd()
		if err != nil {
			return "", fmt.Errorf("finding the working directory: %w", err)
		}
		return wd, nil
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", fmt.Errorf("session directory %q: %w", dir, err)
	}
	if fi, err := os.Stat(abs); err != nil {
		return "", fmt.Errorf("session directory: %w", err)
	} else if !fi.IsDir() {
		return "", fmt.Errorf("session directory %q is not a directory", abs)
	}
	return abs, nil
}

// setupCommand is the first step: it defines the aliases, exports BASH_ENV
// (kept out of the environment so bash does not source it, as an
// interactive shell would not) and prints the bash version.
func setupCommand(opts Options) (string, error) {
	var b strings.Builder
	names := make([]string, 0, len(opts.Aliases))
	for name := range opts.Aliases {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		if name == "" || strings.ContainsAny(name, "=/$`\\'\" \t\n;|&()<>") {
			return "", fmt.Errorf("invalid alias name %q", name)
		}
		fmt.Fprintf(&b, "\\builtin alias -- %s\n", Quote(name+"="+opts.Aliases[name]))
	}
	for _, kv := range opts.Env {
		if v, ok := strings.CutPrefix(kv, "BASH_ENV="); ok {
			fmt.Fprintf(&b, "\\builtin export BASH_ENV=%s\n", Quote(v))
		}
	}
	b.WriteString(`\builtin printf '%s' "${BASH_VERSINFO[0]}.${BASH_VERSINFO[1]}"`)
	return b.String(), nil
}

// init writes the session's files and runs its first step.
func (s *Session) init(setup string) error {
	if err := os.Mkdir(s.scratch, 0o700); err != nil {
		return fmt.Errorf("creating session directory: %w", err)
	}
	files := []struct {
		path string
		text []byte
	}{
		{filepath.Join(s.tmp, "prelude"), []byte(stepPrelude(s.statePath, s.nextPath))},
		{filepath.Join(s.tmp, "prelude-bg"), []byte(backgroundPrelude(s.statePath))},
		{s.statePath, initialState(s.opts.Dir)},
	}
	for _, f := range files {
		if err := os.WriteFile(f.path, f.text, 0o600); err != nil {
			return fmt.Errorf("writing session files: %w", err)
		}
	}
	pass := passThrough(s.opts.Env)
	s.stepEnv = append(slices.Clip(pass), "BASH_ENV="+files[0].path)
	s.bgEnv = append(slices.Clip(pass), "BASH_ENV="+files[1].path)
	env := append(withoutBashEnv(s.opts.Env), "BASH_ENV="+files[0].path)
	ctx, cancel := context.WithTimeout(context.Background(), initTimeout)
	defer cancel()
	res, err := s.run(ctx, setup, 0, nil, env)
	if err != nil {
		return fmt.Errorf("starting the session: %w", err)
	}
	if res.ExitCode != 0 || res.TimedOut {
		return fmt.Errorf("starting the session: bash exited with status %d: %s", res.ExitCode, res.Output)
	}
	s.version = res.Output
	major, minor, _ := strings.Cut(s.version, ".")
	m, _ := strconv.Atoi(major)
	n, _ := strconv.Atoi(minor)
	if m < 4 || m == 4 && n < 4 {
		return &ToolMissingError{Tool: s.opts.Bash, Err: fmt.Errorf("bash 4.4 or later is needed, found %s", s.version)}
	}
	// The first step must have saved a state of its own; if it did not,
	// no step will.
	if state, err := s.State(); err != nil {
		return err
	} else if bytes.Equal(state, initialState(s.opts.Dir)) {
		return &ToolMissingError{Tool: s.opts.Bash, Err: errors.New("bash did not save the session state")}
	}
	return nil
}

// passThrough returns the entries of env that bash cannot hold as shell
// variables, so every step's bash must get them from its environment.
// Exported functions (BASH_FUNC_*) are left out: the state holds them.
func passThrough(env []string) []string {
	out := []string{}
	for _, kv := range env {
		name, _, _ := strings.Cut(kv, "=")
		if !identifier.MatchString(name) && !strings.HasPrefix(name, "BASH_FUNC_") {
			out = append(out, kv)
		}
	}
	return out
}

// withoutBashEnv returns env without BASH_ENV.
func withoutBashEnv(env []string) []string {
	out := []string{}
	for _, kv := range env {
		if !strings.HasPrefix(kv, "BASH_ENV=") {
			out = append(out, kv)
		}
	}
	return out
}
