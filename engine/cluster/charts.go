package cluster

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/tutor-run/tutor/engine/internal/installdir"
)

// The official Cilium chart repository, as the Go module that mirrors
// it: index.yaml and the cilium-X.tgz files at a pinned commit. A post
// that adds CiliumChartsURL is rehearsed offline with
// `--helm-mirror CiliumChartsURL=DIR`. hack/cilium-charts.sh pins the same
// version for the tests.
const (
	CiliumChartsModule  = "github.com/cilium/charts"
	CiliumChartsVersion = "v0.0.0-20260401193212-853ba84e802b"
	CiliumChartsURL     = "https://helm.cilium.io/"
)

// chartsSourceFile, in a charts directory, names the module it came from.
const chartsSourceFile = ".tutor-source"

// chartsEnv is the go command's environment for the charts module: it is
// not in the checksum database's reach here (as in hack/cilium-charts.sh).
var chartsEnv = []string{"GOFLAGS=-mod=mod", "GONOSUMDB=" + CiliumChartsModule, "GOSUMDB=off"}

// DefaultChartsDir is where InstallCharts puts the chart repository by
// default: <user cache>/tutor/charts/cilium-<CiliumChartsVersion>.
func DefaultChartsDir() (string, error) { return userCache("charts", "cilium-"+CiliumChartsVersion) }

// InstallCharts places the Cilium chart repository (index.yaml and every
// chart archive) in o.Dir, from the module CiliumChartsModule downloaded
// with `go mod download`. Like Install it is a no-op when they are there,
// locks, and renames a finished temporary directory into place.
func InstallCharts(ctx context.Context, o InstallOptions) (InstallResult, error) {
	source := chartsSource
	mine := func(name string) bool {
		return name == "index.yaml" || name == chartsSourceFile || strings.HasSuffix(name, ".tgz")
	}
	return install(ctx, o, DefaultChartsDir, "Cilium charts", chartsInstalled, mine, func(b *builder, tmp string) error {
		work, err := os.MkdirTemp("", "tutor-charts-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(work)
		b.log.Step("downloading %s", source)
		src, err := b.moduleDir(ctx, work, chartsEnv, source)
		if err != nil {
			return err
		}
		files, err := filepath.Glob(filepath.Join(src, "*.tgz"))
		if err != nil {
			return err
		}
		if _, err := os.Stat(filepath.Join(src, "index.yaml")); err != nil || len(files) == 0 {
			return fmt.Errorf("%s holds no chart repository (index.yaml and *.tgz)", src)
		}
		b.log.Step("copying index.yaml and %d charts", len(files))
		for _, f := range append(files, filepath.Join(src, "index.yaml")) {
			if err := installdir.CopyFile(f, filepath.Join(tmp, filepath.Base(f)), 0o644); err != nil {
				return err
			}
		}
		return os.WriteFile(filepath.Join(tmp, chartsSourceFile), []byte(source+"\n"), 0o644)
	})
}

// chartsSource names what InstallCharts places, in dir's chartsSourceFile.
const chartsSource = CiliumChartsModule + "@" + CiliumChartsVersion

// chartsInstalled reports whether dir holds the chart repository
// InstallCharts would place: its index and the source it came from.
func chartsInstalled(dir string) bool {
	got, err := os.ReadFile(filepath.Join(dir, chartsSourceFile))
	_, ierr := os.Stat(filepath.Join(dir, "index.yaml"))
	return err == nil && ierr == nil && strings.TrimSpace(string(got)) == chartsSource
}
