package execute

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/tutor-run/tutor/engine/model"
)

// stub is an executor a run supplies for a kind.
type stub struct{}

func (stub) Execute(context.Context, *model.Step, time.Duration, io.Writer) (Outcome, error) {
	return Outcome{}, nil
}

func TestRegistryFor(t *testing.T) {
	withCilium := t.TempDir()
	if err := os.WriteFile(filepath.Join(withCilium, "cilium"), []byte("#!/bin/sh\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	shellStep := func(cmd string) *model.Step { return &model.Step{Kind: model.KindShell, Command: cmd} }
	bgStep := func(cmd string) *model.Step { return &model.Step{Kind: model.KindBackground, Command: cmd} }
	tests := []struct {
		name  string
		st    *model.Step
		path  string
		kinds map[model.Kind]Executor
		want  string // the executor's type; "" when there is none
	}{
		{"a command", shellStep("echo hi"), "", nil, "execute.shellCommand"},
		{"helm through the SDK", shellStep("helm install cilium cilium/cilium"), "", nil, "execute.helmStep"},
		{"helm through an alias", shellStep("h list"), "", nil, "execute.helmStep"},
		{"helm alone is a command", shellStep("helm"), "", nil, "execute.shellCommand"},
		{"helm in a pipeline is a command", shellStep("helm list | grep cilium"), "", nil, "execute.shellCommand"},
		{"hubble observe", shellStep("hubble observe --last 3"), "", nil, "execute.observe"},
		{"other hubble commands", shellStep("hubble status"), "", nil, "execute.shellCommand"},
		{"cilium status", shellStep("cilium status --wait"), "", nil, "execute.ciliumStatus"},
		{"port-forward without the cilium CLI", bgStep("cilium hubble port-forward &"), "", nil, "execute.hubbleForwardStandIn"},
		{"port-forward with the cilium CLI", bgStep("cilium hubble port-forward &"), withCilium, nil, "execute.background"},
		{"helm in the background is a process", bgStep("helm install x y &"), "", nil, "execute.background"},
		{"file", &model.Step{Kind: model.KindFile}, "", nil, "execute.fileWriter"},
		{"env", &model.Step{Kind: model.KindEnv}, "", nil, "execute.envSetter"},
		{"manifest", &model.Step{Kind: model.KindManifest}, "", nil, "execute.manifest"},
		{"assert", &model.Step{Kind: model.KindAssert}, "", nil, "execute.assert"},
		{"illustration", &model.Step{Kind: model.KindIllustration}, "", nil, ""},
		{"a kind replaced", shellStep("echo hi"), "", map[model.Kind]Executor{model.KindShell: stub{}}, "execute.stub"},
		{"tools before a replaced kind", shellStep("helm list"), "", map[model.Kind]Executor{model.KindShell: stub{}}, "execute.helmStep"},
		{"a kind added", &model.Step{Kind: model.KindIllustration}, "", map[model.Kind]Executor{model.KindIllustration: stub{}}, "execute.stub"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			x := NewRegistry(Deps{Path: tt.path, Aliases: map[string]string{"h": "helm"}}, tt.kinds)
			defer x.Close()
			e, ok := x.For(tt.st)
			got := ""
			if ok {
				got = fmt.Sprintf("%T", e)
			}
			if got != tt.want {
				t.Errorf("For(%s %q) = %q, want %q", tt.st.Kind, tt.st.Command, got, tt.want)
			}
		})
	}
}

// TestTableOrder: a command a tool recognises must come before the row of
// its kind, or the kind's row would take it.
func TestTableOrder(t *testing.T) {
	seen := map[model.Kind]string{}
	for _, e := range table {
		if row, ok := seen[e.kind]; ok {
			t.Errorf("%q comes after %q, the row of every %s step", e.name, row, e.kind)
		}
		if e.command == nil {
			seen[e.kind] = e.name
		}
	}
}
