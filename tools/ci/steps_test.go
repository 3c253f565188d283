package ci

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

func TestInstall(t *testing.T) {
	tests := []struct {
		name       string
		inputs     map[string]string
		ref        string // github.action_ref
		version    string // what the built tutor says
		wantCall   string // the go command, with <bin> for the install dir
		wantVer    string // the version output; "devel-" means devel plus the binary's hash
		wantArtift string
	}{{
		name:       "checkout at a release tag",
		ref:        "v1.2.3",
		version:    "v1.2.3",
		wantCall:   "go | build | -C | <action> | -trimpath | -ldflags | -X github.com/tutor-run/tutor/engine/versions.Version=v1.2.3 | -o | <bin>/tutor | ./cmd/tutor",
		wantVer:    "v1.2.3",
		wantArtift: "tutor-report",
	}, {
		name:       "checkout at a branch is devel, keyed by its bytes",
		ref:        "main",
		version:    "devel",
		inputs:     map[string]string{"shard": "2/4"},
		wantCall:   "go | build | -C | <action> | -trimpath | -ldflags |  | -o | <bin>/tutor | ./cmd/tutor",
		wantVer:    "devel-",
		wantArtift: "tutor-report-shard-2-of-4",
	}, {
		name:       "a version is go installed",
		ref:        "v1.2.3",
		version:    "v1.4.0",
		inputs:     map[string]string{"version": "v1.4.0", "shard": "10/12", "artifact-name": "docs-linux-10"},
		wantCall:   "go | install | github.com/tutor-run/tutor/cmd/tutor@v1.4.0",
		wantVer:    "v1.4.0",
		wantArtift: "docs-linux-10",
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := newRunner(t, tt.inputs)
			r.github["action_ref"] = tt.ref
			r.env["FAKE_VERSION"] = tt.version
			res := r.run("install").mustSucceed(t, "install")
			bin := filepath.Join(r.env["RUNNER_TEMP"], "tutor-bin")
			want := strings.NewReplacer("<bin>", bin, "<action>", r.github["action_path"]).Replace(tt.wantCall)
			if got := r.calls(); len(got) != 2 || got[0] != want || got[1] != "tutor | --version" {
				t.Errorf("calls:\n%q\nwant:\n%q then tutor --version", got, want)
			}
			if got, want := r.path, []string{bin}; !slices.Equal(got, want) {
				t.Errorf("GITHUB_PATH %v, want %v", got, want)
			}
			o := res.outputs
			if tt.wantVer == "devel-" {
				if !regexp.MustCompile(`^devel-[0-9a-f]{16}$`).MatchString(o["version"]) {
					t.Errorf("version %q, want devel-<16 hex digits>", o["version"])
				}
			} else if o["version"] != tt.wantVer {
				t.Errorf("version %q, want %q", o["version"], tt.wantVer)
			}
			if got, want := o["sandbox-key"], "tutor-sandbox-Linux-X64-"+o["version"]; got != want {
				t.Errorf("sandbox-key %q, want %q", got, want)
			}
			if got, want := o["sandbox-key-prefix"], "tutor-sandbox-Linux-X64-"; got != want {
				t.Errorf("sandbox-key-prefix %q, want %q", got, want)
			}
			if got, want := o["cache-dir"], filepath.Join(r.env["HOME"], ".cache", "tutor"); got != want {
				t.Errorf("cache-dir %q, want %q", got, want)
			}
			if o["artifact"] != tt.wantArtift {
				t.Errorf("artifact %q, want %q", o["artifact"], tt.wantArtift)
			}
		})
	}
}

// The sandbox cache is where tutor puts it: $XDG_CACHE_HOME/tutor.
func TestInstallCacheDir(t *testing.T) {
	r := newRunner(t, nil)
	r.env["XDG_CACHE_HOME"] = "/var/cache/ci"
	res := r.run("install").mustSucceed(t, "install")
	if got, want := res.outputs["cache-dir"], "/var/cache/ci/tutor"; got != want {
		t.Errorf("cache-dir %q, want %q", got, want)
	}
}

func TestInstallRejectsBadInputs(t *testing.T) {
	tests := []struct {
		input, value, want string
	}{
		{"sandbox", "yes", "input sandbox is yes: want true or false"},
		{"upload", "True", "input upload is True: want true or false"},
		{"summary", "", "input summary is '': want true or false"},
		{"shard", "1-4", "input shard is 1-4: want I/N"},
		{"shard", "0/4", "input shard is 0/4: want I/N"},
		{"shard", "1/4 --keep", "input shard is 1/4\\ --keep: want I/N"},
		// A newline in an input cannot start a workflow command.
		{"shard", "1\n::add-mask::x", "input shard is $'1\\n::add-mask::x': want I/N"},
	}
	for _, tt := range tests {
		t.Run(tt.input+"="+tt.value, func(t *testing.T) {
			r := newRunner(t, map[string]string{tt.input: tt.value})
			res := r.run("install")
			if res.exitCode() != 1 || !strings.Contains(res.log, "::error::"+tt.want) {
				t.Errorf("got %v\nwant exit 1 and ::error::%s", res, tt.want)
			}
			if calls := r.calls(); len(calls) != 0 {
				t.Errorf("a bad input must stop before building; calls: %q", calls)
			}
		})
	}
}

func TestSandboxInstall(t *testing.T) {
	r := newRunner(t, map[string]string{"sandbox": "true"})
	r.run("install").mustSucceed(t, "install")
	r.run("sandbox").mustSucceed(t, "sandbox")
	if got := r.calls(); len(got) != 3 || got[2] != "tutor | sandbox | install" {
		t.Errorf("calls %q, want tutor sandbox install last", got)
	}
}

// installed is a runner whose install step ran.
func installed(t *testing.T, inputs map[string]string) *runner {
	t.Helper()
	r := newRunner(t, inputs)
	r.run("install").mustSucceed(t, "install")
	if err := os.Truncate(r.env["FAKE_RECORD"], 0); err != nil {
		t.Fatal(err)
	}
	return r
}
