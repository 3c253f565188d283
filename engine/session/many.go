package session

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/tutor-run/tutor/engine/model"
	"github.com/tutor-run/tutor/engine/posts"
	"github.com/tutor-run/tutor/engine/reader"
	"github.com/tutor-run/tutor/engine/result"
	"github.com/tutor-run/tutor/engine/runner"
)

// Many are the inputs of a run of many posts.
type Many struct {
	// Posts are the posts, in the order their results are returned. A post
	// whose Needs lack "cluster" never starts a sandbox.
	Posts []posts.Post
	// Jobs is how many posts run at once; below 1 means 1.
	Jobs int
	// PostTimeout bounds each post as a whole; zero means no bound.
	PostTimeout time.Duration
	// Post is what every post runs with; File, IO.Out, IO.ErrOut,
	// IO.Reporter, IO.Dir and Reports are set per post.
	Post Options
	// Display shows the posts; nil shows nothing.
	Display Display
}

// Display shows a run of many posts: each post gets its own view, which
// the post's run reports to and which is told when the post ended.
type Display interface {
	Post(file string) PostView
}

// PostView is one post of a run of many on a Display.
type PostView interface {
	Reporter
	// Notes receives the post's notes (its ErrOut and Out).
	Notes() io.Writer
	// Done is called once when the post ended, with its result.
	Done(*result.Run)
}

// MalformedError is a run of many posts refused before anything ran
// because posts are malformed (without Selection.KeepGoing). tutor
// exits 2.
type MalformedError struct{ Errs []error }

func (e *MalformedError) Error() string {
	return fmt.Sprintf("%d post(s) malformed: %v", len(e.Errs), errors.Join(e.Errs...))
}

// RunMany runs every post of opts.Posts, opts.Jobs at a time, each in
// isolation: its own shell session and process tracker, its own working
// directory (a private directory that links to the post directory's
// entries but its markdown files, so what a step writes stays with its
// post and the docs tree is not written to; a path that climbs out with
// ".." leaves it), its own TMPDIR, run state, helm home and
// port-forwards and, with Sandbox.Enabled, its own sandbox on free ports.
// Every post is read first: a malformed one stops the run before anything
// ran (a *MalformedError) unless Selection.KeepGoing, when it is reported
// as failed (status 2) and the others run. A post that crashes or runs
// out of time is reported as failed (status 3) and never stops the others.
// A post that talks to no cluster starts no sandbox. The results come in
// opts.Posts's order, one per post.
func RunMany(ctx context.Context, opts Many) ([]*result.Run, error) {
	if opts.Jobs < 1 {
		opts.Jobs = 1
	}
	if opts.Display == nil {
		opts.Display = nopDisplay{}
	}
	runs := make([]*result.Run, len(opts.Posts))
	var malformed []error
	lookup := envLookup(opts.Post.IO.Env)
	for i, p := range opts.Posts {
		f := p.File
		choices := opts.Post.Choices
		if _, err := readPost(f, &choices, lookup, io.Discard); err != nil {
			malformed = append(malformed, err)
			runs[i] = failedRun(f, err.Error(), result.ExitUsage)
		}
	}
	if len(malformed) > 0 && !opts.Post.Selection.KeepGoing {
		return nil, &MalformedError{Errs: malformed}
	}
	root, err := os.MkdirTemp("", "tutor-posts-")
	if err != nil {
		return nil, &EnvError{err}
	}
	defer os.RemoveAll(root)

	sem := make(chan struct{}, opts.Jobs)
	var wg sync.WaitGroup
	for i, p := range opts.Posts {
		f := p.File
		if runs[i] != nil {
			view := opts.Display.Post(f)
			view.Close()
			view.Done(runs[i])
			continue
		}
		select {
		case sem <- struct{}{}:
		case <-ctx.Done():
		}
		if ctx.Err() != nil {
			runs[i] = failedRun(f, "not run: interrupted", result.ExitInterrupted)
			continue
		}
		wg.Go(func() {
			defer func() { <-sem }()
			runs[i] = runOne(ctx, opts, p, filepath.Join(root, fmt.Sprint(i)))
		})
	}
	wg.Wait()
	return runs, nil
}

