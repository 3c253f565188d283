package cli

import (
	"context"
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/tutor-run/tutor/engine/plan"
	"github.com/tutor-run/tutor/engine/reader"
	"github.com/tutor-run/tutor/engine/session"
)

// PlanOptions are the inputs of `tutor plan`.
type PlanOptions struct {
	IO      IOStreams
	File    string
	JSON    bool
	Choices session.Choices
}

// NewCmdPlan builds `tutor plan`; runF replaces the work in tests.
func NewCmdPlan(streams IOStreams, runF func(context.Context, *PlanOptions) error) *cobra.Command {
	if runF == nil {
		runF = planRun
	}
	opts := &PlanOptions{IO: streams}
	cmd := &cobra.Command{
		Use:   "plan FILE",
		Short: "Print what a run would do and check, section by section, without running anything",
		Args:  exactFile,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.File = args[0]
			return runF(cmd.Context(), opts)
		},
	}
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "print the plan as JSON (and its errors, when it refuses the post)")
	addChoiceFlags(cmd.Flags(), &opts.Choices)
	return cmd
}

// planRun prints the plan of the post, or its problems.
func planRun(_ context.Context, opts *PlanOptions) error {
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

// exactFile accepts exactly one FILE argument, as a usage error otherwise.
func exactFile(cmd *cobra.Command, args []string) error {
	if len(args) != 1 {
		return &usageError{fmt.Errorf("%s: want one tutorial file, got %d arguments", cmd.CommandPath(), len(args))}
	}
	return nil
}
