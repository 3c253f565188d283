package kube

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const twoContexts = `apiVersion: v1
kind: Config
clusters:
- name: aks
  cluster: {server: "https://aks.example.com:443"}
users:
- name: admin
  user: {token: secret}
contexts:
- name: aks-cilium
  context: {cluster: aks, user: admin, namespace: basics}
- name: aks-plain
  context: {cluster: aks, user: admin}
current-context: aks-cilium
`

func TestNewClient(t *testing.T) {
	path := filepath.Join(t.TempDir(), "config")
	if err := os.WriteFile(path, []byte(twoContexts), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		kubeconfig, context, env string
		wantContext, wantNS      string
	}{
		{path, "", "", "aks-cilium", "basics"},
		{path, "aks-plain", "", "aks-plain", "default"},
		{"", "", path, "aks-cilium", "basics"},
	}
	for _, tt := range tests {
		t.Run(tt.wantContext, func(t *testing.T) {
			t.Setenv("KUBECONFIG", tt.env)
			c, err := NewClient(tt.kubeconfig, tt.context)
			if err != nil {
				t.Fatal(err)
			}
			if c.CurrentContext() != tt.wantContext || c.Namespace() != tt.wantNS {
				t.Errorf("context %q namespace %q, want %q %q", c.CurrentContext(), c.Namespace(), tt.wantContext, tt.wantNS)
			}
		})
	}
	_, err := NewClient(path, "nope")
	if err == nil || !strings.Contains(err.Error(), `context "nope"`) {
		t.Errorf("unknown context: err = %v", err)
	}
}
