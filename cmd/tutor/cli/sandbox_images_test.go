package cli

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-containerregistry/pkg/v1/empty"
	"github.com/google/go-containerregistry/pkg/v1/layout"
)

// TestSandboxImagesFlags checks that the subcommands of `tutor sandbox
// images` and `tutor sandbox registry` and their flags land in the
// options.
func TestSandboxImagesFlags(t *testing.T) {
	checkFlags(t, NewCmdSandboxImages, func(o *ImagesOptions) *IOStreams { return &o.IO }, []flagCase[ImagesOptions]{
		{name: "no subcommand builds", args: []string{"images"}, want: ImagesOptions{Action: "build"}},
		{name: "build", args: []string{"images", "build", "--dir", "d"}, want: ImagesOptions{Action: "build", Dir: "d"}},
		{name: "build with Cilium", args: []string{"images", "build", "--cilium"}, want: ImagesOptions{Action: "build", Cilium: true}},
		{name: "no subcommand, with Cilium", args: []string{"images", "--cilium"}, want: ImagesOptions{Action: "build", Cilium: true}},
		{name: "dir before the subcommand", args: []string{"images", "--dir", "d", "list"}, want: ImagesOptions{Action: "list", Dir: "d"}},
		{name: "add a directory", args: []string{"images", "add", "app=./rootfs", "--entrypoint", "/app"},
			want: ImagesOptions{Action: "add", Name: "app", Src: "./rootfs", Entrypoint: "/app"}},
		{name: "add a tar with a tag", args: []string{"images", "add", "ghcr.io/org/app:1=app.tar"},
			want: ImagesOptions{Action: "add", Name: "ghcr.io/org/app:1", Src: "app.tar"}},
	})
	checkFlags(t, NewCmdSandboxRegistry, func(o *ImagesOptions) *IOStreams { return &o.IO }, []flagCase[ImagesOptions]{
		{name: "registry defaults", args: []string{"registry"}, want: ImagesOptions{Action: "registry", Listen: "127.0.0.1:0"}},
		{name: "registry", args: []string{"registry", "--store", "s", "--listen", "127.0.0.1:5000"},
			want: ImagesOptions{Action: "registry", Dir: "s", Listen: "127.0.0.1:5000"}},
	})
}

// TestSandboxImagesUsage: wrong usage is exit 2 and does no work.
func TestSandboxImagesUsage(t *testing.T) {
	checkUsage(t, NewCmdSandboxImages, []usageCase{
		{args: []string{"images", "extra"}, stderr: `unknown command "extra" for "tutor images"`},
		{args: []string{"images", "list", "extra"}, stderr: `unknown command "extra" for "tutor images list"`},
		{args: []string{"images", "add"}, stderr: "accepts 1 arg(s), received 0"},
		{args: []string{"images", "add", "app"}, stderr: `add "app": want NAME=DIR|TAR`},
		{args: []string{"images", "add", "=rootfs"}, stderr: `add "=rootfs": want NAME=DIR|TAR`},
		{args: []string{"images", "add", "app="}, stderr: `add "app=": want NAME=DIR|TAR`},
		{args: []string{"images", "list", "--entrypoint", "/app"}, stderr: "unknown flag: --entrypoint"},
		{args: []string{"images", "list", "--cilium"}, stderr: "unknown flag: --cilium"},
	})
	checkUsage(t, NewCmdSandboxRegistry, []usageCase{
		{args: []string{"registry", "extra"}, stderr: `unknown command "extra" for "tutor registry"`},
		{args: []string{"registry", "--listen"}, stderr: "flag needs an argument: --listen"},
	})
}

// emptyStore makes an image store with no image in it.
func emptyStore(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "store")
	if _, err := layout.Write(dir, empty.Index); err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestSandboxImagesWork runs list and add against stores made here, with
