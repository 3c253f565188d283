package cli

import (
	"context"
	"io"
	"os"
	"time"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/tutor-run/tutor/engine/learn"
	"github.com/tutor-run/tutor/engine/session"
)

// LearnOptions are the inputs of `tutor learn`.
type LearnOptions struct {
	IO          IOStreams
	File        string
	FromSection string
	Timeout     time.Duration
	Contexts    []string
	Choices     session.Choices
}

// maxProseWidth caps the width prose is wrapped to: long lines are hard
// to read on a wide terminal.
const maxProseWidth = 100

// NewCmdLearn builds `tutor learn`; runF does its work.
func NewCmdLearn(streams IOStreams, runF func(context.Context, *LearnOptions) error) *cobra.Command {
	opts := &LearnOptions{IO: streams}
	cmd := &cobra.Command{
		Use:   "learn FILE",
		Short: "Step through a tutorial at a terminal: read, run, skip or retry each step",
		Long: `tutor learn shows a tutorial section by section: the prose, then each
command, and waits for a key before each step: Enter or r runs it, s skips
it, c shows what it checks, q quits (cleanup sections still run). After a
failure it shows the difference and offers r (retry), n (go on) or q.

When the input is not a terminal, keys are read one per line (the first
character of each line), so a session can be scripted.

Exit status: 0 when nothing that ran failed (quitting is not a failure),
1 when a claim broke, 3 when the environment failed, 2 for a tutorial or
usage error, 130 interrupted.`,
		Args: exactFile,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.File = args[0]
			return runF(cmd.Context(), opts)
		},
	}
	f := cmd.Flags()
	addChoiceFlags(f, &opts.Choices)
	f.StringVar(&opts.FromSection, "from-section", "", "start at this section (id or title)")
	f.DurationVar(&opts.Timeout, "timeout", 0, "per-step timeout for every step (overrides the tutorial)")
	f.StringArrayVar(&opts.Contexts, "context", nil, "allow cluster steps against this kube context; repeatable")
	return cmd
}

// runLearn takes the learner through the post at the terminal: the
// session does the work, learn.Session shows it and reads the keys.
func runLearn(ctx context.Context, opts *LearnOptions) error {
	res, err := session.Learn(ctx, session.LearnOptions{
		File: opts.File, Choices: opts.Choices, FromSection: opts.FromSection, Timeout: opts.Timeout,
		Contexts: opts.Contexts, ErrOut: opts.IO.ErrOut,
		Screen: learn.Options{
			In: opts.IO.In, Out: opts.IO.Out, Raw: rawMode(opts.IO.In),
			Color: opts.IO.colorEnabled(), Width: min(terminalWidth(opts.IO.Out), maxProseWidth),
		},
	})
	if err != nil {
		return err
	}
	return runStatus(res)
}

// rawMode returns the hook that puts in, a terminal, in raw mode for a
// keystroke, or nil when in is not a terminal.
func rawMode(in io.Reader) func() (func(), error) {
	f, ok := in.(*os.File)
	if !ok || !IsTerminal(f) {
		return nil
	}
	fd := int(f.Fd())
	return func() (func(), error) {
		state, err := term.MakeRaw(fd)
		if err != nil {
			return nil, err
		}
		// Restoring can only fail when the terminal went away.
		return func() { _ = term.Restore(fd, state) }, nil
	}
}

// terminalWidth is the width of w when it is a terminal, else 0.
func terminalWidth(w io.Writer) int {
	f, ok := w.(*os.File)
	if !ok || !IsTerminal(f) {
		return 0
	}
	width, _, err := term.GetSize(int(f.Fd()))
	if err != nil {
		return 0
	}
	return width
}
