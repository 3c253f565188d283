// Package versions says which versions a run depends on: tutor's own,
// the SDKs built into it, and the tools on the session's PATH, so that
// drift between runs is visible in reports.
package versions

import (
	"context"
	"fmt"
	"os"
	"runtime/debug"
	"strings"
	"sync"
	"time"

	"github.com/bitfield/script"
	"github.com/tutor-run/tutor/engine/shell"
)

// Version is tutor's version, set at build time with
// -ldflags "-X github.com/tutor-run/tutor/engine/versions.Version=v1.2.3";
// otherwise the module version or "devel".
var Version = ""

// Tutor returns the version of this build of tutor.
func Tutor() string {
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

// sdkModules are the libraries tutor runs tools through, reported by
// their module versions: they stand in for binaries a post may name.
var sdkModules = map[string]string{
	"helm.sh/helm/v3":          "helm (SDK in tutor)",
	"github.com/cilium/cilium": "hubble API (in tutor)",
	"k8s.io/client-go":         "client-go (in tutor)",
}

// versionTimeout bounds how long a tool may take to say its version.
const versionTimeout = 10 * time.Second

// Tools returns the versions of what a run depends on: tutor, the SDKs
// it runs tools through, and the tools found on path. The tools are asked
// at once: some (az) take a second or more to answer; one that does not
// answer in versionTimeout is left out. Each binary is asked once per
// process, whichever run asks first (see answers), so ctx's values reach
// the question but its end does not stop it.
func Tools(ctx context.Context, path string) map[string]string {
	v := map[string]string{"tutor": Tutor()}
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, d := range bi.Deps {
			if name, ok := sdkModules[d.Path]; ok {
				v[name] = d.Version
			}
		}
	}
	var mu sync.Mutex
	var wg sync.WaitGroup
	for tool, cmd := range versionCommands {
		full, err := shell.LookPath(tool, path)
		if err != nil {
			continue
		}
		// The tool found on the session's PATH is the one asked: Exec
		// would look its name up on tutor's own PATH.
		ask := answer(full, func() string {
			ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), versionTimeout)
			defer cancel()
			p := script.NewPipe().WithContext(ctx).WithEnv([]string{"PATH=" + path, "HOME=" + os.Getenv("HOME")})
			out, err := p.Exec(shell.Quote(full) + strings.TrimPrefix(cmd, tool)).First(1).String()
			if err != nil {
				return ""
			}
			return strings.TrimSpace(out)
		})
		wg.Go(func() {
			if out := ask(); out != "" {
				mu.Lock()
				v[tool] = out
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	return v
}

// answers are the versions tools gave in this process (or "" when one
// did not answer), by the binary's path, size and modification time: a
// run of many posts asks each tool once, even when posts start at once
// (kubectl takes a quarter of a second to answer), and a binary replaced
// in between is asked again.
var answers sync.Map

// answer is the cached answer of the binary at path, asked by ask once.
func answer(path string, ask func() string) func() string {
	fi, err := os.Stat(path)
	if err != nil {
		return ask
	}
	key := fmt.Sprintf("%s\x00%d\x00%d", path, fi.Size(), fi.ModTime().UnixNano())
	once, _ := answers.LoadOrStore(key, sync.OnceValue(ask))
	return once.(func() string)
}
