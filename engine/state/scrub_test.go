package state

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tutor-run/tutor/engine/goldentest"
	"github.com/tutor-run/tutor/engine/redact"
	"github.com/tutor-run/tutor/engine/shell"
)

// handState is a shell state as bash 4.4 writes it (a newline inside a
// double-quoted value spans lines) with bash 5.2's $'...' too, and a
// function whose here-document holds a line that looks like a variable.
const handState = `# tutor shell state v1
\builtin cd -- /work
__tutor_es=$BASH_EXECUTION_STRING
declare -x AZURE_CLIENT_SECRET="s3cr3t-value"
declare -- BASH_EXECUTION_STRING="export MY_TOKEN=tok-abc123xyz"
declare -x DB_PASSWORD="multi
line \"pass\" word"
declare -- EMPTY_TOKEN=""
declare -x KEYBOARD="us"
declare -- LABEL="it's \$HOME and a \"quote\""
declare -- ML="first
second"
declare -x MY_TOKEN="tok-abc123xyz"
declare -- COPY=$'prefix tok-abc123xyz\tsuffix'
declare -a ARR=([0]="one two" [1]=$'x\ny')
declare -A SECRETS_BY_NAME=(["db"]="hunter22" )
declare -- URL="postgres://app:pw0rd-99@db:5432/app"
declare -- UNSET_TOKEN
declare -- _="tok-abc123xyz"
BASH_EXECUTION_STRING=$__tutor_es; \builtin unset __tutor_es
umask 0022
show () 
{ 
    cat <<EOF
declare -x FAKE_TOKEN="in-a-heredoc"
EOF
}
declare -fx show
alias k='kubectl'
\builtin return 0
#tutor:cwd:/work
#tutor:end
`

func TestScrubShell(t *testing.T) {
	r := redact.New([]string{"AZURE_CLIENT_SECRET=s3cr3t-value"})
	clean, dropped := ScrubShell([]byte(handState), r)
	want := strings.NewReplacer(
		"declare -x AZURE_CLIENT_SECRET=\"s3cr3t-value\"\n", "",
		"declare -- BASH_EXECUTION_STRING=\"export MY_TOKEN=tok-abc123xyz\"\n", "",
		"declare -x DB_PASSWORD=\"multi\nline \\\"pass\\\" word\"\n", "",
		"declare -x MY_TOKEN=\"tok-abc123xyz\"\n", "",
		"declare -- COPY=$'prefix tok-abc123xyz\\tsuffix'\n", "",
		"declare -A SECRETS_BY_NAME=([\"db\"]=\"hunter22\" )\n", "",
		"declare -- URL=\"postgres://app:pw0rd-99@db:5432/app\"\n", "",
		"declare -- _=\"tok-abc123xyz\"\n", "",
	).Replace(handState)
	if string(clean) != want {
		t.Errorf("ScrubShell:\n%s\nwant:\n%s", clean, want)
	}
	if want := []string{"AZURE_CLIENT_SECRET", "DB_PASSWORD", "MY_TOKEN", "COPY", "SECRETS_BY_NAME", "URL"}; !slices.Equal(dropped, want) {
		t.Errorf("dropped = %q, want %q", dropped, want)
	}
}

func TestScrubShellWithoutVariables(t *testing.T) {
	for _, s := range []string{"", "# tutor shell state v1\n\\builtin cd -- /\n", "declare -- X=\"unterminated\n"} {
		if clean, dropped := ScrubShell([]byte(s), nil); string(clean) != s || len(dropped) != 0 {
			t.Errorf("ScrubShell(%q) = %q, %q", s, clean, dropped)
		}
	}
}

func TestLearnSecrets(t *testing.T) {
	r := redact.New(nil)
	LearnSecrets([]byte(handState), r)
	if got, want := r.String("tok-abc123xyz and us"), "[REDACTED:MY_TOKEN] and us"; got != want {
		t.Errorf("String = %q, want %q", got, want)
	}
}

