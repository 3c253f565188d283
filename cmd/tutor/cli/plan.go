package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/tutor-run/tutor/engine/plan"
	"github.com/tutor-run/tutor/engine/posts"
	"github.com/tutor-run/tutor/engine/reader"
	"github.com/tutor-run/tutor/engine/session"
)

// PlanOptions are the inputs of `tutor plan`.
type PlanOptions struct {
	IO IOStreams
	// File is the one post planned without --matrix.
	File    string
	JSON    bool
	Choices session.Choices
	// Matrix, when above 0, splits the posts under Paths into that many
	// shards and prints them as a GitHub Actions matrix.
	Matrix int
	Paths  []string
	// Timings are JSON reports of earlier runs that weigh the posts.
	Timings []string
	// ChangedSince keeps the posts a change since this git revision
	// touches.
	ChangedSince string
}

// NewCmdPlan builds `tutor plan`; runF does its work.
func NewCmdPlan(streams IOStreams, runF func(context.Context, *PlanOptions) error) *cobra.Command {
	opts := &PlanOptions{IO: streams}
	cmd := &cobra.Command{
		Use:   "plan FILE | plan --matrix N [--timings REPORT]... [--changed-since REF] PATH...",
		Short: "Print what a run would do and check, section by section, without running anything; or split posts into CI shards",
		Long: `With one FILE, plan prints what a run of that post would do and check.

With --matrix N, plan finds the posts under each PATH (files, directories,
globs such as 'docs/**/*.md'), splits them into at most N shards balanced by
their durations in --timings reports (else estimated from their steps), and
prints one line of JSON for GitHub Actions' strategy.matrix (fromJSON):
{"include": [{"shard": "1/3", "index": 1, "total": 3, "posts": [...],
"weightMs": 1234, "needs": ["cluster"]}, ...]}. Posts left out (tutor.skip)
are listed on stderr. See engine/doc.go, "Selecting posts".`,
		Args: planArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkPlanFlags(cmd, opts); err != nil {
				return err
			}
			if cmd.Flags().Changed("matrix") {
				opts.Paths = args
			} else {
				opts.File = args[0]
			}
			return runF(cmd.Context(), opts)
		},
	}
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "print the plan as JSON (and its errors, when it refuses the post)")
	addChoiceFlags(cmd.Flags(), &opts.Choices)
	cmd.Flags().IntVar(&opts.Matrix, "matrix", 0, "split the posts under PATH... into at most `N` shards and print them as a GitHub Actions matrix (JSON)")
	cmd.Flags().StringArrayVar(&opts.Timings, "timings", nil, "with --matrix: a JSON `REPORT` of an earlier run (tutor run --json); posts are weighed by their durations in it; repeatable")
	cmd.Flags().StringVar(&opts.ChangedSince, "changed-since", "", "with --matrix: keep only the posts that changed since the git revision `REF`, or that name a file that did (e.g. origin/main)")
	return cmd
}

// planArgs wants one FILE, or with --matrix one PATH or more.
func planArgs(cmd *cobra.Command, args []string) error {
	if cmd.Flags().Changed("matrix") {
		if len(args) == 0 {
			return &usageError{fmt.Errorf("%s --matrix: want one or more PATHs (files, directories or globs)", cmd.CommandPath())}
		}
		return nil
	}
	return exactFile(cmd, args)
}

// maxMatrixJobs is the most jobs GitHub Actions makes of one matrix.
const maxMatrixJobs = 256

// checkPlanFlags refuses flags that do not go together.
func checkPlanFlags(cmd *cobra.Command, opts *PlanOptions) error {
	f := cmd.Flags()
	if !f.Changed("matrix") {
		for _, name := range []string{"timings", "changed-since"} {
			if f.Changed(name) {
				return &usageError{fmt.Errorf("--%s goes with --matrix", name)}
			}
		}
		return nil
	}
	if opts.Matrix < 1 {
		return &usageError{fmt.Errorf("--matrix %d: want 1 shard or more", opts.Matrix)}
	}
	if opts.Matrix > maxMatrixJobs {
		return &usageError{fmt.Errorf("--matrix %d: GitHub Actions runs at most %d jobs of a matrix", opts.Matrix, maxMatrixJobs)}
	}
	for _, name := range []string{"json", "var", "tab", "watch-window"} {
		if f.Changed(name) {
			return &usageError{fmt.Errorf("--%s plans one post; it does not go with --matrix", name)}
		}
	}
	return nil
}

// planRun prints the plan of the post, or its problems; with --matrix,
// the shards of the posts.
func planRun(ctx context.Context, opts *PlanOptions) error {
	if opts.Matrix > 0 {
		return planMatrix(ctx, opts)
	}
	t, err := reader.ReadFile(opts.File)
	if err != nil {
		var re *reader.Error
		if opts.JSON && errors.As(err, &re) {
			if werr := plan.WriteErrorsJSON(opts.IO.Out, opts.File, re.Diagnostics); werr != nil {
				return werr
			}
		}
		return err
	}
	if err := opts.Choices.Apply(t, nil); err != nil {
		return err
	}
	if opts.JSON {
		return plan.WriteJSON(opts.IO.Out, t)
	}
	if err := plan.WriteText(opts.IO.Out, t); err != nil {
		return err
	}
	return nil
}

// planMatrix finds, narrows, weighs and splits the posts under
// opts.Paths and prints the matrix on one line, as $GITHUB_OUTPUT wants
// it; notes go to stderr.
func planMatrix(ctx context.Context, opts *PlanOptions) error {
	ps, err := session.SelectPosts(ctx, session.PostSelection{
		Paths: opts.Paths, ChangedSince: opts.ChangedSince, Timings: opts.Timings,
	}, opts.IO.ErrOut)
	if err != nil {
		return err
	}
	for _, p := range ps {
		if p.Problem != "" {
			fmt.Fprintf(opts.IO.ErrOut, "tutor: %s (its run will report it)\n", p.Problem)
		}
	}
	enc := json.NewEncoder(opts.IO.Out)
	enc.SetEscapeHTML(false)
	return enc.Encode(posts.Matrix(ps, opts.Matrix))
}

// exactFile accepts exactly one FILE argument, as a usage error otherwise.
func exactFile(cmd *cobra.Command, args []string) error {
	if len(args) != 1 {
		return &usageError{fmt.Errorf("%s: want one tutorial file, got %d arguments", cmd.CommandPath(), len(args))}
	}
	return nil
}
