package cli

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/tutor-run/tutor/engine/reader"
	"github.com/tutor-run/tutor/engine/result"
)

// LintOptions are the inputs of `tutor lint`.
type LintOptions struct {
	IO    IOStreams
	Files []string
}

// NewCmdLint builds `tutor lint`; runF does its work.
func NewCmdLint(streams IOStreams, runF func(context.Context, *LintOptions) error) *cobra.Command {
	opts := &LintOptions{IO: streams}
	return &cobra.Command{
		Use:   "lint FILE...",
		Short: "Report static problems: errors (exit 2) and warnings (exit 1)",
		Args:  cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Files = args
			return runF(cmd.Context(), opts)
		},
	}
}

// lintRun reads every file and reports everything it finds: parse errors
// (exit 2) first, then warnings (exit 1).
func lintRun(_ context.Context, opts *LintOptions) error {
	code := result.ExitPassed
	for _, f := range opts.Files {
		t, err := reader.ReadFile(f)
		if err != nil {
			if perr, ok := err.(*reader.Error); ok {
				fmt.Fprintln(opts.IO.Out, perr.Error())
				code = result.ExitUsage
				continue
			}
			return err
		}
		for _, w := range t.Warnings {
			fmt.Fprintln(opts.IO.Out, w)
			if code == result.ExitPassed {
				code = result.ExitClaimBroken
			}
		}
	}
	if code != result.ExitPassed {
		return &ExitError{Code: code}
	}
	return nil
}
