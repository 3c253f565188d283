package helm

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"

	"helm.sh/helm/v3/pkg/action"
	"helm.sh/helm/v3/pkg/getter"
	"helm.sh/helm/v3/pkg/registry"
	"k8s.io/cli-runtime/pkg/genericclioptions"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/clientcmd"
	clientcmdapi "k8s.io/client-go/tools/clientcmd/api"
)

// Options configures a Client.
type Options struct {
	// Getter reaches the cluster. When nil, the Client reads Kubeconfig
	// and Context (a command's --kubeconfig and --kube-context win).
	Getter genericclioptions.RESTClientGetter
	// Kubeconfig is the kubeconfig file; empty means kubectl's default
	// loading rules ($KUBECONFIG, ~/.kube/config).
	Kubeconfig string
	// Context is the kubeconfig context; empty means its current one.
	Context string
	// Home is the tutor-private helm home: repositories.yaml, the
	// repository cache and the registry config live under it. Required.
	Home string
	// Dir is where relative chart paths and values files are found; empty
	// means the process's working directory.
	Dir string
	// Mirrors maps a repository URL to a local directory holding its
	// index.yaml and chart files; a mirrored repository never goes to the
	// network.
	Mirrors map[string]string
	// Out receives progress lines; nil discards them.
	Out io.Writer
	// Overrides, when set, gives values that win over an install's or
	// upgrade's own; Result.Overrides says which.
	Overrides Overrides
}

// Client runs helm commands. It is safe for use by one goroutine at a time.
type Client struct {
	o       Options
	getters getter.Providers

	mu       sync.Mutex
	configs  map[configKey]*action.Configuration
	registry *registry.Client
}

// configKey identifies one action.Configuration: a cluster and a namespace.
type configKey struct{ kubeconfig, context, namespace string }

// New returns a Client for o.
func New(o Options) (*Client, error) {
	if o.Home == "" {
		return nil, errors.New("helm: Options.Home is required")
	}
	if o.Out == nil {
		o.Out = io.Discard
	}
	for _, dir := range []string{o.Home, o.repositoryCache()} {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, fmt.Errorf("helm: %w", err)
		}
	}
	c := &Client{o: o, configs: map[configKey]*action.Configuration{}}
	c.getters = getter.Providers{
		MirrorProvider(o.Mirrors),
		{Schemes: []string{registry.OCIScheme}, New: c.newOCIGetter},
	}
	return c, nil
}

// RepositoryConfig is the path of the Client's repositories.yaml.
func (c *Client) RepositoryConfig() string { return filepath.Join(c.o.Home, "repositories.yaml") }

func (o Options) repositoryCache() string { return filepath.Join(o.Home, "repository") }

func (o Options) registryConfig() string { return filepath.Join(o.Home, "registry", "config.json") }

// path resolves p against Options.Dir.
func (c *Client) path(p string) string {
	if c.o.Dir == "" || filepath.IsAbs(p) {
		return p
	}
	return filepath.Join(c.o.Dir, p)
}

// registryClient returns the OCI registry client, made on first use.
func (c *Client) registryClient() (*registry.Client, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.registry != nil {
		return c.registry, nil
	}
	rc, err := registry.NewClient(
		registry.ClientOptCredentialsFile(c.o.registryConfig()),
		registry.ClientOptWriter(c.o.Out),
		registry.ClientOptEnableCache(true),
	)
	if err != nil {
		return nil, fmt.Errorf("helm: registry client: %w", err)
	}
	c.registry = rc
	return rc, nil
}

func (c *Client) newOCIGetter(options ...getter.Option) (getter.Getter, error) {
	rc, err := c.registryClient()
	if err != nil {
		return nil, err
	}
	return getter.NewOCIGetter(append(options, getter.WithRegistryClient(rc))...)
}

// config returns the action configuration for cmd's cluster and namespace,
// and the namespace (the kubeconfig's when cmd names none).
func (c *Client) config(cmd Command) (*action.Configuration, string, error) {
	base := c.o.Getter
	key := configKey{kubeconfig: c.o.Kubeconfig, context: c.o.Context}
	if cmd.Kubeconfig != "" {
		key.kubeconfig = c.path(cmd.Kubeconfig)
	}
	if cmd.KubeContext != "" {
		key.context = cmd.KubeContext
	}
	if base == nil || cmd.Kubeconfig != "" || cmd.KubeContext != "" {
		flags := genericclioptions.NewConfigFlags(true)
		flags.KubeConfig, flags.Context = &key.kubeconfig, &key.context
		cache := filepath.Join(c.o.Home, "kube-cache")
		flags.CacheDir = &cache
		base = flags
	}
	ns := cmd.Namespace
	if ns == "" {
		var err error
		if ns, _, err = base.ToRawKubeConfigLoader().Namespace(); err != nil {
			return nil, "", fmt.Errorf("helm: kubeconfig: %w", err)
		}
	}
	key.namespace = ns
	c.mu.Lock()
	defer c.mu.Unlock()
	if cfg, ok := c.configs[key]; ok {
		return cfg, ns, nil
	}
	cfg := new(action.Configuration)
	if err := cfg.Init(namespacedGetter{base, ns, c.o.Out}, ns, "secret", func(string, ...any) {}); err != nil {
		return nil, "", fmt.Errorf("helm: %w", err)
	}
	c.configs[key] = cfg
	return cfg, ns, nil
}

// namespacedGetter makes a RESTClientGetter default to one namespace, as
// helm's --namespace does, and sends API warnings to Options.Out rather
// than to klog's stderr.
type namespacedGetter struct {
	genericclioptions.RESTClientGetter
	namespace string
	warnings  io.Writer
}

// ToRESTConfig returns the inner config with its warnings sent to Out.
func (g namespacedGetter) ToRESTConfig() (*rest.Config, error) {
	cfg, err := g.RESTClientGetter.ToRESTConfig()
	if err != nil {
		return nil, err
	}
	cfg = rest.CopyConfig(cfg)
	cfg.WarningHandler = rest.NewWarningWriter(g.warnings, rest.WarningWriterOptions{Deduplicate: true})
	return cfg, nil
}

// ToRawKubeConfigLoader returns the loader with the namespace overridden.
func (g namespacedGetter) ToRawKubeConfigLoader() clientcmd.ClientConfig {
	return namespacedConfig{g.RESTClientGetter.ToRawKubeConfigLoader(), g.namespace}
}

// namespacedConfig is a ClientConfig whose namespace is fixed.
type namespacedConfig struct {
	inner     clientcmd.ClientConfig
	namespace string
}

// RawConfig returns the inner raw config.
func (c namespacedConfig) RawConfig() (clientcmdapi.Config, error) { return c.inner.RawConfig() }

// ClientConfig returns the inner REST config.
func (c namespacedConfig) ClientConfig() (*rest.Config, error) { return c.inner.ClientConfig() }

// ConfigAccess returns the inner config access.
func (c namespacedConfig) ConfigAccess() clientcmd.ConfigAccess { return c.inner.ConfigAccess() }

// Namespace returns the fixed namespace.
func (c namespacedConfig) Namespace() (string, bool, error) { return c.namespace, true, nil }
