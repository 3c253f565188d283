package main

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// docsPost is the post a docs repository would rehearse: it deploys an app
// and looks at the nodes.
const docsPost = "# Serve the docs site\n\n" +
	"Put the site's web server on the cluster:\n\n" +
	"```yaml\n" +
	"apiVersion: apps/v1\n" +
	"kind: Deployment\n" +
	"metadata:\n" +
	"  name: docs-site\n" +
	"spec:\n" +
	"  replicas: 1\n" +
	"  selector:\n" +
	"    matchLabels: {app: docs-site}\n" +
	"  template:\n" +
	"    metadata:\n" +
	"      labels: {app: docs-site}\n" +
	"    spec:\n" +
	"      containers:\n" +
	"      - name: web\n" +
	"        image: nginx:1.27\n" +
	"```\n\n" +
	"<!-- tutor: expect rollout deployment/docs-site -->\n\n" +
	"Both nodes are there to run it:\n\n" +
	"<!-- tutor: expect nodes ready 2 -->\n" +
	"```console\n" +
	"writer@laptop:~$ kubectl get nodes\n" +
	"NAME           STATUS   ROLES   AGE   VERSION\n" +
	"tutor-node-0   Ready    agent   12s   v1.37.2\n" +
	"tutor-node-1   Ready    agent   12s   v1.37.2\n" +
	"```\n"

// TestInstallOutsideCheckout is what a docs repository does: a tutor binary
// in a directory of its own, outside this checkout, with a fresh HOME and
// user cache, runs `tutor sandbox install` and then `tutor run --sandbox`
// on a post of that directory. The go command keeps GOCACHE, GOMODCACHE,
// GOPROXY, GOFLAGS and the checksum settings of this environment: a fresh
// HOME would otherwise move the Go build cache under it and make the
// install a cold 10-15 minute build instead of about a minute of linking
// (`make cluster-bin` compiled the same packages with the same flags).
func TestInstallOutsideCheckout(t *testing.T) {
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skipf("SKIPPED: tutor sandbox install needs the go toolchain, and there is no go in PATH: %v", err)
	}
	root := t.TempDir()
	docs, home, cache := filepath.Join(root, "docs"), filepath.Join(root, "home"), filepath.Join(root, "cache")
	for _, d := range []string{docs, home, cache, filepath.Join(root, "tmp")} {
		if err := os.Mkdir(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	tutor := filepath.Join(docs, "tutor")
	if out, err := exec.Command(goBin, "build", "-o", tutor, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build tutor: %v\n%s", err, out)
	}
	if err := os.WriteFile(filepath.Join(docs, "post.md"), []byte(docsPost), 0o644); err != nil {
		t.Fatal(err)
	}
	env := []string{"PATH=" + os.Getenv("PATH"), "HOME=" + home, "XDG_CACHE_HOME=" + cache,
		"TMPDIR=" + filepath.Join(root, "tmp"), "NO_COLOR=1"}
	env = append(env, goEnv(t, goBin, "GOCACHE", "GOMODCACHE", "GOPATH", "GOPROXY", "GOFLAGS",
		"GOSUMDB", "GONOSUMDB", "GOPRIVATE", "GONOPROXY", "GOTOOLCHAIN")...)
	run := func(wantCode int, args ...string) (stdout, stderr string) {
		t.Helper()
		cmd := exec.Command(tutor, args...)
		cmd.Dir, cmd.Env = docs, env
		var out, errOut bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &errOut
		err := cmd.Run()
		code := cmd.ProcessState.ExitCode()
		if err != nil && code < 0 {
			t.Fatalf("tutor %s: %v", strings.Join(args, " "), err)
		}
		if code != wantCode {
			t.Fatalf("tutor %s: exit %d, want %d\nstdout:\n%s\nstderr:\n%s", strings.Join(args, " "), code, wantCode, out.String(), errOut.String())
		}
		return out.String(), errOut.String()
	}
	contains := func(what, got string, wants ...string) {
		t.Helper()
		for _, want := range wants {
			if !strings.Contains(got, want) {
				t.Errorf("%s lacks %q:\n%s", what, want, got)
			}
		}
	}

	_, stderr := run(3, "run", "--sandbox", "post.md")
	contains("run --sandbox before the install", stderr, "run `tutor sandbox install`", filepath.Join(cache, "tutor", "cluster"))

	start := time.Now()
	stdout, stderr := run(0, "sandbox", "install")
	t.Logf("tutor sandbox install took %s with the Go caches of this environment", time.Since(start).Round(time.Second))
	binDir := filepath.Join(cache, "tutor", "cluster", "v1.37.2-v0.8.0-")
	contains("install's progress", stderr, "tutor: installing the sandbox's binaries into "+binDir, "] building k8s-local (Kubernetes v1.37.2",
		"] building kwok v0.8.0", "] installed in "+binDir, "] downloading github.com/cilium/charts@",
		"--helm-mirror https://helm.cilium.io/="+filepath.Join(cache, "tutor", "charts", "cilium-"))
	contains("install's output", stdout, "binaries: "+binDir, "charts: "+filepath.Join(cache, "tutor", "charts", "cilium-"))

	stdout2, stderr := run(0, "sandbox", "install")
	if got := strings.Count(stderr, "tutor: up to date: "); got != 2 || strings.Contains(stderr, "building") {
		t.Errorf("the second install is not a no-op:\n%s", stderr)
	}
	if stdout2 != stdout {
		t.Errorf("the second install says %q, the first %q", stdout2, stdout)
	}
	stdout, _ = run(0, "sandbox", "install", "--print")
	contains("install --print", stdout, "binaries: "+binDir, "(installed)")

	stdout, stderr = run(0, "run", "--sandbox", "post.md")
	contains("run --sandbox", stderr, "tutor: sandbox up in")
	contains("run --sandbox", stdout, "passed")
	if left := processesUnder(t, root); len(left) > 0 {
		t.Errorf("processes left after the run:\n%s", strings.Join(left, "\n"))
	}
}

// goEnv returns NAME=value for each name the go command has a value for.
func goEnv(t *testing.T, goBin string, names ...string) []string {
	t.Helper()
	out, err := exec.Command(goBin, append([]string{"env", "-json"}, names...)...).Output()
	if err != nil {
		t.Fatalf("go env: %v", err)
	}
	values := map[string]string{}
	if err := json.Unmarshal(out, &values); err != nil {
		t.Fatalf("go env -json: %v", err)
	}
	var env []string
	for _, name := range names {
		if v := values[name]; v != "" {
			env = append(env, name+"="+v)
		}
	}
	return env
}

// processesUnder lists the processes whose command line names dir: the
// sandbox's components run from the user cache under it.
func processesUnder(t *testing.T, dir string) []string {
	t.Helper()
	out, err := exec.Command("ps", "-A", "-ww", "-o", "pid=,args=").Output()
	if err != nil {
		t.Fatalf("ps: %v", err)
	}
	var left []string
	for _, line := range strings.Split(string(out), "\n") {
		if strings.Contains(line, dir) && !strings.Contains(line, " ps -A") {
			left = append(left, strings.TrimSpace(line))
		}
	}
	return left
}
