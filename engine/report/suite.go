package report

import (
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"path"
	"slices"
	"strings"

	"github.com/tutor-run/tutor/engine/result"
)

// A suite is the runs of many posts, one run per post: a `tutor run` of
// several posts, or the reports of CI shards merged. The Suite functions
// take the runs in any order and write them sorted by tutorial file (see
// SortRuns), so their output does not depend on which run finished first
// or which shard was merged first.

// The verdicts of a post in a suite, by its run's exit status.
const (
	PostPassed      = "passed"      // exit 0: every claim held
	PostFailed      = "failed"      // exit 1: a claim broke
	PostMalformed   = "malformed"   // exit 2: the post could not be run as written
	PostErrored     = "errored"     // exit 3 (or any other): the environment failed
	PostInterrupted = "interrupted" // exit 130: a signal stopped it
)

// PostVerdict names the outcome of one post of a suite (the Post*
// constants).
func PostVerdict(run *result.Run) string {
	return verdictOf(run.ExitCode())
}

// postNote says why a post did not pass: why it failed as a
// whole, its first broken step's message, or that it was interrupted;
// "" when it passed.
func postNote(run *result.Run) string {
	if run.Failed != nil {
		return run.Failed.Message
	}
	if _, st := run.FirstFailure(); st != nil {
		return st.Message()
	}
	if run.Interrupted {
		return "interrupted"
	}
	return ""
}

// verdictOf is the post verdict an exit status stands for.
func verdictOf(code int) string {
	switch code {
	case result.ExitPassed:
		return PostPassed
	case result.ExitClaimBroken:
		return PostFailed
	case result.ExitUsage:
		return PostMalformed
	case result.ExitInterrupted:
		return PostInterrupted
	default:
		return PostErrored
	}
}

// exitRank orders exit statuses by which wins in a suite.
func exitRank(code int) int {
	switch code {
	case result.ExitPassed:
		return 0
	case result.ExitClaimBroken:
		return 1
	case result.ExitUsage:
		return 2
	case result.ExitInterrupted:
		return 4
	default:
		return 3
	}
}

// SuiteExitCode is the exit status of a suite: the status of its worst
// post, where 130 (a post was interrupted: the suite is incomplete) wins
// over 3 (the environment failed: the other verdicts may not mean much),
// which wins over 2 (a post is malformed), over 1 (a claim broke), over 0
// (every claim of every post held, or there are no posts). A post's
// status other than these counts as 3, an environment failure.
func SuiteExitCode(runs []*result.Run) int {
	code := result.ExitPassed
	for _, run := range runs {
		c := run.ExitCode()
		if exitRank(c) > exitRank(code) {
			code = c
		}
	}
	if exitRank(code) == 3 {
		return result.ExitEnvironment
	}
	return code
}

// SortRuns returns the runs sorted by tutorial file, then by start; runs
// is left as it was.
func SortRuns(runs []*result.Run) []*result.Run {
	sorted := slices.Clone(runs)
	slices.SortStableFunc(sorted, func(a, b *result.Run) int {
		return cmp.Or(strings.Compare(tutorialFile(a), tutorialFile(b)), a.Started.Compare(b.Started))
	})
	return sorted
}

// Superseded is a run MergeRuns left out for a newer run of its post.
type Superseded struct {
	Dropped, Kept *result.Run
}

// MergeRuns keeps one run per post, the newest by Started (a shard run
// again), and says which runs it dropped. Of two runs of a post that
// started at the same time, the later in runs is kept. Posts are told
// apart by their cleaned file path; runs without a file are all kept.
// The runs kept are sorted as SortRuns sorts them.
func MergeRuns(runs []*result.Run) (kept []*result.Run, dropped []Superseded) {
	at := make(map[string]int, len(runs))
	for _, run := range runs {
		file := tutorialFile(run)
		if file == "" {
			kept = append(kept, run)
			continue
		}
		key := path.Clean(file)
		i, seen := at[key]
		switch {
		case !seen:
			at[key] = len(kept)
			kept = append(kept, run)
		case run.Started.Before(kept[i].Started):
			dropped = append(dropped, Superseded{Dropped: run, Kept: kept[i]})
		default:
			dropped = append(dropped, Superseded{Dropped: kept[i], Kept: run})
			kept[i] = run
		}
	}
	return SortRuns(kept), dropped
}

// SuiteCounts tallies the posts of a suite by verdict.
type SuiteCounts struct {
	Posts       int `json:"posts"`
	Passed      int `json:"passed"`
	Failed      int `json:"failed"`
	Malformed   int `json:"malformed"`
	Errored     int `json:"errored"`
	Interrupted int `json:"interrupted"`
}

// CountSuite tallies runs by PostVerdict.
func CountSuite(runs []*result.Run) SuiteCounts {
	c := SuiteCounts{Posts: len(runs)}
	for _, run := range runs {
		switch PostVerdict(run) {
		case PostPassed:
			c.Passed++
		case PostFailed:
			c.Failed++
		case PostMalformed:
			c.Malformed++
		case PostInterrupted:
			c.Interrupted++
		default:
			c.Errored++
		}
	}
	return c
}

// String is "3 posts: 1 passed, 1 failed, 1 malformed", leaving out the
// verdicts no post has.
func (c SuiteCounts) String() string {
	head := plural(c.Posts, "post")
	var parts []string
	for _, p := range []struct {
		n    int
		word string
	}{{c.Passed, PostPassed}, {c.Failed, PostFailed}, {c.Malformed, PostMalformed}, {c.Errored, PostErrored}, {c.Interrupted, PostInterrupted}} {
		if p.n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", p.n, p.word))
		}
	}
	if len(parts) == 0 {
		return head
	}
	return head + ": " + strings.Join(parts, ", ")
}

// suiteSections tallies the sections of every run, as reports count them.
func suiteSections(runs []*result.Run) map[result.Status]int {
	counts := map[result.Status]int{}
	for _, run := range runs {
		for _, sec := range run.Sections {
			counts[sectionStatus(sec)]++
		}
	}
	return counts
}

// WriteSuiteJSON writes runs as one combined, indented JSON document that
// ReadJSON reads back. The shape:
//
//	{
//	  "version": 1,
//	  "exitCode": 2,                                      // SuiteExitCode
//	  "counts": {"posts": 3, "passed": 1, "failed": 1, "malformed": 1, "errored": 0, "interrupted": 0},
//	  "sectionCounts": {"passed": 9, "failed": 1, "errored": 0, "blocked": 2, "skipped": 0},  // over every post
//	  "runs": [ ... ]                                     // each run as WriteJSON writes it, sorted by tutorial file
//	}
func WriteSuiteJSON(w io.Writer, runs []*result.Run) error {
	runs = SortRuns(runs)
	sections := suiteSections(runs)
	doc := struct {
		Version  int         `json:"version"`
		ExitCode int         `json:"exitCode"`
		Counts   SuiteCounts `json:"counts"`
		Sections jsonCounts  `json:"sectionCounts"`
		Runs     []jsonRun   `json:"runs"`
	}{
		Version:  jsonVersion,
		ExitCode: SuiteExitCode(runs),
		Counts:   CountSuite(runs),
		Sections: jsonCounts{
			Passed: sections[result.Passed], Failed: sections[result.Failed], Errored: sections[result.Errored],
			Blocked: sections[result.Blocked], Skipped: sections[result.Skipped],
		},
		Runs: make([]jsonRun, 0, len(runs)),
	}
	for _, run := range runs {
		doc.Runs = append(doc.Runs, jsonFromRun(run))
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(doc)
}
