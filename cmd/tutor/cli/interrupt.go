package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

// interrupts turns SIGINT and SIGTERM into two stages: the first cancels
// the run (cleanup still runs), the second cancels the cleanup too, so
// the run ends at once and reports what it left behind.
type interrupts struct {
	run, cleanup             context.Context
	cancelRun, cancelCleanup context.CancelFunc
	ch                       chan os.Signal
	done                     chan struct{}
}

func newInterrupts(w io.Writer) *interrupts {
	i := &interrupts{ch: make(chan os.Signal, 2), done: make(chan struct{})}
	i.cleanup, i.cancelCleanup = context.WithCancel(context.Background())
	i.run, i.cancelRun = context.WithCancel(withCleanupContext(context.Background(), i.cleanup))
	signal.Notify(i.ch, os.Interrupt, syscall.SIGTERM)
	go i.watch(w)
	return i
}

// watch takes the stages in order, one signal each, until stop.
func (i *interrupts) watch(w io.Writer) {
	for _, stage := range []struct {
		cancel context.CancelFunc
		note   string
	}{
		{i.cancelRun, "tutor: interrupted: cleaning up (interrupt again to stop the cleanup)"},
		{i.cancelCleanup, "tutor: cleanup stopped: what is left behind is listed below"},
	} {
		select {
		case <-i.ch:
		case <-i.done:
			return
		}
		stage.cancel()
		fmt.Fprintln(w, "\n"+stage.note)
	}
}

func (i *interrupts) stop() {
	signal.Stop(i.ch)
	close(i.done)
	i.cancelRun()
	i.cancelCleanup()
}

type cleanupKey struct{}

// withCleanupContext attaches the context cleanup runs under.
func withCleanupContext(ctx, cleanup context.Context) context.Context {
	return context.WithValue(ctx, cleanupKey{}, cleanup)
}

// cleanupContext returns the context cleanup runs under: the one Main set
// up, or ctx without its cancellation.
func cleanupContext(ctx context.Context) context.Context {
	if c, ok := ctx.Value(cleanupKey{}).(context.Context); ok {
		return c
	}
	return context.WithoutCancel(ctx)
}
