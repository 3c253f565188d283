package shell

import (
	"strings"
	"testing"
)

func TestIsBashOwned(t *testing.T) {
	for name, want := range map[string]bool{
		"BASH": true, "BASH_VERSION": true, "BASH_ENV": false, "EPOCHSECONDS": true,
		"_": true, "__tutor_rc": true, "PATH": false, "HOME": false, "_x": false, "EUIDX": false,
	} {
		if got := isBashOwned(name); got != want {
			t.Errorf("isBashOwned(%q) = %v, want %v", name, got, want)
		}
	}
}

func TestParseState(t *testing.T) {
	good := string(initialState("/some dir"))
	if cwd, err := parseState([]byte(good)); err != nil || cwd != "/some dir" {
		t.Errorf("parseState(initial) = %q, %v", cwd, err)
	}
	for name, bad := range map[string]string{
		"empty":     "",
		"cut short": good[:len(good)-3],
		"no header": strings.TrimPrefix(good, stateHeader),
		"no cwd":    stateHeader + stateEnd[1:],
	} {
		if _, err := parseState([]byte(bad)); err == nil {
			t.Errorf("parseState(%s): no error", name)
		}
	}
}

func TestWithLine(t *testing.T) {
	state := initialState("/d")
	got := string(withLine(state, "X=1"))
	if !strings.Contains(got, "\nX=1"+returnLine) {
		t.Errorf("line not inserted before the return line:\n%s", got)
	}
	if cwd, err := parseState([]byte(got)); err != nil || cwd != "/d" {
		t.Errorf("parseState after withLine = %q, %v", cwd, err)
	}
}

func TestIsReadonly(t *testing.T) {
	state := []byte("declare -r A=\"1\"\ndeclare -xr B=\"2\"\ndeclare -x C=\"declare -r D\"\ndeclare -ar E=()\n")
	for name, want := range map[string]bool{"A": true, "B": true, "C": false, "D": false, "E": true, "AB": false} {
		if got := isReadonly(state, name); got != want {
			t.Errorf("isReadonly(%q) = %v, want %v", name, got, want)
		}
	}
}