// no build.
func TestSandboxImagesWork(t *testing.T) {
	store := emptyStore(t)
	nowhere := filepath.Join(t.TempDir(), "nowhere")
	t.Setenv("TUTOR_CILIUM_BIN", nowhere)
	withSh, withoutSh := t.TempDir(), t.TempDir()
	if err := os.MkdirAll(filepath.Join(withSh, "bin"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(withSh, "bin", "sh"), []byte("#!/not/run\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name   string
		args   []string
		code   int
		stdout string // in stdout, after the store's directory is replaced by STORE
		stderr string // in stderr, likewise
	}{
		{name: "list of no store", args: []string{"list", "--dir", nowhere}, code: 3,
			stderr: "tutor: no image store in " + nowhere + ": run 'tutor sandbox images build' first\n"},
		{name: "list of an empty store", args: []string{"list", "--dir", store}, stdout: "images: STORE\n"},
		{name: "add a directory", args: []string{"add", "app:1.0=" + withSh, "--dir", store},
			stdout: "added app to STORE: answers to docker.io/library/app\n"},
		{name: "add with an entrypoint", args: []string{"add", "ghcr.io/org/tool=" + withoutSh, "--entrypoint", "/tool", "--dir", store},
			stdout: "added ghcr.io/org/tool to STORE: answers to ghcr.io/org/tool\n"},
		{name: "list", args: []string{"list", "--dir", store}, stdout: "added  "},
		{name: "add with no entrypoint", args: []string{"add", "tool=" + withoutSh, "--dir", store}, code: 2,
			stderr: "it has no /bin/sh to run by default, so the image needs an entrypoint: give it with --entrypoint"},
		{name: "add what is not there", args: []string{"add", "app=" + nowhere, "--dir", store}, code: 2,
			stderr: "tutor: add app: stat " + nowhere + ": no such file or directory"},
		{name: "add a bad name", args: []string{"add", "App=" + withSh, "--dir", store}, code: 2,
			stderr: `"App" is not a valid repository path component`},
		{name: "dir before list, no store", args: []string{"--dir", nowhere, "list"}, code: 3, stderr: "no image store in " + nowhere},
		{name: "Cilium's images without its binaries", args: []string{"build", "--cilium", "--dir", nowhere}, code: 3,
			stderr: "Cilium v1.14.0's binaries are missing in " + nowhere + " (no such directory"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			streams, out, errOut := testStreams("")
			code := Execute(context.Background(), streams, append([]string{"sandbox", "images"}, tc.args...))
			if code != tc.code {
				t.Errorf("exit %d, want %d: %s", code, tc.code, errOut)
			}
			if got := strings.ReplaceAll(out.String(), store, "STORE"); !strings.Contains(got, tc.stdout) {
				t.Errorf("stdout %q, want it to contain %q", got, tc.stdout)
			}
			if got := strings.ReplaceAll(errOut.String(), store, "STORE"); !strings.Contains(got, tc.stderr) {
				t.Errorf("stderr %q, want it to contain %q", got, tc.stderr)
			}
		})
	}
}

// TestSandboxRegistry: `tutor sandbox registry` prints its address first,
// serves the store there and exits 0 when its context ends; with no store
// it is an environment failure.
func TestSandboxRegistry(t *testing.T) {
	streams, _, errOut := testStreams("")
	if code := Execute(context.Background(), streams, []string{"sandbox", "registry", "--store", filepath.Join(t.TempDir(), "none")}); code != 3 {
		t.Errorf("registry with no store: exit %d, want 3: %s", code, errOut)
	}

	store := emptyStore(t)
	pr, pw := io.Pipe()
	streams.Out = pw
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan int, 1)
	go func() {
		done <- Execute(ctx, streams, []string{"sandbox", "registry", "--store", store})
		pw.Close()
	}()
	addr, err := bufio.NewReader(pr).ReadString('\n')
	if err != nil {
		t.Fatal(err)
	}
	go io.Copy(io.Discard, pr)
	resp, err := http.Get("http://" + strings.TrimSpace(addr) + "/v2/library/nginx/manifests/latest?ns=docker.io")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden || !strings.Contains(string(body), "tutor sandbox images add NAME=DIR|TAR") {
		t.Errorf("an empty store's registry answered %d %s", resp.StatusCode, body)
	}
	cancel()
	select {
	case code := <-done:
		if code != 0 {
			t.Errorf("exit %d after the context ended, want 0", code)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the registry did not stop when its context ended")
	}
}
