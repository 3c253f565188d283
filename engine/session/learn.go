package session

import (
	"context"
	"io"
	"time"

	"github.com/tutor-run/tutor/engine/learn"
	"github.com/tutor-run/tutor/engine/result"
	"github.com/tutor-run/tutor/engine/runner"
)

// LearnOptions are the inputs of a learner's pass through one post.
type LearnOptions struct {
	// File is the post.
	File string
	// Choices fill what the post leaves to the reader.
	Choices Choices
	// FromSection starts at a section (by id or title).
	FromSection string
	// Timeout overrides the per-step default of the post and of tutor.
	Timeout time.Duration
	// Contexts are kube contexts allowed besides those the post names.
	Contexts []string
	// Env is the environment the steps start from and the placeholders
	// are looked up in; nil means the process's.
	Env []string
	// ErrOut receives the post's warnings; nil discards them.
	ErrOut io.Writer
	// Screen is the learner's terminal: keys in, the session out. Its
	// Aliases are the post's.
	Screen learn.Options
}

// Learn takes a learner through the post opts.File: the learn.Session
// shows each step, asks before running it and sums up at the end. The
// result's ExitCode says how the pass went (an interrupt at any point
// makes it an interrupted one); the error is as Run's before the steps.
func Learn(ctx context.Context, opts LearnOptions) (*result.Run, error) {
	if opts.ErrOut == nil {
		opts.ErrOut = io.Discard
	}
	p, err := readPost(opts.File, &opts.Choices, envLookup(opts.Env), opts.ErrOut)
	if err != nil {
		return nil, err
	}
	screen := opts.Screen
	screen.Aliases = p.tutorial.Settings.Aliases
	guide := learn.New(screen)
	guide.Intro(p.tutorial)
	res, err := runner.Run(ctx, p.tutorial, runner.Options{
		// The learner decides after each failure whether to go on, so a
		// failure does not block the sections after it.
		Selection: runner.Selection{KeepGoing: true, FromSection: opts.FromSection, Timeout: opts.Timeout},
		IO:        runner.IO{Controller: guide, Observer: guide, Dir: p.dir, Env: opts.Env},
		Cluster:   runner.Cluster{Contexts: opts.Contexts},
	})
	if err != nil {
		return nil, err
	}
	guide.Summary(res)
	// An interrupt while the summary was shown still ends the pass as
	// interrupted.
	if ctx.Err() != nil {
		res.Interrupted = true
	}
	return res, nil
}
