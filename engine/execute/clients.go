package execute

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"k8s.io/client-go/tools/clientcmd"

	"github.com/tutor-run/tutor/engine/kube"
	"github.com/tutor-run/tutor/engine/shell"
)

// KubeClients gives cluster steps a client for the cluster the session
// points at now: KUBECONFIG as the session has it and that file's current
// context, which earlier steps (az aks get-credentials) may have changed.
type KubeClients struct {
	session *shell.Session
	key     string
	client  *kube.Client
}

// NewKubeClients builds clients lazily for the session's cluster.
func NewKubeClients(s *shell.Session) *KubeClients {
	return &KubeClients{session: s}
}

// Get returns a client for the session's current kubeconfig and context,
// built again when either changed.
func (k *KubeClients) Get(ctx context.Context) (*kube.Client, error) {
	kubeconfig, err := k.session.Getenv(ctx, "KUBECONFIG")
	if err != nil {
		return nil, err
	}
	key, err := configKey(kubeconfig)
	if err != nil {
		return nil, &EnvError{Err: fmt.Errorf("reading kubeconfig: %w", err)}
	}
	if k.client != nil && key == k.key {
		return k.client, nil
	}
	c, err := kube.NewClient(kubeconfig, "")
	if err != nil {
		return nil, &EnvError{Err: fmt.Errorf("connecting to the cluster: %w", err)}
	}
	k.key, k.client = key, c
	return c, nil
}

// Last is the client Get built last; nil when no step needed one.
func (k *KubeClients) Last() *kube.Client { return k.client }

// configKey identifies a kubeconfig and its current context, so a client
// is rebuilt when either changes.
func configKey(kubeconfig string) (string, error) {
	rules := clientcmd.NewDefaultClientConfigLoadingRules()
	if kubeconfig != "" {
		rules.Precedence = filepath.SplitList(kubeconfig)
	}
	cfg, err := rules.Load()
	if err != nil {
		return "", err
	}
	key := kubeconfig + "\x00" + cfg.CurrentContext
	for _, f := range rules.Precedence {
		if fi, err := os.Stat(f); err == nil {
			key += "\x00" + fi.ModTime().String()
		}
	}
	return key, nil
}