func TestDeclarationsUnquote(t *testing.T) {
	want := map[string]string{
		"DB_PASSWORD": "multi\nline \"pass\" word",
		"LABEL":       `it's $HOME and a "quote"`,
		"ML":          "first\nsecond",
		"COPY":        "prefix tok-abc123xyz\tsuffix",
		"ARR":         "([0]=one two [1]=x\ny)",
	}
	got := map[string]string{}
	var names []string
	for _, d := range declarations([]byte(handState)) {
		got[d.name] = d.value
		names = append(names, d.name)
	}
	for name, v := range want {
		if got[name] != v {
			t.Errorf("value of %s = %q, want %q", name, got[name], v)
		}
	}
	if slices.Contains(names, "FAKE_TOKEN") || slices.Contains(names, "show") || len(names) != 14 {
		t.Errorf("declarations found %q", names)
	}
}

func TestUnquote(t *testing.T) {
	tests := map[string]string{
		`$'a\nb'`:                "a\nb",
		`$'tab\there\001'`:       "tab\there\x01",
		`$'q\'s \\ \x41\u00e9'`:  "q's \\ Aé",
		`$'\cA\e'`:               "\x01\x1b",
		`"d \$ \" \\ \n"`:        `d $ " \ \n`,
		`'single \n'`:            `single \n`,
		`([k]="v" [$'a\nb']=c )`: "([k]=v [a\nb]=c )",
	}
	for raw, want := range tests {
		if got := unquote([]byte(raw)); got != want {
			t.Errorf("unquote(%s) = %q, want %q", raw, got, want)
		}
	}
}

// TestSavedRunHoldsNoSecret runs a real shell session that exports
// secrets, saves its state and checks that the file holds none of them
// while everything else comes back in a new session.
func TestSavedRunHoldsNoSecret(t *testing.T) {
	env := []string{"PATH=" + os.Getenv("PATH"), "HOME=" + t.TempDir(), "AZURE_CLIENT_SECRET=s3cr3t-value"}
	sess, err := shell.NewSession(shell.Options{Dir: t.TempDir(), Env: env})
	if err != nil {
		t.Fatalf("NewSession: %v", err)
	}
	defer sess.Close()
	steps := []string{
		"export MY_TOKEN=tok-abc123xyz PLAIN=hello",
		`ML=$'line1\nline2'; greet() { echo "hi $1"; }; alias k='echo kubectl'; mkdir -p sub && cd sub`,
		`echo "token is $MY_TOKEN and $AZURE_CLIENT_SECRET"`,
	}
	for _, step := range steps {
		if res, err := sess.Run(context.Background(), step, 20*time.Second, nil); err != nil || res.ExitCode != 0 {
			t.Fatalf("Run(%q): %v %+v", step, err, res)
		}
	}
	shellState, err := sess.State()
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "state.json")
	s := &State{Tutorial: "/posts/a.md", Fingerprints: []string{"a", "b", "c"}, Done: 3, Shell: shellState}
	if err := Save(path, s, redact.New(env)); err != nil {
		t.Fatalf("Save: %v", err)
	}
	data := goldentest.ReadFile(t, path)
	for _, secret := range []string{"s3cr3t-value", "tok-abc123xyz"} {
		if strings.Contains(string(data), secret) {
			t.Errorf("the state file holds %q:\n%s", secret, data)
		}
	}
	loaded, err := Load(path)
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	for _, name := range []string{"AZURE_CLIENT_SECRET", "MY_TOKEN"} {
		if !slices.Contains(loaded.Dropped, name) {
			t.Errorf("Dropped = %q, want %s in it", loaded.Dropped, name)
		}
	}
	fresh, err := shell.NewSession(shell.Options{Dir: t.TempDir(), Env: env[:2]})
	if err != nil {
		t.Fatal(err)
	}
	defer fresh.Close()
	if err := fresh.Restore(loaded.Shell); err != nil {
		t.Fatalf("Restore: %v", err)
	}
	check := `printf '%s|' "$PLAIN" "$ML" "$(greet you)" "$(k get pods)" "$(basename "$PWD")" "${MY_TOKEN-unset}" "${AZURE_CLIENT_SECRET-unset}"`
	res, err := fresh.Run(context.Background(), check, 20*time.Second, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := res.Output, "hello|line1\nline2|hi you|kubectl get pods|sub|unset|unset|"; got != want {
		t.Errorf("after Restore: %q, want %q", got, want)
	}
}
