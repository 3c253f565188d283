package cli

import (
	"context"
	"fmt"
	"os"
	"strings"
	"time"

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
	// Many is set when the run covers many posts: Paths hold files,
	// directories or globs, and Select and Jobs say which and how.
	Many   bool
	Paths  []string
	Select session.PostSelection
	// Jobs is how many posts run at once.
	Jobs int
	// PostTimeout bounds each post as a whole.
	PostTimeout time.Duration
	// ReportDir and LinkBase are where a run of many posts writes its
	// combined reports, and the base of their links to posts' lines.
	ReportDir, LinkBase string
}

// NewCmdRun builds `tutor run`; runF does its work.
func NewCmdRun(streams IOStreams, runF func(context.Context, *RunOptions) error) *cobra.Command {
	opts := &RunOptions{IO: streams}
	s := &opts.Session
	cmd := &cobra.Command{
		Use:   "run [flags] PATH...",
		Short: "Run a tutorial's steps in order and check every claim; or many posts, in parallel",
		Long: `With one FILE, run runs that post's steps in order and checks every claim.

Given directories (searched for *.md, honouring .gitignore and tutor.skip),
globs ('docs/**/*.md') or several files, or any of -j, --shard,
--changed-since, --report-dir, run covers many posts: -j N at a time, each
isolated (its own shell, working directory, TMPDIR, state, helm home and,
with --sandbox, its own sandbox when it talks to a cluster), one live line
per running post and each post's report printed whole when it ends.
Exit status: 0 every claim of every post held, 1 a claim broke, 2 a post is
malformed (nothing runs unless --keep-going), 3 the environment failed a
post. See engine/doc.go, "Running many posts".`,
		Args: somePaths,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Paths = args
			opts.Many = manyPosts(cmd, args)
			if opts.Many {
				if err := checkManyFlags(cmd); err != nil {
					return err
				}
				opts.Select.Paths = args
			} else {
				s.File = args[0]
			}
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
	f.IntVar(&s.Cluster.Sandbox.RealNodes, "real-nodes", 0, "with --sandbox: how many nodes really run pods, 0 or 1 (default: the tutorial's tutor.sandbox.realNodes); needs root, `tutor sandbox install node` and `tutor sandbox images`")
	f.StringVar(&s.Recording.Record, "record", "", "save each step's command, output, exit status, duration and Hubble flows in this directory")
	f.StringVar(&s.Recording.Replay, "replay", "", "judge the post against the recording in this directory instead of executing its steps (with --sandbox, manifests and helm steps still run)")
	f.StringArrayVar(&s.Cluster.Require, "require", nil, "fail, instead of skipping, the sections that need this (az, cilium, hubble, internet) when it is missing; repeatable")
	f.StringVar(&s.Cluster.HubbleServer, "hubble-server", "", "address of a Hubble Observer API (default: a port-forward to kube-system/hubble-relay)")
	f.StringArrayVar(&s.Cluster.HelmMirrors, "helm-mirror", nil, "serve the chart repository URL from a local directory (URL=DIR, holding index.yaml and the charts); repeatable")
	f.StringVar(&s.Reports.JSON, "report-json", "", "write a JSON report to this file")
	f.StringVar(&s.Reports.JUnit, "report-junit", "", "write a JUnit XML report to this file (one testcase per section)")
	f.StringVar(&s.Reports.Markdown, "report-markdown", "", "write a Markdown report to this file (fit for a CI job summary)")
	f.StringVar(&s.Reports.HTML, "report-html", "", "write a self-contained HTML report to this file")
	f.IntVarP(&opts.Jobs, "jobs", "j", 1, "run `N` posts at once")
	f.StringVar(&opts.Select.ChangedSince, "changed-since", "", "run only the posts changed since the git revision `REF`, or that name a file that changed (e.g. origin/main)")
	f.StringVar(&opts.Select.Shard, "shard", "", "run only shard `I/N` of the posts, balanced by --timings (else by their steps)")
	f.StringArrayVar(&opts.Select.Timings, "timings", nil, "a JSON `REPORT` of an earlier run whose durations balance --shard; repeatable")
	f.StringVar(&opts.ReportDir, "report-dir", "", "write the combined reports of many posts in `DIR`: report.json, junit.xml, summary.md, index.html and a page per post")
	f.StringVar(&opts.LinkBase, "link-base", "", "prefix of the links to posts' lines in summary.md (e.g. https://github.com/OWNER/REPO/blob/SHA/)")
	f.DurationVar(&opts.PostTimeout, "post-timeout", 0, "stop a post that runs longer than this as a whole and report it (0: no limit)")
	return cmd
}

// somePaths wants one path or more.
func somePaths(cmd *cobra.Command, args []string) error {
	if len(args) == 0 {
		return &usageError{fmt.Errorf("%s: want one tutorial file or more (files, directories, globs)", cmd.CommandPath())}
	}
	return nil
}

// manyPosts reports whether a run covers many posts: more than one path,
// a directory or glob, or a flag that only means something for many.
func manyPosts(cmd *cobra.Command, args []string) bool {
	for _, name := range []string{"jobs", "changed-since", "shard", "timings", "report-dir", "post-timeout"} {
		if cmd.Flags().Changed(name) {
			return true
		}
	}
	if len(args) != 1 {
		return true
	}
	fi, err := os.Stat(args[0])
	if err != nil {
		return strings.ContainsAny(args[0], "*?[{") // a glob; a missing file is reported by the run
	}
	return fi.IsDir()
}

// checkManyFlags refuses the flags that take one post.
func checkManyFlags(cmd *cobra.Command) error {
	for _, name := range []string{"update", "diff", "record", "replay", "resume"} {
		if cmd.Flags().Changed(name) {
			return &usageError{fmt.Errorf("--%s takes one post; this run covers many", name)}
		}
	}
	if n, _ := cmd.Flags().GetInt("jobs"); n < 1 {
		return &usageError{fmt.Errorf("--jobs %d: want 1 or more", n)}
	}
	return nil
}

// runRun runs the post on the terminal: the session does the work, the
// terminal reporter shows it.
func runRun(ctx context.Context, opts *RunOptions) error {
	if opts.Many {
		return runMany(ctx, opts)
	}
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

// runMany runs many posts on the terminal: the session selects and runs
// them, a Board shows them, and the combined reports are written.
func runMany(ctx context.Context, opts *RunOptions) error {
	start := time.Now()
	ps, err := session.SelectPosts(ctx, opts.Select, opts.IO.ErrOut)
	if err != nil {
		return err
	}
	if len(ps) == 0 {
		fmt.Fprintln(opts.IO.ErrOut, "tutor: no posts to run")
		return nil
	}
	board := report.NewBoard(opts.IO.Out, report.BoardOptions{
		Color: opts.IO.colorEnabled(), Live: IsTerminal(opts.IO.Out), Quiet: opts.Quiet, Heartbeat: time.Minute,
	})
	defer board.Close()
	s := opts.Session
	s.IO = session.IO{CleanupContext: cleanupContext(ctx)}
	runs, err := session.RunMany(ctx, session.Many{
		Posts: ps, Jobs: opts.Jobs, PostTimeout: opts.PostTimeout, Post: s, Display: boardDisplay{board},
	})
	if err != nil {
		return err
	}
	board.Summary(runs, time.Since(start))
	board.Close()
	if err := session.WriteManyReports(runs, session.ManyReports{Reports: s.Reports, Dir: opts.ReportDir, LinkBase: opts.LinkBase}); err != nil {
		fmt.Fprintf(opts.IO.ErrOut, "tutor: %v\n", err)
		return &ExitError{Code: result.ExitEnvironment}
	}
	if code := report.SuiteExitCode(runs); code != result.ExitPassed {
		return &ExitError{Code: code}
	}
	return nil
}

// boardDisplay shows a run of many posts on a Board.
type boardDisplay struct{ b *report.Board }

func (d boardDisplay) Post(file string) session.PostView { return d.b.Post(file) }
