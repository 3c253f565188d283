package kubecontext

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/tutor-run/tutor/engine/model"
)

func TestCreated(t *testing.T) {
	tests := []struct {
		cmd  string
		want []string
	}{
		{"az aks get-credentials -g rg -n lab", []string{"lab"}},
		{"az aks get-credentials --resource-group rg --name=lab --context lab-admin", []string{"lab-admin"}},
		{"kind create cluster", []string{"kind-kind"}},
		{"kind create cluster --name demo", []string{"kind-demo"}},
		{"kubectl config use-context prod && kubectl get no", []string{"prod"}},
		{"k config rename-context old 'new'", []string{"new"}},
		{"kubectl get no", nil},
	}
	for _, tt := range tests {
		if got := Created(tt.cmd); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Created(%q) = %q, want %q", tt.cmd, got, tt.want)
		}
	}
}

// env is a session whose KUBECONFIG is one file.
type env struct{ kubeconfig string }

func (e env) Getenv(_ context.Context, name string) (string, error) {
	if name != "KUBECONFIG" {
		return "", nil
	}
	return e.kubeconfig, nil
}

func kubeconfig(t *testing.T, current string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "config")
	src := "apiVersion: v1\nkind: Config\ncurrent-context: " + current + "\n"
	if err := os.WriteFile(p, []byte(src), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestGuardCheck(t *testing.T) {
	tu := &model.Tutorial{Settings: model.Settings{Contexts: []string{"named"}}, Sections: []*model.Section{{
		Steps: []*model.Step{{Kind: model.KindShell, Command: "kind create cluster --name demo"}},
	}}}
	tests := []struct {
		current string
		refused bool
	}{
		{Sandbox, false},
		{"named", false},
		{"kind-demo", false},
		{"given", false},
		{"prod", true},
		{`""`, true},
	}
	for _, tt := range tests {
		g := NewGuard(tu, []string{"given"}, env{kubeconfig(t, tt.current)})
		err := g.Check(context.Background())
		var refusal *Error
		if got := errors.As(err, &refusal); got != tt.refused {
			t.Errorf("context %s: refused = %v (%v), want %v", tt.current, got, err, tt.refused)
		}
	}
}
