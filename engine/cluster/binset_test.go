package cluster_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tutor-run/tutor/engine/cluster"
)

// The checks every set of binaries (the control plane's, the node's,
// Cilium's) shares: where they are looked for, what a directory of them
// lacks, and what an install of them does.

// fillBinDir writes into dir stand-ins of a set of binaries: each of
// executables, as a script, each of files (slash paths), empty, and a
// VERSIONS that says stamp.
func fillBinDir(t testing.TB, dir, stamp string, executables, files []string) {
	t.Helper()
	write := func(name, content string, perm os.FileMode) {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), perm); err != nil {
			t.Fatal(err)
		}
	}
	for _, name := range executables {
		write(name, "#!/bin/sh\n", 0o755)
	}
	for _, name := range files {
		write(name, "", 0o644)
	}
	write("VERSIONS", stamp+"\n", 0o644)
}

// lookupPlaces are the places of a lookup test of one set of binaries:
// the working directories it looks from, in a fake tutor checkout and
// outside it, and the directories it may find, the checkout's and the
// user cache's.
type lookupPlaces struct{ inside, outside, checkoutBin, user string }

// fakeLookup makes, in a temporary directory, a tutor checkout with a
// docs directory in it, a directory outside it, and a user cache that
// $XDG_CACHE_HOME points at, with $env unset. It checks that userDir is
// <cache>/tutor/<kind>/<version>/bin and that installDir, the default of
// an install, is the same; the checkout's directory is .cache/<kind>/bin.
func fakeLookup(t *testing.T, env, kind, version string, userDir, installDir func() (string, error)) lookupPlaces {
	t.Helper()
	tmp := t.TempDir()
	checkout, outside, cache := filepath.Join(tmp, "tutor"), filepath.Join(tmp, "docs"), filepath.Join(tmp, "cache")
	for _, d := range []string{filepath.Join(checkout, "docs"), outside} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(checkout, "go.mod"), []byte("module github.com/tutor-run/tutor\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Setenv("XDG_CACHE_HOME", cache)
	t.Setenv("HOME", tmp)
	t.Setenv(env, "")
	user, err := userDir()
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(cache, "tutor", kind, version, "bin"); user != want {
		t.Errorf("user cache's dir %s, want %s", user, want)
	}
	if dir, err := installDir(); err != nil || dir != user {
		t.Errorf("default install dir %s, %v; want %s", dir, err, user)
	}
	return lookupPlaces{
		inside:      filepath.Join(checkout, "docs"),
		outside:     outside,
		checkoutBin: filepath.Join(checkout, ".cache", kind, "bin"),
		user:        user,
	}
}

// lookupCase is a step of a lookup test, in order: what it sets up, the
// directory it looks from, and the directory found ("" for an error) or
// what the error says.
type lookupCase struct {
	name    string
	setup   func()
	wd      string
	want    string
	wantErr []string
}

// checkLookups runs the steps of a lookup test with find, whose error
// when it finds nothing is an E.
func checkLookups[E error](t *testing.T, find func() (string, error), cases []lookupCase) {
	t.Helper()
	for _, tc := range cases {
		if tc.setup != nil {
			tc.setup()
		}
		t.Chdir(tc.wd)
		got, err := find()
		if tc.want != "" {
			if err != nil || got != tc.want {
				t.Errorf("%s: %s, %v; want %s", tc.name, got, err, tc.want)
			}
			continue
		}
		var missing E
		if !errors.As(err, &missing) {
			t.Errorf("%s: %s, %v; want a %T", tc.name, got, err, missing)
			continue
		}
		for _, want := range tc.wantErr {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("%s: %v\nlacks %q", tc.name, err, want)
			}
		}
	}
}

// checkCase is a case of a check of a bin dir: what it does to a complete
// one, and the error's list of what is missing ("" for none).
type checkCase struct {
	name  string
	setup func(dir string)
	want  string
}

