package cluster

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/tutor-run/tutor/engine/internal/installdir"
)

// InstallOptions configures Install and InstallCharts.
type InstallOptions struct {
	// Dir is where the binaries (Install) or the chart repository
	// (InstallCharts) go. Default: DefaultInstallDir() or
	// DefaultChartsDir().
	Dir string
	// Go is the go command; default "go" in PATH.
	Go string
	// Log receives progress lines and the go command's own output; nil
	// discards them.
	Log io.Writer
	// Heartbeat is how often a long step says it is still running;
	// default one minute.
	Heartbeat time.Duration
}

// InstallResult says what an install did.
type InstallResult struct {
	Dir      string // where the binaries or charts are
	UpToDate bool   // they were there already: nothing was done
}

// GoCommandError is a go command of an install that failed.
type GoCommandError struct {
	Args   []string // after "go"
	Dir    string
	Output string // the last lines of its standard error
	Err    error
}

func (e *GoCommandError) Error() string {
	return fmt.Sprintf("go %s (in %s): %v\n%s", strings.Join(e.Args, " "), e.Dir, e.Err, e.Output)
}

func (e *GoCommandError) Unwrap() error { return e.Err }

// DefaultInstallDir is where Install puts the binaries by default:
// $TUTOR_CLUSTER_BIN when set (DefaultBinDir looks there first), else
// UserBinDir.
func DefaultInstallDir() (string, error) { return controlPlaneBins.installDir() }

// Install builds the binaries Start needs with the local go toolchain,
// from the Go module proxy, into o.Dir: k8s-local (etcd, kube-apiserver,
// kube-controller-manager, kube-scheduler, kubectl, kubelet and kube-proxy
// in one binary, with a symlink for each), kwok, kwok's stages and VERSIONS (Stamp). It does
// nothing when o.Dir holds them with this Stamp. It holds a lock next to
// o.Dir so that two installs do not race, and builds into a temporary
// directory beside it that it renames at the end, so an interrupted
// install never leaves a directory that looks complete.
func Install(ctx context.Context, o InstallOptions) (InstallResult, error) {
	// What an install, or build.sh before it, leaves in the directory.
	mine := func(name string) bool {
		return slices.Contains(k8sLocalCommands, name) || slices.Contains([]string{
			"k8s-local", "k8s-local.tmp", "kwok", "kwok-stages", "VERSIONS", ".lock"}, name)
	}
	return install(ctx, o, DefaultInstallDir, "binaries", controlPlaneBins.installed, mine, func(b *builder, tmp string) error {
		return b.buildBinaries(ctx, tmp)
	})
}

