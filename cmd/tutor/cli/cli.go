// Package cli is tutor's command line: thin commands that parse flags and
// call the engine (engine/session for run and learn). Each command has an
// Options struct and a NewCmdX(streams, runF) constructor: runF is the
// work, and receives the parsed options. NewCmdRoot passes each command's
// real work; tests pass their own, so flag parsing and the mapping of
// errors to exit statuses are tested without running anything. Every runF
// has the shape func(context.Context, *XOptions) error.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/tutor-run/tutor/engine/reader"
	"github.com/tutor-run/tutor/engine/result"
	"github.com/tutor-run/tutor/engine/runner"
	"github.com/tutor-run/tutor/engine/session"
	"github.com/tutor-run/tutor/engine/versions"
)

// IOStreams are the standard streams a command uses; tests pass buffers.
type IOStreams struct {
	In     io.Reader
	Out    io.Writer
	ErrOut io.Writer
	// Getenv reads the environment (NO_COLOR); nil means os.Getenv.
	Getenv func(string) string
}

// System returns the process's own streams.
func System() IOStreams {
	return IOStreams{In: os.Stdin, Out: os.Stdout, ErrOut: os.Stderr, Getenv: os.Getenv}
}

// IsTerminal reports whether w is a terminal.
func IsTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// getenv reads the environment through s.Getenv, or os.Getenv.
func (s IOStreams) getenv(name string) string {
	if s.Getenv == nil {
		return os.Getenv(name)
	}
	return s.Getenv(name)
}

// colorEnabled: colour only on a terminal, and never when NO_COLOR is set.
func (s IOStreams) colorEnabled() bool {
	return IsTerminal(s.Out) && s.getenv("NO_COLOR") == ""
}

// ExitError carries an exit status with an already printed message.
type ExitError struct{ Code int }

func (e *ExitError) Error() string { return fmt.Sprintf("exit status %d", e.Code) }

// usageError is wrong usage: bad flags, a missing file.
type usageError struct{ err error }

func (e *usageError) Error() string { return e.err.Error() }
func (e *usageError) Unwrap() error { return e.err }

// Main runs tutor with the process's arguments and streams and returns the
// exit status: 0 every claim held, 1 a claim broke, 2 the tutorial or the
// usage is wrong, 3 the environment failed, 130 interrupted.
func Main() int {
	// A reader that goes away (tutor run ... | head) must not kill tutor
	// before it has torn down what the run started: writes then fail
	// instead, and the run finishes.
	signal.Ignore(syscall.SIGPIPE)
	sig := newInterrupts(os.Stderr)
	defer sig.stop()
	return Execute(sig.run, System(), os.Args[1:])
}

// Execute runs tutor with args and returns the exit status.
func Execute(ctx context.Context, streams IOStreams, args []string) int {
	return execute(ctx, streams, NewCmdRoot(streams), args)
}

// execute runs the command tree root with args and returns the exit
// status; tests pass a root whose commands have a runF.
func execute(ctx context.Context, streams IOStreams, root *cobra.Command, args []string) int {
	root.SetArgs(args)
	err := root.ExecuteContext(ctx)
	return exitCode(streams, err)
}

// exitCode prints err (when it has not been printed) and maps it to the
// exit status.
func exitCode(streams IOStreams, err error) int {
	if err == nil {
		return result.ExitPassed
	}
	var exit *ExitError
	var reported *session.ReportedError
	var parse *reader.Error
	var sel *runner.SelectionError
	var env *runner.EnvError
	var envSession *session.EnvError
	var envCLI *envFailure
	var usage *session.UsageError
	var usageCLI *usageError
	var malformed *session.MalformedError
	switch {
	case errors.As(err, &exit):
		return exit.Code
	case errors.As(err, &reported):
		return reported.Status
	case errors.As(err, &parse):
		fmt.Fprintln(streams.ErrOut, parse.Error())
		fmt.Fprintf(streams.ErrOut, "tutor: %d problem(s); nothing was run\n", len(parse.Diagnostics))
		return result.ExitUsage
	case errors.As(err, &malformed):
		for _, e := range malformed.Errs {
			fmt.Fprintf(streams.ErrOut, "%s\n", strings.TrimPrefix(e.Error(), "tutor: "))
		}
		fmt.Fprintf(streams.ErrOut, "tutor: %d post(s) malformed; nothing was run (--keep-going runs the others)\n", len(malformed.Errs))
		return result.ExitUsage
	case errors.As(err, &env), errors.As(err, &envSession), errors.As(err, &envCLI):
		fmt.Fprintf(streams.ErrOut, "tutor: %v\n", err)
		return result.ExitEnvironment
	case errors.As(err, &sel), errors.As(err, &usage), errors.As(err, &usageCLI), errors.Is(err, fs.ErrNotExist):
		fmt.Fprintf(streams.ErrOut, "tutor: %v\n", err)
		return result.ExitUsage
	default:
		// Flag and argument errors from cobra, and anything unexpected.
		fmt.Fprintf(streams.ErrOut, "tutor: %v\n", err)
		return result.ExitUsage
	}
}

// NewCmdRoot builds the tutor command tree.
func NewCmdRoot(streams IOStreams) *cobra.Command {
	return newCmdRoot(streams,
		NewCmdPlan(streams, planRun),
		NewCmdLint(streams, lintRun),
		NewCmdRun(streams, runRun),
		NewCmdSandbox(streams, sandboxRun),
		NewCmdLearn(streams, runLearn),
		NewCmdReport(streams, reportMergeRun),
	)
}

// newCmdRoot builds the root command over cmds.
func newCmdRoot(streams IOStreams, cmds ...*cobra.Command) *cobra.Command {
	root := &cobra.Command{
		Use:   "tutor",
		Short: "Run markdown tutorials and check that what they claim still holds",
		Long: `tutor reads an article-style markdown post (prose, shell transcripts such as
"user@host:~$ k get no" followed by their output, YAML manifests), runs its
steps in order and checks every claimed output, reporting per section.

Exit status: 0 every claim held, 1 a claim broke, 2 the tutorial or the usage
is wrong, 3 the environment failed (a tool missing), 130 interrupted.`,
		SilenceUsage:  true,
		SilenceErrors: true,
		Version:       versions.Tutor(),
	}
	root.SetOut(streams.Out)
	root.SetErr(streams.ErrOut)
	root.SetIn(streams.In)
	root.AddCommand(cmds...)
	return root
}
