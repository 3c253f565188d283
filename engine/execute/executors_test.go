package execute

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"k8s.io/apimachinery/pkg/runtime/schema"

	"github.com/tutor-run/tutor/engine/kube"
	"github.com/tutor-run/tutor/engine/model"
	"github.com/tutor-run/tutor/engine/record"
	"github.com/tutor-run/tutor/engine/result"
	"github.com/tutor-run/tutor/engine/shell"
)

func TestManifestFailure(t *testing.T) {
	st := &model.Step{Kind: model.KindManifest, Pos: model.Pos{File: "post.md", Line: 10}}
	web := kube.Object{GVK: schema.GroupVersionKind{Kind: "Deployment"}, Namespace: "basics", Name: "web"}
	tests := []struct {
		name    string
		err     error
		env     bool   // an environment failure, not a broken claim
		message string // what the broken claim says
	}{
		{"rejected", &kube.ApplyError{Object: web, Line: 3, Err: errors.New("spec.replicas: Invalid value")}, false,
			"post.md:12: the API server rejected deployment basics/web: spec.replicas: Invalid value"},
		{"not ready", &kube.NotReadyError{Pending: []string{"deployment basics/web: 0 of 1 replicas available", "pod x"}}, false,
			"not ready in time: deployment basics/web: 0 of 1 replicas available; pod x"},
		{"unreachable", errors.New("dial tcp 127.0.0.1:6443: connect: connection refused"), true, ""},
		{"anything else", errors.New("forbidden"), false, "forbidden"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o, err := manifestFailure(Outcome{Output: "applied\n"}, st, tt.err)
			var env *EnvError
			if got := errors.As(err, &env); got != tt.env {
				t.Fatalf("environment failure = %v (%v), want %v", got, err, tt.env)
			}
			if tt.env {
				return
			}
			if o.Failure == nil || o.Failure.Kind != result.ClaimBroken || o.Failure.Message != tt.message {
				t.Errorf("failure = %+v, want a broken claim %q", o.Failure, tt.message)
			}
			if o.Output != "applied\n" {
				t.Errorf("output = %q, want what was applied", o.Output)
			}
		})
	}
}

func TestReplay(t *testing.T) {
	tests := []struct {
		name    string
		entry   record.Entry
		failure string
	}{
		{"passed", record.Entry{Output: "a\nb\n", Exit: 3}, ""},
		{"claim broken when recorded", record.Entry{Output: "0 pods\n", Failure: "no pod ready"}, "recorded: no pod ready"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out bytes.Buffer
			o, err := Replay(&tt.entry, &model.Step{Kind: model.KindShell}).Execute(context.Background(), &model.Step{}, 0, &out)
			if err != nil {
				t.Fatal(err)
			}
			if !o.Replayed || o.Output != tt.entry.Output || out.String() != tt.entry.Output || o.ExitCode != tt.entry.Exit {
				t.Errorf("outcome %+v printed %q, want the recorded one", o, out.String())
			}
			got := ""
			if o.Failure != nil {
				got = o.Failure.Message
			}
			if got != tt.failure {
				t.Errorf("failure %q, want %q", got, tt.failure)
			}
		})
	}
}

func TestFileWriterWritesInTheSessionDir(t *testing.T) {
	dir := t.TempDir()
	sess, err := shell.NewSession(shell.Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer sess.Close()
	var out bytes.Buffer
	st := &model.Step{Kind: model.KindFile, Path: "k8s/app.yaml", Content: "kind: Pod\nmetadata: {}\n"}
	o, err := fileWriter{sess}.Execute(context.Background(), st, 0, &out)
	if err != nil || o.Failure != nil {
		t.Fatalf("Execute = %+v, %v", o, err)
	}
	got, err := os.ReadFile(filepath.Join(dir, "k8s", "app.yaml"))
	if err != nil || string(got) != st.Content {
		t.Errorf("file = %q, %v; want the block", got, err)
	}
	if !strings.Contains(out.String(), "wrote k8s/app.yaml (2 lines)") {
		t.Errorf("printed %q", out.String())
	}
}
