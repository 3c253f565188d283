package shell

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestStateCarries runs each case's steps in a fresh session and compares
// the output of the last one.
func TestStateCarries(t *testing.T) {
	tests := []struct {
		name  string
		steps []string
		want  string
	}{
		{"plain variable", []string{"x=1", "echo $x"}, "1\n"},
		{"exported variable reaches children", []string{"export GREETING=hello", `bash -c 'echo $GREETING'`}, "hello\n"},
		{"plain variable is not exported", []string{"x=1", `bash -c 'echo "[$x]"'`}, "[]\n"},
		{"unset", []string{"export GONE=1", "unset GONE", `echo "[${GONE-unset}]"; env | grep -c ^GONE=`}, "[unset]\n0\n"},
		{"export -n", []string{"export E=1", "export -n E", `echo $E; bash -c 'echo "[$E]"'`}, "1\n[]\n"},
		{"value with newline, quotes and dollars", []string{`v=$'a\nb "c" \'d\' $e \\ f'`, `printf '%s|' "$v"`}, "a\nb \"c\" 'd' $e \\ f|"},
		{"integer attribute", []string{"declare -i n=2", "n+=3; echo $n"}, "5\n"},
		{"indexed array", []string{`arr=(one "two words" $'th\nree')`, `printf '<%s>' "${arr[@]}"; echo " ${#arr[@]}"`}, "<one><two words><th\nree> 3\n"},
		{"associative array", []string{"declare -A m=([k]=v [x y]=z)", `echo "${m[k]} ${m[x y]}"`}, "v z\n"},
		{"associative array declared empty", []string{"declare -A colors", "colors[red]=f00", `echo "${colors[red]} ${colors[0]-none}"`}, "f00 none\n"},
		{"exported without a value", []string{"export LATER", "LATER=now", `bash -c 'echo $LATER'`}, "now\n"},
		{"BASH_REMATCH", []string{"[[ abc =~ b(c) ]]", `echo "${BASH_REMATCH[1]}"`}, "c\n"},
		{"readonly", []string{"readonly R=1", "R=2", "echo $R"}, "1\n"},
		{"nameref", []string{"target=t; declare -n ref=target", "echo $ref"}, "t\n"},
		{"cwd", []string{"mkdir -p sub/dir && cd sub/dir", "basename $PWD; basename $(pwd)"}, "dir\ndir\n"},
		{"cd -", []string{"mkdir a b; cd a", "cd ../b", "cd - >/dev/null; basename $PWD"}, "a\n"},
		{"PWD unset", []string{"mkdir p; cd p; unset PWD", "basename $(pwd)"}, "p\n"},
		{"function", []string{`greet() { echo "hi $1"; }`, "greet you"}, "hi you\n"},
		{"exported function", []string{"f() { echo in f; }; export -f f", "bash -c f"}, "in f\n"},
		{"alias", []string{"alias ll='echo ll:'", "ll x"}, "ll: x\n"},
		{"alias defined and used in one step", []string{"alias hi='echo hi'\nhi there"}, "hi there\n"},
		{"alias removed", []string{"alias a1='echo a1'", "unalias a1", "type -t a1 || echo none"}, "none\n"},
		{"pipefail", []string{"set -o pipefail", "false | true; echo $?"}, "1\n"},
		{"nounset", []string{"set -u", `echo "${nope-default}"; echo $nope; echo unreachable`}, "default\nbash: line 1: nope: unbound variable\n"},
		{"errexit", []string{"set -e", "false; echo unreachable"}, ""},
		{"shopt", []string{"shopt -s extglob", "x=aab; echo ${x/+(a)/-}"}, "-b\n"},
		{"extglob in a function body", []string{"shopt -s extglob; f() { [[ $1 == @(a|b) ]] && echo yes; }", "f b"}, "yes\n"},
		{"allexport", []string{"set -a; A=1; set +a", `bash -c 'echo $A'`}, "1\n"},
		{"umask", []string{"umask 027", "umask"}, "0027\n"},
		{"previous exit status", []string{"(exit 7)", "echo $?"}, "7\n"},
		{"exit status under errexit", []string{"set -e; (exit 4)", "echo $?"}, "4\n"},
		{"exit in a step keeps state", []string{"K=kept; exit 3", "echo $K"}, "kept\n"},
		{"exec keeps the previous state", []string{"E=1", "E=2; exec true", "echo $E"}, "1\n"},
		{"IFS", []string{"IFS=,", `s="a,b"; for w in $s; do echo "[$w]"; done`}, "[a]\n[b]\n"},
		{"user cd function", []string{"cd() { builtin cd \"$@\" && echo moved; }; mkdir d", "cd d", "basename $PWD"}, "d\n"},
		{"xtrace carries", []string{"set -x", "echo hi"}, "+ echo hi\nhi\n"},
		{"xtrace off again", []string{"set -x", "set +x", "echo hi"}, "hi\n"},
		{"xtrace with nounset and errexit", []string{"set -eux", "echo hi"}, "+ echo hi\nhi\n"},
		{"internal names stay hidden", []string{"x=1", `compgen -v | grep -c __tutor; declare -F | grep -c __tutor; echo "[$BASH_ENV] [$BASH_EXECUTION_STRING]"`}, "0\n0\n[] [compgen -v | grep -c __tutor; declare -F | grep -c __tutor; echo \"[$BASH_ENV] [$BASH_EXECUTION_STRING]\"]\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newTestSession(t, Options{})
			var res Result
			for _, step := range tt.steps {
				var err error
				if res, err = s.Run(context.Background(), step, testTimeout, nil); err != nil {
					t.Fatalf("Run(%q): %v", step, err)
				}
			}
			if got := res.Output; got != tt.want {
				t.Errorf("output of %q = %q, want %q", tt.steps[len(tt.steps)-1], got, tt.want)
			}
		})
	}
}

