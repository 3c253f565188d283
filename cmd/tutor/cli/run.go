package cli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/tutor-run/tutor/engine/atomicfile"
	"github.com/tutor-run/tutor/engine/model"
	"github.com/tutor-run/tutor/engine/reader"
	"github.com/tutor-run/tutor/engine/redact"
	"github.com/tutor-run/tutor/engine/report"
	"github.com/tutor-run/tutor/engine/result"
	"github.com/tutor-run/tutor/engine/runner"
	"github.com/tutor-run/tutor/engine/state"
)

// RunOptions are the inputs of `tutor run`.
type RunOptions struct {
	IO             IOStreams
	File           string
	Choices        Choices
	KeepGoing      bool
	Sections       []string
	FromSection    string
	Timeout        time.Duration
	Quiet          bool
	ReportJSON     string
	ReportJUnit    string
	ReportMarkdown string
	ReportHTML     string
	Contexts       []string
	Keep           bool
	Resume         bool
	Update         bool
	Diff           bool
	Sandbox        bool
	SandboxNodes   int
	SandboxPrefix  string
	Record         string
	Replay         string
	Require        []string
	HubbleServer   string
	HelmMirrors    []string
}

// NewCmdRun builds `tutor run`; runF replaces the work in tests.
func NewCmdRun(streams IOStreams, runF func(*cobra.Command, *RunOptions) error) *cobra.Command {
	opts := &RunOptions{IO: streams}
	cmd := &cobra.Command{
		Use:   "run FILE",
		Short: "Run a tutorial's steps in order and check every claim",
		Args:  exactFile,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.File = args[0]
			if runF != nil {
				return runF(cmd, opts)
			}
			return runRun(cmd, opts)
		},
	}
	f := cmd.Flags()
	opts.Choices.addFlags(f)
	f.BoolVar(&opts.KeepGoing, "keep-going", false, "run later sections after a failure instead of blocking them")
	f.StringArrayVar(&opts.Sections, "section", nil, "run only this section (id or title); repeatable")
	f.StringVar(&opts.FromSection, "from-section", "", "start at this section (id or title)")
	f.DurationVar(&opts.Timeout, "timeout", 0, "per-step timeout for every step (overrides the tutorial)")
	f.BoolVarP(&opts.Quiet, "quiet", "q", false, "do not stream step output")
	f.StringArrayVar(&opts.Contexts, "context", nil, "allow cluster steps against this kube context; repeatable")
	f.BoolVar(&opts.Resume, "resume", false, "continue the last run of this tutorial at its first unfinished step (earlier steps unchanged)")
	f.BoolVar(&opts.Update, "update", false, "rewrite the pasted outputs that no longer match with what the run printed (redacted); nothing else in the file changes")
	f.BoolVar(&opts.Diff, "diff", false, "with --update: print the change as a diff instead of writing it")
	f.BoolVar(&opts.Keep, "keep", false, "keep what the run created: skip cleanup sections and the teardown (and, with --sandbox, the sandbox)")
	f.BoolVar(&opts.Sandbox, "sandbox", false, "bring up a local sandbox cluster for the run, point every step at it, tear it down after")
	f.IntVar(&opts.SandboxNodes, "sandbox-nodes", 0, "with --sandbox: number of nodes (default: the tutorial's tutor.sandbox.nodes, else 2)")
	f.StringVar(&opts.SandboxPrefix, "sandbox-node-prefix", "", "with --sandbox: node name prefix (default: the tutorial's tutor.sandbox.nodePrefix)")
	f.StringVar(&opts.Record, "record", "", "save each step's command, output, exit status, duration and Hubble flows in this directory")
	f.StringVar(&opts.Replay, "replay", "", "judge the post against the recording in this directory instead of executing its steps (with --sandbox, manifests and helm steps still run)")
	f.StringArrayVar(&opts.Require, "require", nil, "fail, instead of skipping, the sections that need this (az, cilium, hubble, internet) when it is missing; repeatable")
	f.StringVar(&opts.HubbleServer, "hubble-server", "", "address of a Hubble Observer API (default: a port-forward to kube-system/hubble-relay)")
	f.StringArrayVar(&opts.HelmMirrors, "helm-mirror", nil, "serve the chart repository URL from a local directory (URL=DIR, holding index.yaml and the charts); repeatable")
	f.StringVar(&opts.ReportJSON, "report-json", "", "write a JSON report to this file")
	f.StringVar(&opts.ReportJUnit, "report-junit", "", "write a JUnit XML report to this file (one testcase per section)")
	f.StringVar(&opts.ReportMarkdown, "report-markdown", "", "write a Markdown report to this file (fit for a CI job summary)")
	f.StringVar(&opts.ReportHTML, "report-html", "", "write a self-contained HTML report to this file")
	return cmd
}

