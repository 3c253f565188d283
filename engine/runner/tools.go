package runner

import (
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

// toolVersions records the versions of the tools a run depends on, so that
// drift between runs is visible in reports.
func toolVersions() map[string]string {
	v := map[string]string{"tutor": TutorVersion()}
	if out, err := script.Exec("bash --norc --noprofile --version").First(1).String(); err == nil {
		v["bash"] = strings.TrimSpace(out)
	}
	return v
}