// runOne runs one post of many and tells its view.
func runOne(ctx context.Context, opts Many, post posts.Post, home string) (res *result.Run) {
	file := post.File
	view := opts.Display.Post(file)
	defer func() {
		if p := recover(); p != nil {
			res = failedRun(file, fmt.Sprintf("tutor crashed running this post: %v\n%s", p, debug.Stack()), result.ExitEnvironment)
		}
		view.Close()
		view.Done(res)
	}()
	o := opts.Post
	o.File = file
	o.Reports = Reports{}
	o.IO.Out, o.IO.ErrOut, o.IO.Reporter = view.Notes(), view.Notes(), view
	if o.Cluster.Sandbox.Enabled && !slices.Contains(post.Needs, "cluster") {
		o.Cluster.Sandbox.Enabled = false // nothing would talk to it
	}
	var err error
	if o.IO.Dir, o.IO.Env, err = isolate(file, home, o.IO.Env); err != nil {
		return failedRun(file, "isolating the post: "+err.Error(), result.ExitEnvironment)
	}
	pctx := ctx
	if opts.PostTimeout > 0 {
		var cancel context.CancelFunc
		pctx, cancel = context.WithTimeout(ctx, opts.PostTimeout)
		defer cancel()
	}
	res, err = Run(pctx, o)
	if opts.PostTimeout > 0 && errors.Is(pctx.Err(), context.DeadlineExceeded) && ctx.Err() == nil {
		msg := fmt.Sprintf("timed out: the post ran longer than %s (--post-timeout)", opts.PostTimeout)
		if res == nil {
			return failedRun(file, msg, result.ExitEnvironment)
		}
		res.Interrupted = false
		res.Failed = &result.PostFailure{Message: msg, Status: result.ExitEnvironment}
		return res
	}
	if err != nil {
		var rep *ReportedError
		if errors.As(err, &rep) && res != nil {
			res.Failed = &result.PostFailure{Message: rep.Error(), Status: rep.Status}
			return res
		}
		return failedRun(file, err.Error(), errorStatus(err))
	}
	return res
}

// errorStatus is the exit status a session's error calls for.
func errorStatus(err error) int {
	var (
		rerr  *reader.Error
		usage *UsageError
		sel   *runner.SelectionError
	)
	switch {
	case errors.As(err, &rerr), errors.As(err, &usage), errors.As(err, &sel), errors.Is(err, fs.ErrNotExist):
		return result.ExitUsage
	}
	return result.ExitEnvironment
}

// failedRun is the result of a post that as a whole did not run.
func failedRun(file, msg string, status int) *result.Run {
	return &result.Run{
		Tutorial: &model.Tutorial{File: file},
		Started:  time.Now(),
		Failed:   &result.PostFailure{Message: msg, Status: status},
	}
}

// isolate makes a post's private directories under home: the working
// directory, which links to every entry of the post's own directory but
// the markdown files (the posts, of which a docs directory may hold
// thousands), and a TMPDIR. It returns the working directory and env with TMPDIR set.
func isolate(file, home string, env []string) (string, []string, error) {
	src, err := filepath.Abs(filepath.Dir(file))
	if err != nil {
		return "", nil, err
	}
	work, tmp := filepath.Join(home, "work"), filepath.Join(home, "tmp")
	for _, d := range []string{work, tmp} {
		if err := os.MkdirAll(d, 0o700); err != nil {
			return "", nil, err
		}
	}
	entries, err := os.ReadDir(src)
	if err != nil {
		return "", nil, err
	}
	for _, e := range entries {
		if !e.IsDir() && strings.HasSuffix(e.Name(), ".md") {
			continue // the posts: a docs directory holds many, and no post reads another as a file
		}
		if err := os.Symlink(filepath.Join(src, e.Name()), filepath.Join(work, e.Name())); err != nil {
			return "", nil, err
		}
	}
	if env == nil {
		env = os.Environ()
	}
	return work, setEnv(env, "TMPDIR", tmp), nil
}

// setEnv returns env with name set to value, replacing any earlier value.
func setEnv(env []string, name, value string) []string {
	out := make([]string, 0, len(env)+1)
	for _, kv := range env {
		if strings.HasPrefix(kv, name+"=") {
			continue
		}
		out = append(out, kv)
	}
	return append(out, name+"="+value)
}

// nopDisplay shows nothing.
type nopDisplay struct{}

func (nopDisplay) Post(string) PostView { return nopView{} }

type nopView struct{ nopReporter }

func (nopView) Notes() io.Writer { return io.Discard }
func (nopView) Done(*result.Run) {}
