package session

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"

	"github.com/tutor-run/tutor/engine/posts"
	"github.com/tutor-run/tutor/engine/report"
	"github.com/tutor-run/tutor/engine/result"
)

// PostSelection is which posts a run of many (or a plan's matrix) covers.
type PostSelection struct {
	// Paths are files, directories and globs (posts.Search).
	Paths []string
	// ChangedSince keeps the posts a change since this git revision
	// touches, themselves or through a file they name.
	ChangedSince string
	// Shard, "I/N", keeps the I-th of N balanced shards.
	Shard string
	// Timings are JSON reports of earlier runs that weigh the posts for
	// sharding.
	Timings []string
}

// SelectPosts finds the posts sel covers, in order, and weighs them. What
// it leaves out and why goes to notes. Errors: a path that finds nothing,
// a bad revision, a bad shard or an unreadable timings report is a
// *UsageError; git failing is an *EnvError.
func SelectPosts(ctx context.Context, sel PostSelection, notes io.Writer) ([]posts.Post, error) {
	var shardI, shardN int
	if sel.Shard != "" {
		var err error
		if shardI, shardN, err = posts.ParseShard(sel.Shard); err != nil {
			return nil, &UsageError{err}
		}
	}
	found, err := posts.Search(sel.Paths)
	if err != nil {
		return nil, &UsageError{err}
	}
	for _, s := range found.Skips {
		fmt.Fprintf(notes, "tutor: left out %s: %s\n", s.File, s.Reason)
	}
	timings, err := ReadTimings(sel.Timings)
	if err != nil {
		return nil, err
	}
	ps, err := posts.Load(found.Files, timings)
	if err != nil {
		return nil, &UsageError{err}
	}
	if sel.ChangedSince != "" {
		ps, err = posts.ChangedSince(ctx, sel.ChangedSince, ps)
		var notRepo *posts.NotRepoError
		var badRef *posts.RefError
		switch {
		case errors.As(err, &notRepo), errors.As(err, &badRef):
			return nil, &UsageError{err}
		case err != nil:
			return nil, &EnvError{err}
		}
		fmt.Fprintf(notes, "tutor: %d of %d post(s) touched since %s\n", len(ps), len(found.Files), sel.ChangedSince)
	}
	// A run reads its post again, as it does alone: the parse trees of a
	// whole docs site are not kept while it runs.
	for i := range ps {
		ps[i].Tutorial = nil
	}
	if shardN > 0 {
		all := len(ps)
		if ps, err = posts.Shard(ps, shardI, shardN); err != nil {
			return nil, &UsageError{err}
		}
		fmt.Fprintf(notes, "tutor: shard %s: %d of %d post(s)\n", sel.Shard, len(ps), all)
	}
	return ps, nil
}

// ReadTimings reads the JSON reports of earlier runs (single or
// combined) that weigh posts; a file that is not one is a *UsageError.
func ReadTimings(files []string) ([]*result.Run, error) {
	var runs []*result.Run
	for _, f := range files {
		rs, err := report.ReadJSONFile(f)
		var pe *fs.PathError
		switch {
		case errors.As(err, &pe):
			return nil, &UsageError{fmt.Errorf("--timings: %w", err)}
		case err != nil:
			return nil, &UsageError{fmt.Errorf("--timings %s: %w", f, err)}
		}
		runs = append(runs, rs...)
	}
	return runs, nil
}
