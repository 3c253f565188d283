package posts

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os/exec"
	"strings"
)

// GitError is a git command that failed, with what it printed.
type GitError struct {
	Args   []string
	Stderr string
	Err    error
}

func (e *GitError) Error() string {
	msg := strings.TrimSpace(e.Stderr)
	if msg == "" {
		msg = e.Err.Error()
	}
	if i := strings.IndexByte(msg, '\n'); i >= 0 {
		msg = msg[:i]
	}
	return fmt.Sprintf("git %s: %s", strings.Join(e.Args, " "), msg)
}

func (e *GitError) Unwrap() error { return e.Err }

// NotRepoError says that --changed-since was asked outside a git work
// tree (or without git).
type NotRepoError struct {
	Dir string
	Err error
}

func (e *NotRepoError) Error() string {
	return fmt.Sprintf("%s is not inside a git work tree: choosing posts by what changed needs the repository's history (%v)", e.Dir, e.Err)
}

func (e *NotRepoError) Unwrap() error { return e.Err }

// RefError is a revision git does not know, or one HEAD shares no
// history with.
type RefError struct {
	Ref    string
	Reason string
}

func (e *RefError) Error() string {
	return fmt.Sprintf("--changed-since %s: %s", e.Ref, e.Reason)
}

// errNoGit is gitFiles' answer outside a git work tree or without git.
var errNoGit = errors.New("not in a git work tree")

// git runs git in dir ("" for the current directory) and returns its
// standard output.
func git(ctx context.Context, dir string, args ...string) ([]byte, error) {
	full := args
	if dir != "" {
		full = append([]string{"-C", dir}, args...)
	}
	cmd := exec.CommandContext(ctx, "git", full...)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	if err := cmd.Run(); err != nil {
		return nil, &GitError{Args: args, Stderr: errOut.String(), Err: err}
	}
	return out.Bytes(), nil
}

// notARepo reports whether err says git found no repository, or no git.
func notARepo(err error) bool {
	var ge *GitError
	if errors.Is(err, exec.ErrNotFound) {
		return true
	}
	return errors.As(err, &ge) && strings.Contains(ge.Stderr, "not a git repository")
}

// gitFiles lists the files under dir that git tracks or would track (not
// ignored), relative to dir; errNoGit outside a work tree.
func gitFiles(dir string) ([]string, error) {
	out, err := git(context.Background(), dir, "ls-files", "-z", "--cached", "--others", "--exclude-standard")
	if notARepo(err) {
		return nil, errNoGit
	}
	if err != nil {
		return nil, err
	}
	return splitZ(out), nil
}

// splitZ splits NUL-terminated names.
func splitZ(out []byte) []string {
	var names []string
	for name := range strings.SplitSeq(string(out), "\x00") {
		if name != "" {
			names = append(names, name)
		}
	}
	return names
}
