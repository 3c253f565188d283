package runner

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"strings"

	"github.com/bitfield/script"
)

// Version is tutor's version, set at build time with
// -ldflags "-X github.com/tutor-run/tutor/engine/runner.Version=v1.2.3";
// otherwise the module version or "devel".
var Version = ""

// TutorVersion returns the version of this build of tutor.
func TutorVersion() string {
	if Version != "" {
		return Version
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "devel"
}

// versionCommands ask each tool a post may use for its version; only
// tools found on PATH are asked.
var versionCommands = map[string]string{
	"bash":    "bash --norc --noprofile --version",
	"kubectl": "kubectl version --client",
	"helm":    "helm version --short",
	"az":      "az version --output tsv",
	"cilium":  "cilium version --client",
	"hubble":  "hubble version",
}

// toolVersions records the versions of the tools a run depends on, so that
// drift between runs is visible in reports.
func toolVersions(path string) map[string]string {
	v := map[string]string{"tutor": TutorVersion()}
	for tool, cmd := range versionCommands {
		if _, err := lookPath(tool, path); err != nil {
			continue
		}
		p := script.NewPipe().WithEnv([]string{"PATH=" + path, "HOME=" + os.Getenv("HOME")})
		if out, err := p.Exec(cmd).First(1).String(); err == nil && strings.TrimSpace(out) != "" {
			v[tool] = strings.TrimSpace(out)
		}
	}
	return v
}

// lookPath finds an executable in the given PATH (the session's, which
// --sandbox extends), not the process's.
func lookPath(name, path string) (string, error) {
	for _, dir := range filepath.SplitList(path) {
		p := filepath.Join(dir, name)
		if fi, err := os.Stat(p); err == nil && !fi.IsDir() && fi.Mode()&0o111 != 0 {
			return p, nil
		}
	}
	return "", exec.ErrNotFound
}