func TestAliasesOption(t *testing.T) {
	s := newTestSession(t, Options{Aliases: map[string]string{"k": "echo kubectl"}})
	if got, want := mustRun(t, s, "k get pods -A").Output, "kubectl get pods -A\n"; got != want {
		t.Errorf("output = %q, want %q", got, want)
	}
	if _, err := NewSession(Options{Aliases: map[string]string{"a b": "x"}}); err == nil {
		t.Error("NewSession with alias name \"a b\": no error")
	}
}

func TestEnvOption(t *testing.T) {
	s := newTestSession(t, Options{Env: []string{"PATH=" + os.Getenv("PATH"), "ONLY=this", "odd.name=kept"}})
	got := mustRun(t, s, `echo "$ONLY [${HOME-}]"; env | grep -c '^odd.name=kept$'`).Output
	if want := "this []\n1\n"; got != want {
		t.Errorf("output = %q, want %q", got, want)
	}
}

func TestDir(t *testing.T) {
	dir := t.TempDir()
	if err := os.Mkdir(filepath.Join(dir, "sub dir"), 0o755); err != nil {
		t.Fatal(err)
	}
	s := newTestSession(t, Options{Dir: dir})
	if got := s.Dir(); got != dir {
		t.Errorf("Dir() = %q, want %q", got, dir)
	}
	mustRun(t, s, `cd "sub dir"`)
	if got, want := s.Dir(), filepath.Join(dir, "sub dir"); got != want {
		t.Errorf("after cd, Dir() = %q, want %q", got, want)
	}
	wd, _ := os.Getwd()
	if wd == s.Dir() {
		t.Error("the test process's working directory changed")
	}
	// When the directory goes away, steps still run, in an empty directory
	// rather than anywhere a command could do harm.
	mustRun(t, s, `mkdir gone && cd gone && rmdir ../gone`)
	if got := mustRun(t, s, "ls -A | wc -l").Output; strings.TrimSpace(got) != "0" {
		t.Errorf("after the directory was removed, ls -A | wc -l = %q, want 0", got)
	}
}

func TestSetenv(t *testing.T) {
	s := newTestSession(t, Options{})
	mustRun(t, s, "set -u; readonly RO=1")
	value := "it's \"quoted\"\n$HOME"
	if err := s.Setenv("NEW_VAR", value); err != nil {
		t.Fatal(err)
	}
	if got := mustRun(t, s, `printenv NEW_VAR`).Output; got != value+"\n" {
		t.Errorf("printenv NEW_VAR = %q, want %q", got, value+"\n")
	}
	for _, name := range []string{"RO", "1BAD", "A-B", "PPID", ""} {
		if err := s.Setenv(name, "x"); err == nil {
			t.Errorf("Setenv(%q): no error", name)
		}
	}
}

func TestStateRestore(t *testing.T) {
	a := newTestSession(t, Options{})
	mustRun(t, a, "mkdir -p w && cd w; V=carried; f() { echo f; }; alias g='echo g'")
	state, err := a.State()
	if err != nil {
		t.Fatal(err)
	}
	b := newTestSession(t, Options{})
	if err := b.Restore(state); err != nil {
		t.Fatal(err)
	}
	if got, want := b.Dir(), a.Dir(); got != want {
		t.Errorf("Dir() after Restore = %q, want %q", got, want)
	}
	if got, want := mustRun(t, b, "echo $V; f; g; basename $PWD").Output, "carried\nf\ng\nw\n"; got != want {
		t.Errorf("output = %q, want %q", got, want)
	}
	if err := b.Restore([]byte("echo pwned\n")); err == nil {
		t.Error("Restore of a non-state: no error")
	}
}

func TestToolMissing(t *testing.T) {
	_, err := NewSession(Options{Bash: "no-such-bash-here"})
	var missing *ToolMissingError
	if !errors.As(err, &missing) {
		t.Fatalf("NewSession error = %v, want a *ToolMissingError", err)
	}
	if !strings.Contains(err.Error(), "no-such-bash-here") {
		t.Errorf("error %q does not name the tool", err)
	}
}

func TestCloseIsIdempotent(t *testing.T) {
	s, err := NewSession(Options{Dir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	tmp := s.tmp
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
	if _, err := os.Stat(tmp); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("session directory left behind: %v", err)
	}
	if _, err := s.Run(context.Background(), "true", 0, nil); err == nil {
		t.Error("Run after Close: no error")
	}
}

func TestGetenvLeavesStateAlone(t *testing.T) {
	s := newTestSession(t, Options{})
	ctx := context.Background()
	if _, err := s.Run(ctx, "export KUBECONFIG=/tmp/k.conf; PLAIN='a b'; false", 0, nil); err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]string{"KUBECONFIG": "/tmp/k.conf", "PLAIN": "a b", "UNSET_VAR": ""} {
		got, err := s.Getenv(ctx, name)
		if err != nil {
			t.Fatal(err)
		}
		if got != want {
			t.Errorf("Getenv(%s) = %q, want %q", name, got, want)
		}
	}
	res, err := s.Run(ctx, "echo $?", 0, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := res.Output, "1\n"; got != want {
		t.Errorf("$? after Getenv = %q, want %q", got, want)
	}
}
