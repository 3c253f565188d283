package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/tutor-run/tutor/cmd/tutor/cli"
)

// TestMain lets testscript run this test binary as the `tutor` command, so
// the end-to-end scripts exercise the real CLI in a real process.
func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"tutor": func() { os.Exit(cli.Main()) },
	})
}

// TestScripts runs testdata/script/*.txtar. $TUTORIALS is the repository's
// tutorials folder.
func TestScripts(t *testing.T) {
	tutorials, err := filepath.Abs("../../tutorials")
	if err != nil {
		t.Fatal(err)
	}
	testscript.Run(t, testscript.Params{
		Dir: "testdata/script",
		Setup: func(env *testscript.Env) error {
			env.Setenv("TUTORIALS", tutorials)
			env.Setenv("NO_COLOR", "1")
			return nil
		},
		RequireExplicitExec: true,
	})
}
