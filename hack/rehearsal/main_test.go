package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"google.golang.org/protobuf/proto"

	"github.com/tutor-run/tutor/engine/hubble/flowfmt"
)

func sameFlows(t *testing.T, a, b []byte) bool {
	fa, err := flowfmt.ReadJSONPB(bytes.NewReader(a))
	if err != nil {
		t.Fatal(err)
	}
	fb, err := flowfmt.ReadJSONPB(bytes.NewReader(b))
	if err != nil || len(fa) != len(fb) {
		return false
	}
	for i := range fa {
		if !proto.Equal(fa[i], fb[i]) {
			return false
		}
	}
	return true
}

// TestRecordingUpToDate regenerates the recording and compares it with the
// committed one, so the tutorial, this program and the recording move
// together (go run ./hack/rehearsal rewrites it).
func TestRecordingUpToDate(t *testing.T) {
	root := filepath.Join("..", "..")
	dir := t.TempDir()
	if err := write(filepath.Join(root, "tutorials", "aks-cilium-101.md"), dir); err != nil {
		t.Fatal(err)
	}
	committed := filepath.Join(root, "tutorials", "testdata", "aks-cilium-101")
	want, _ := filepath.Glob(filepath.Join(dir, "*"))
	have, _ := filepath.Glob(filepath.Join(committed, "*"))
	if len(want) != len(have) {
		t.Fatalf("%d files generated, %d committed: run go run ./hack/rehearsal", len(want), len(have))
	}
	for _, p := range want {
		a, _ := os.ReadFile(p)
		b, err := os.ReadFile(filepath.Join(committed, filepath.Base(p)))
		same := err == nil && string(a) == string(b)
		if strings.HasSuffix(p, ".jsonl") && err == nil {
			// protojson varies its spacing on purpose: compare the flows.
			same = sameFlows(t, a, b)
		}
		if !same {
			t.Errorf("%s differs from what hack/rehearsal writes: run go run ./hack/rehearsal", filepath.Base(p))
		}
	}
}
