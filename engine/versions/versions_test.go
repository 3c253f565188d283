package versions

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

func TestTools(t *testing.T) {
	dir := t.TempDir()
	tool := func(name, script string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte("#!/bin/sh\n"+script+"\n"), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	tool("hubble", "echo 'hubble v1.2.3'; echo 'second line'")
	tool("helm", "echo")     // says nothing: left out
	tool("cilium", "exit 1") // fails: left out
	// The tools are only on the session's PATH (the sandbox's bin
	// directory, say), not on tutor's own.
	got := Tools(context.Background(), dir)
	if got["tutor"] != Tutor() {
		t.Errorf("tutor = %q, want %q", got["tutor"], Tutor())
	}
	if got, want := got["hubble"], "hubble v1.2.3"; got != want {
		t.Errorf("hubble = %q, want %q (the first line)", got, want)
	}
	for _, name := range []string{"helm", "cilium", "kubectl", "az"} {
		if v, ok := got[name]; ok {
			t.Errorf("%s = %q, want it left out", name, v)
		}
	}
}