// checkBinDirs runs each case on a complete bin dir that fill makes, then
// check, whose error when something is missing is an E; missingIn reads
// the directory it names and its list.
func checkBinDirs[E error](t *testing.T, fill func(t testing.TB, dir string), check func(dir string) error,
	missingIn func(E) (dir string, missing []string), cases []checkCase) {
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "bin")
			fill(t, dir)
			tc.setup(dir)
			err := check(dir)
			if tc.want == "" {
				if err != nil {
					t.Errorf("check: %v", err)
				}
				return
			}
			var missing E
			if !errors.As(err, &missing) {
				t.Fatalf("check: %v, want a %T", err, missing)
			}
			if got, names := missingIn(missing); strings.Join(names, ", ") != tc.want || got != dir {
				t.Errorf("check: %v; want %s missing in %s", err, tc.want, dir)
			}
		})
	}
}

// checkStamp checks that dir's VERSIONS says stamp.
func checkStamp(t *testing.T, dir, stamp string) {
	t.Helper()
	if got, _ := os.ReadFile(filepath.Join(dir, "VERSIONS")); string(got) != stamp+"\n" {
		t.Errorf("VERSIONS %q, want %q", got, stamp)
	}
}

// binInstall is an install of one set of binaries, for the checks every
// such install passes.
type binInstall struct {
	name    string // its function's, for messages
	install func(context.Context, cluster.InstallOptions) (cluster.InstallResult, error)
	check   func(dir string) error // whether a directory holds the binaries
	stamp   func() string          // the VERSIONS it writes
}

var (
	controlPlaneInstall = binInstall{"Install", cluster.Install, cluster.CheckBinaries, cluster.Stamp}
	nodeInstall         = binInstall{"InstallNode", cluster.InstallNode, cluster.CheckNodeBinaries, cluster.NodeStamp}
	ciliumInstall       = binInstall{"InstallCilium", cluster.InstallCilium, cluster.CheckCiliumBinaries, cluster.CiliumStamp}
)

// fresh installs into dir, which does not exist yet, with the go command
// goBin and checks that it built: a fresh result in dir, progress that
// holds each of progress, binaries that pass the check, the stamp, and
// nothing beside dir but its lock.
func (bi binInstall) fresh(t *testing.T, dir, goBin string, progress ...string) {
	t.Helper()
	var out bytes.Buffer
	res, err := bi.install(t.Context(), cluster.InstallOptions{Dir: dir, Go: goBin, Log: &out})
	if err != nil {
		t.Fatalf("%s: %v\n%s", bi.name, err, out.String())
	}
	if res.Dir != dir || res.UpToDate {
		t.Errorf("result %+v, want a fresh install in %s", res, dir)
	}
	for _, want := range progress {
		if !strings.Contains(out.String(), want) {
			t.Errorf("progress lacks %q:\n%s", want, out.String())
		}
	}
	if err := bi.check(dir); err != nil {
		t.Errorf("check after %s: %v", bi.name, err)
	}
	checkStamp(t, dir, bi.stamp())
	if s := siblings(t, dir); len(s) != 1 || s[0] != filepath.Base(dir) {
		t.Errorf("beside the install: %q, want only %s", s, filepath.Base(dir))
	}
}

// again installs into dir a second time and checks that it did nothing:
// an up-to-date result, said so, and no go calls in log besides the
// goCalls of the first.
func (bi binInstall) again(t *testing.T, dir, goBin, log string, goCalls int) {
	t.Helper()
	var out bytes.Buffer
	res, err := bi.install(t.Context(), cluster.InstallOptions{Dir: dir, Go: goBin, Log: &out})
	if err != nil || !res.UpToDate {
		t.Errorf("second %s: %+v, %v; want up to date", bi.name, res, err)
	}
	if got, want := out.String(), "tutor: up to date: "+dir+"\n"; got != want {
		t.Errorf("second %s said %q, want %q", bi.name, got, want)
	}
	if n := len(calls(t, log)); n != goCalls {
		t.Errorf("second %s ran go %d more times", bi.name, n-goCalls)
	}
}