// install is the frame of every install into o.Dir, or defaultDir when
// it is "": the up-to-date check, the lock, the build into a temporary
// directory and the rename. An existing dir is replaced only when mine
// accepts the name of everything in it, so that a directory of the user's
// given by mistake is left alone.
func install(ctx context.Context, o InstallOptions, defaultDir func() (string, error), what string, upToDate, mine func(string) bool, build func(*builder, string) error) (InstallResult, error) {
	dir := o.Dir
	if dir == "" {
		var err error
		if dir, err = defaultDir(); err != nil {
			return InstallResult{}, err
		}
	}
	dir, err := filepath.Abs(dir)
	if err != nil {
		return InstallResult{}, err
	}
	b := newBuilder(o)
	if upToDate(dir) {
		b.log.Printf("up to date: %s", dir)
		return InstallResult{Dir: dir, UpToDate: true}, nil
	}
	if err := os.MkdirAll(filepath.Dir(dir), 0o755); err != nil {
		return InstallResult{}, fmt.Errorf("install %s: %w", what, err)
	}
	unlock, err := installdir.Lock(ctx, dir+".lock", func() {
		b.log.Printf("waiting for another install to finish (it holds %s)", dir+".lock")
	})
	if err != nil {
		return InstallResult{}, fmt.Errorf("install %s: %w", what, err)
	}
	defer unlock()
	if upToDate(dir) { // another install finished while we waited
		b.log.Printf("up to date: %s", dir)
		return InstallResult{Dir: dir, UpToDate: true}, nil
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if !mine(e.Name()) {
			return InstallResult{}, fmt.Errorf("install %s: %s holds %s, which tutor sandbox install did not make: remove it or choose another directory", what, dir, e.Name())
		}
	}
	// Leftovers of installs that were killed: nobody else holds the lock.
	if stale, err := filepath.Glob(dir + ".tmp-*"); err == nil {
		for _, s := range stale {
			os.RemoveAll(s)
		}
	}
	tmp, err := os.MkdirTemp(filepath.Dir(dir), filepath.Base(dir)+".tmp-")
	if err != nil {
		return InstallResult{}, fmt.Errorf("install %s: %w", what, err)
	}
	defer os.RemoveAll(tmp) // gone once renamed
	if err := os.Chmod(tmp, 0o755); err != nil {
		return InstallResult{}, err
	}
	b.log.Printf("installing the sandbox's %s into %s", what, dir)
	if err := build(b, tmp); err != nil {
		return InstallResult{}, fmt.Errorf("install %s: %w", what, err)
	}
	if err := installdir.Replace(tmp, dir); err != nil {
		return InstallResult{}, fmt.Errorf("install %s: %w", what, err)
	}
	b.log.Step("installed in %s (%s)", dir, installdir.Size(dir))
	return InstallResult{Dir: dir}, nil
}

// builder runs the go commands of an install.
type builder struct {
	goBin     string
	log       *installdir.Log
	heartbeat time.Duration
}

func newBuilder(o InstallOptions) *builder {
	b := &builder{goBin: o.Go, log: installdir.NewLog(o.Log), heartbeat: o.Heartbeat}
	if b.goBin == "" {
		b.goBin = "go"
	}
	if b.heartbeat <= 0 {
		b.heartbeat = time.Minute
	}
	return b
}

// goCmd runs the go command in dir with goEnv and env added to the
// environment and returns its standard output. Its standard error goes to
// the log as it comes; it says still running every heartbeat.
func (b *builder) goCmd(ctx context.Context, dir string, env []string, args ...string) ([]byte, error) {
	cmd := exec.CommandContext(ctx, b.goBin, args...)
	cmd.Dir = dir
	cmd.Env = append(append(os.Environ(), goEnv...), env...)
	// Interrupt rather than kill, so go cleans up its own work directory.
	cmd.Cancel = func() error { return cmd.Process.Signal(os.Interrupt) }
	cmd.WaitDelay = 10 * time.Second
	var out bytes.Buffer
	tail := &tailBuffer{max: 4096}
	cmd.Stdout = &out
	cmd.Stderr = io.MultiWriter(b.log.Writer(), tail)
	done := make(chan struct{})
	defer close(done)
	go func() {
		t := time.NewTicker(b.heartbeat)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				b.log.Step("still running go %s", args[0])
			}
		}
	}()
	if err := cmd.Run(); err != nil {
		if errors.Is(err, exec.ErrNotFound) {
			return nil, fmt.Errorf("the go toolchain builds the sandbox's binaries and there is none (%w): install Go from https://go.dev/dl/", err)
		}
		return nil, &GoCommandError{Args: args, Dir: dir, Output: tail.String(), Err: err}
	}
	return out.Bytes(), nil
}

// tailBuffer keeps the last max bytes written to it.
type tailBuffer struct {
	max int
	buf []byte
}

func (t *tailBuffer) Write(p []byte) (int, error) {
	t.buf = append(t.buf, p...)
	if len(t.buf) > t.max {
		t.buf = t.buf[len(t.buf)-t.max:]
	}
	return len(p), nil
}

func (t *tailBuffer) String() string { return string(t.buf) }
