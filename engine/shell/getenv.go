package shell

import (
	"context"
	"errors"
	"fmt"
)

// Getenv returns the value of a variable in the session's state (empty
// when unset) without running a step: the state, $? included, is left as
// it was. The runner uses it to read KUBECONFIG before cluster steps.
func (s *Session) Getenv(ctx context.Context, name string) (string, error) {
	if s.closed {
		return "", errors.New("getenv: session is closed")
	}
	if !identifier.MatchString(name) {
		return "", fmt.Errorf("getenv: invalid variable name %q", name)
	}
	out := newCapture(1<<20, nil, nil)
	// The background prelude sources the state and saves nothing.
	p, err := s.spawn(s.startDir(), s.bgEnv, `\builtin printf '%s' "${`+name+`-}"`, out)
	if err != nil {
		return "", err
	}
	select {
	case <-p.exited:
	case <-ctx.Done():
		_ = stopGroup(p.pgid, s.opts.KillGrace)
		<-p.exited
		return "", ctx.Err()
	}
	p.drain(drainWait)
	value, _ := out.detach()
	if code, err := p.exitCode(); err != nil || code != 0 {
		return "", fmt.Errorf("getenv %s: bash exited with status %d: %v", name, code, err)
	}
	return value, nil
}
