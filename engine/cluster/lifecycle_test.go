package cluster_test

import (
	"context"
	"errors"
	"net"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tutor-run/tutor/engine/cluster"
)

// TestAttachStop starts a second cluster and stops it from its state
// directory, as `tutor sandbox down` does from another process.
func TestAttachStop(t *testing.T) {
	skipWithoutBinaries(t)
	dir := filepath.Join(t.TempDir(), "state")
	o := testOptions(dir)
	o.Nodes, o.NodePrefix = 3, "aks-nodepool1-"
	started, err := cluster.Start(t.Context(), o)
	if err != nil {
		t.Fatal(err)
	}
	defer started.Stop(context.Background()) // in case the test fails before

	c, err := cluster.Attach(dir)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := c.NodeNames(), []string{"aks-nodepool1-0", "aks-nodepool1-1", "aks-nodepool1-2"}; !slices.Equal(got, want) {
		t.Errorf("NodeNames() = %v, want %v", got, want)
	}
	s, err := c.Status(t.Context())
	if err != nil || !s.Running() || s.NodesReady != 3 {
		t.Fatalf("Status() = %+v, %v; want all running, 3 nodes ready", s, err)
	}
	if len(leftovers(c.BinDir(), dir)) != len(s.Components) {
		t.Errorf("processes of the cluster: %v, want %d", leftovers(c.BinDir(), dir), len(s.Components))
	}

	t0 := time.Now()
	if err := c.Stop(t.Context()); err != nil {
		t.Fatal(err)
	}
	t.Logf("stopped in %s", time.Since(t0).Round(time.Millisecond))
	if left := leftovers(c.BinDir(), dir); len(left) > 0 {
		t.Errorf("processes left after Stop: %v", left)
	}
	if _, err := os.Stat(dir); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("state dir after Stop: %v, want it removed", err)
	}
	if _, err := cluster.Attach(dir); err == nil {
		t.Error("Attach after Stop succeeded, want an error")
	}
	if err := c.Stop(t.Context()); err != nil {
		t.Errorf("second Stop: %v", err)
	}
}

func TestStartRejects(t *testing.T) {
	notEmpty := t.TempDir()
	if err := os.WriteFile(filepath.Join(notEmpty, "x"), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	taken := l.Addr().(*net.TCPAddr).Port
	tests := []struct {
		name         string
		o            cluster.Options
		needBinaries bool
		want         string
	}{
		{"no state dir", cluster.Options{}, false, "StateDir is required"},
		{"no binaries", cluster.Options{StateDir: t.TempDir(), BinDir: t.TempDir()}, false, "run `tutor sandbox install`"},
		{"state dir not empty", cluster.Options{StateDir: notEmpty}, true, "is not empty"},
		{"bad node prefix", cluster.Options{StateDir: t.TempDir(), NodePrefix: "Node_"}, true, "does not make node names"},
		{"negative nodes", cluster.Options{StateDir: t.TempDir(), Nodes: -1}, true, "is negative"},
		{"port taken", cluster.Options{StateDir: t.TempDir(), Ports: &cluster.Ports{APIServer: taken}}, true, "is taken"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.needBinaries {
				skipWithoutBinaries(t)
			}
			if tt.o.Ports == nil {
				tt.o.Ports = &cluster.Ports{} // not the defaults: a sandbox may hold them
			}
			c, err := cluster.Start(t.Context(), tt.o)
			if err == nil {
				c.Stop(context.Background())
				t.Fatal("Start succeeded, want an error")
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Start: %v, want %q", err, tt.want)
			}
		})
	}
	var missing *cluster.MissingBinariesError
	if _, err := cluster.Start(t.Context(), tests[1].o); !errors.As(err, &missing) {
		t.Errorf("Start without binaries: %v, want *MissingBinariesError", err)
	}
}

// TestStartFailsWhenComponentExits runs Start with a kube-apiserver that
// fails: Start must say so with its log, and leave nothing behind.
func TestStartFailsWhenComponentExits(t *testing.T) {
	skipWithoutBinaries(t)
	bin := t.TempDir()
	real, err := cluster.DefaultBinDir()
	if err != nil {
		t.Fatal(err)
	}
	entries, err := os.ReadDir(real)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if err := os.Symlink(filepath.Join(real, e.Name()), filepath.Join(bin, e.Name())); err != nil {
			t.Fatal(err)
		}
	}
	fake := "#!/bin/sh\necho 'E1126 cannot start: simulated failure' >&2\nexit 3\n"
	if err := os.Remove(filepath.Join(bin, "kube-apiserver")); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(bin, "kube-apiserver"), []byte(fake), 0o755); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "state")
	o := testOptions(dir)
	o.BinDir = bin
	c, err := cluster.Start(t.Context(), o)
	if err == nil {
		c.Stop(context.Background())
		t.Fatal("Start succeeded, want an error")
	}
	var exit *cluster.ExitError
	if !errors.As(err, &exit) || exit.Component != "kube-apiserver" || !strings.Contains(exit.LogTail, "simulated failure") {
		t.Errorf("Start: %v, want an *ExitError of kube-apiserver with its log", err)
	}
	t.Log(err)
	if left := leftovers(real, dir); len(left) > 0 {
		t.Errorf("processes left after a failed Start: %v", left)
	}
	if _, err := os.Stat(dir); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("state dir after a failed Start: %v, want it removed", err)
	}
}
