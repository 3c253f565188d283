package cli

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/tutor-run/tutor/engine/report"
	"github.com/tutor-run/tutor/engine/result"
	"github.com/tutor-run/tutor/engine/session"
)

// RunOptions are the inputs of `tutor run`.
type RunOptions struct {
	IO IOStreams
	// Quiet stops step output from being streamed to the terminal.
	Quiet bool
	// Update and Diff are --update and --diff; together they make
	// Session.Update.
	Update, Diff bool
	// Session is what the run does; its IO is filled in when it runs.
	Session session.Options
}

// NewCmdRun builds `tutor run`; runF replaces the work in tests.
func NewCmdRun(streams IOStreams, runF func(context.Context, *RunOptions) error) *cobra.Command {
	if runF == nil {
		runF = runRun
	}
	opts := &RunOptions{IO: streams}
	s := &opts.Session
	cmd := &cobra.Command{
		Use:   "run FILE",
		Short: "Run a tutorial's steps in order and check every claim",
		Args:  exactFile,
		RunE: func(cmd *cobra.Command, args []string) error {
			s.File = args[0]
			switch {
			case opts.Diff && !opts.Update:
				return &usageError{fmt.Errorf("--diff previews --update: use both")}
			case opts.Diff:
				s.Update = session.UpdateDiff
			case opts.Update:
				s.Update = session.UpdateWrite
			}
			return runF(cmd.Context(), opts)
		},
	}
	f := cmd.Flags()
	addChoiceFlags(f, &s.Choices)
	f.BoolVar(&s.Selection.KeepGoing, "keep-going", false, "run later sections after a failure instead of blocking them")
	f.StringArrayVar(&s.Selection.Sections, "section", nil, "run only this section (id or title); repeatable")
	f.StringVar(&s.Selection.FromSection, "from-section", "", "start at this section (id or title)")
	f.DurationVar(&s.Selection.Timeout, "timeout", 0, "per-step timeout for every step (overrides the tutorial)")
	f.BoolVarP(&opts.Quiet, "quiet", "q", false, "do not stream step output")
	f.StringArrayVar(&s.Cluster.Contexts, "context", nil, "allow cluster steps against this kube context; repeatable")
	f.BoolVar(&s.Recording.Resume, "resume", false, "continue the last run of this tutorial at its first unfinished step (earlier steps unchanged)")
	f.BoolVar(&opts.Update, "update", false, "rewrite the pasted outputs that no longer match with what the run printed (redacted); nothing else in the file changes")
	f.BoolVar(&opts.Diff, "diff", false, "with --update: print the change as a diff instead of writing it")
	f.BoolVar(&s.Selection.Keep, "keep", false, "keep what the run created: skip cleanup sections and the teardown (and, with --sandbox, the sandbox)")
	f.BoolVar(&s.Cluster.Sandbox.Enabled, "sandbox", false, "bring up a local sandbox cluster for the run, point every step at it, tear it down after")
	f.IntVar(&s.Cluster.Sandbox.Nodes, "sandbox-nodes", 0, "with --sandbox: number of nodes (default: the tutorial's tutor.sandbox.nodes, else 2)")
	f.StringVar(&s.Cluster.Sandbox.NodePrefix, "sandbox-node-prefix", "", "with --sandbox: node name prefix (default: the tutorial's tutor.sandbox.nodePrefix)")
	f.StringVar(&s.Recording.Record, "record", "", "save each step's command, output, exit status, duration and Hubble flows in this directory")
	f.StringVar(&s.Recording.Replay, "replay", "", "judge the post against the recording in this directory instead of executing its steps (with --sandbox, manifests and helm steps still run)")
	f.StringArrayVar(&s.Cluster.Require, "require", nil, "fail, instead of skipping, the sections that need this (az, cilium, hubble, internet) when it is missing; repeatable")
	f.StringVar(&s.Cluster.HubbleServer, "hubble-server", "", "address of a Hubble Observer API (default: a port-forward to kube-system/hubble-relay)")
	f.StringArrayVar(&s.Cluster.HelmMirrors, "helm-mirror", nil, "serve the chart repository URL from a local directory (URL=DIR, holding index.yaml and the charts); repeatable")
	f.StringVar(&s.Reports.JSON, "report-json", "", "write a JSON report to this file")
	f.StringVar(&s.Reports.JUnit, "report-junit", "", "write a JUnit XML report to this file (one testcase per section)")
	f.StringVar(&s.Reports.Markdown, "report-markdown", "", "write a Markdown report to this file (fit for a CI job summary)")
	f.StringVar(&s.Reports.HTML, "report-html", "", "write a self-contained HTML report to this file")
	return cmd
}

// runRun runs the post on the terminal: the session does the work, the
// terminal reporter shows it.
func runRun(ctx context.Context, opts *RunOptions) error {
	term := report.NewTerminal(opts.IO.Out, report.TerminalOptions{
		Color: opts.IO.colorEnabled(), Live: IsTerminal(opts.IO.Out), Quiet: opts.Quiet,
	})
	s := opts.Session
	s.IO = session.IO{Out: opts.IO.Out, ErrOut: opts.IO.ErrOut, Reporter: term, CleanupContext: cleanupContext(ctx)}
	res, err := session.Run(ctx, s)
	if err != nil {
		return err
	}
	return runStatus(res)
}

// runStatus is the error a finished run or learner's pass ends with: nil
// when every claim held, else its exit status (the summary said why).
func runStatus(res *result.Run) error {
	if code := res.ExitCode(); code != result.ExitPassed {
		return &ExitError{Code: code}
	}
	return nil
}