func runRun(cmd *cobra.Command, opts *RunOptions) error {
	if opts.Diff && !opts.Update {
		return &usageError{fmt.Errorf("--diff previews --update: use both")}
	}
	src, t, dir, err := readTutorial(opts.File, opts.IO, &opts.Choices)
	if err != nil {
		return err
	}
	rec, err := openRecording(opts)
	if err != nil {
		return err
	}
	mirrors, err := helmMirrors(opts.HelmMirrors)
	if err != nil {
		return err
	}
	env := os.Environ()
	var afterRelease func(context.Context, string, string, string) error
	if opts.Sandbox {
		sb, err := startSandbox(cmd.Context(), opts, t.Settings.Sandbox)
		if err != nil {
			return err
		}
		defer sb.stop(cleanupContext(cmd.Context()), opts.IO.ErrOut, opts.Keep)
		// The sandbox's own kubectl matches its server; it comes after any
		// kubectl the user has.
		env = append(withPath(env, sb.cluster.BinDir()), "KUBECONFIG="+sb.cluster.Kubeconfig())
		afterRelease = sb.afterRelease
	}
	red := redact.New(env)
	statePath, saved, err := loadState(opts)
	if err != nil {
		return err
	}
	color := opts.IO.colorEnabled()
	term := report.NewTerminal(opts.IO.Out, report.TerminalOptions{Color: color, Live: IsTerminal(opts.IO.Out), Quiet: opts.Quiet})
	ctx := cmd.Context()
	res, err := runner.Run(ctx, t, runner.Options{
		IO: runner.IO{Observer: term, Dir: dir, Env: env, Redactor: red},
		Selection: runner.Selection{Timeout: opts.Timeout, KeepGoing: opts.KeepGoing, StaleOutputsGoOn: opts.Update,
			Sections: opts.Sections, FromSection: opts.FromSection, Keep: opts.Keep},
		Cluster: runner.Cluster{Contexts: opts.Contexts, Require: opts.Require, ClusterProvided: opts.Sandbox || len(opts.Contexts) > 0,
			HubbleServer: opts.HubbleServer, HelmMirrors: mirrors, AfterRelease: afterRelease},
		Recording:      runner.Recording{StatePath: statePath, Resume: saved, Record: rec.writer, Replay: rec.replay, Live: rec.live(opts, t)},
		CleanupContext: cleanupContext(ctx),
	})
	term.Close()
	if err != nil {
		return err
	}
	if err := rec.finish(opts.IO.ErrOut); err != nil {
		return err
	}
	if res.ResumeNote != "" {
		fmt.Fprintf(opts.IO.ErrOut, "tutor: resume: %s\n", res.ResumeNote)
	}
	term.Summary(res)
	if res.ExitCode() == result.ExitPassed {
		os.Remove(statePath) // nothing left to resume
	}
	if err := writeReports(opts, res); err != nil {
		fmt.Fprintf(opts.IO.ErrOut, "tutor: %v\n", err)
		return &ExitError{Code: result.ExitEnvironment}
	}
	if opts.Update && !res.Interrupted {
		if err := applyUpdate(opts, src, t, res, red); err != nil {
			fmt.Fprintf(opts.IO.ErrOut, "tutor: %v\n", err)
			return &ExitError{Code: result.ExitUsage}
		}
	}
	code := res.ExitCode()
	if code != result.ExitPassed {
		return &ExitError{Code: code}
	}
	return nil
}

// writeReports writes every report file asked for; each is written to a
// temporary file first and renamed, so a reader never sees half a report.
func writeReports(opts *RunOptions, res *result.Run) error {
	var errs []error
	for _, r := range []struct {
		path  string
		write func(io.Writer, *result.Run) error
	}{
		{opts.ReportJSON, report.WriteJSON},
		{opts.ReportJUnit, report.WriteJUnit},
		{opts.ReportMarkdown, report.WriteMarkdown},
		{opts.ReportHTML, report.WriteHTML},
	} {
		if r.path == "" {
			continue
		}
		var buf bytes.Buffer
		err := r.write(&buf, res)
		if err == nil {
			err = atomicfile.Write(r.path, buf.Bytes(), 0o600)
		}
		if err != nil {
			errs = append(errs, fmt.Errorf("writing report %s: %w", r.path, err))
		}
	}
	return errors.Join(errs...)
}

// withPath returns env with dir appended to PATH.
func withPath(env []string, dir string) []string {
	out := make([]string, 0, len(env)+1)
	found := false
	for _, kv := range env {
		if v, ok := strings.CutPrefix(kv, "PATH="); ok {
			kv, found = "PATH="+v+string(os.PathListSeparator)+dir, true
		}
		out = append(out, kv)
	}
	if !found {
		out = append(out, "PATH="+dir)
	}
	return out
}

// loadState finds the tutorial's state file and, with --resume, the saved
// run to continue.
func loadState(opts *RunOptions) (string, *state.State, error) {
	path, err := state.Path(opts.File)
	if err != nil {
		return "", nil, &envFailure{fmt.Errorf("run state: %w", err)}
	}
	if !opts.Resume {
		return path, nil, nil
	}
	s, err := state.Load(path)
	var notFound *state.NotFoundError
	switch {
	case errors.As(err, &notFound):
		fmt.Fprintf(opts.IO.ErrOut, "tutor: resume: no saved run of %s; starting from the beginning\n", opts.File)
		return path, nil, nil
	case err != nil:
		return "", nil, &envFailure{fmt.Errorf("resume: %w", err)}
	}
	return path, s, nil
}

// readTutorial reads and parses a post for run and learn, prints its
// warnings, and returns its source and the directory its steps run in.
// ReadSource stops at the size limit, so /dev/zero or a huge file is
// refused (exit 2) instead of exhausting memory.
func readTutorial(file string, io IOStreams, choices *Choices) ([]byte, *model.Tutorial, string, error) {
	src, err := reader.ReadSource(file)
	if err != nil {
		return nil, nil, "", err
	}
	t, err := reader.Read(file, src)
	if err != nil {
		return nil, nil, "", err
	}
	if err := choices.apply(t); err != nil {
		return nil, nil, "", err
	}
	for _, w := range t.Warnings {
		fmt.Fprintln(io.ErrOut, w)
	}
	dir, err := filepath.Abs(filepath.Dir(file))
	if err != nil {
		return nil, nil, "", err
	}
	return src, t, dir, nil
}
