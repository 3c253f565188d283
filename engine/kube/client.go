// Package kube talks to the Kubernetes API server for the runner: it applies
// and deletes the YAML manifests of a tutorial the way
// `kubectl apply --server-side --force-conflicts` and `kubectl delete` do,
// and waits, by watching, until what it applied is ready.
//
// Errors keep the API server's message readable and carry the manifest line
// of the object they are about (*ApplyError), so the caller can point at the
// markdown line; objects still not ready at the deadline are listed with the
// reason (*NotReadyError).
package kube

import (
	"fmt"
	"sync"

	"k8s.io/apimachinery/pkg/api/meta"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/client-go/discovery"
	"k8s.io/client-go/discovery/cached/memory"
	"k8s.io/client-go/dynamic"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/restmapper"
	"k8s.io/client-go/tools/clientcmd"
)

// FieldManager is the field manager of every server-side apply.
const FieldManager = "tutor"

// Client applies manifests to one cluster and watches what it applied.
// It is safe for concurrent use.
type Client struct {
	dynamic   dynamic.Interface
	typed     kubernetes.Interface
	mapper    meta.ResettableRESTMapper
	namespace string
	context   string
	// config is what the client connects with; nil for fakes.
	config *rest.Config

	// crdMu guards crdMappings: kinds defined by CRDs this client applied,
	// known before discovery catches up with them.
	crdMu       sync.Mutex
	crdMappings map[schema.GroupVersionKind]*meta.RESTMapping
}

// NewClient connects with a kubeconfig as kubectl would: the standard
// loading rules (KUBECONFIG, then ~/.kube/config) when kubeconfig is "",
// the current context when context is "". The context's namespace, or
// "default", is where objects without one go.
func NewClient(kubeconfig, context string) (*Client, error) {
	rules := clientcmd.NewDefaultClientConfigLoadingRules()
	if kubeconfig != "" {
		rules.ExplicitPath = kubeconfig
	}
	cc := clientcmd.NewNonInteractiveDeferredLoadingClientConfig(rules, &clientcmd.ConfigOverrides{CurrentContext: context})
	raw, err := cc.RawConfig()
	if err != nil {
		return nil, fmt.Errorf("load kubeconfig: %w", err)
	}
	if context == "" {
		context = raw.CurrentContext
	}
	cfg, err := cc.ClientConfig()
	if err != nil {
		return nil, fmt.Errorf("kubeconfig context %q: %w", context, err)
	}
	namespace, _, err := cc.Namespace()
	if err != nil {
		return nil, fmt.Errorf("kubeconfig context %q: namespace: %w", context, err)
	}
	c, err := NewClientFromConfig(cfg, namespace)
	if err != nil {
		return nil, err
	}
	c.context = context
	return c, nil
}

// NewClientFromConfig connects with cfg; namespace ("" means "default") is
// where objects without one go. Unless cfg sets them, client-side rate
// limits are raised to kubectl's so applying dozens of objects is not
// throttled, and API warnings are dropped instead of logged.
func NewClientFromConfig(cfg *rest.Config, namespace string) (*Client, error) {
	cfg = rest.CopyConfig(cfg)
	if cfg.QPS == 0 && cfg.RateLimiter == nil {
		cfg.QPS, cfg.Burst = 50, 300
	}
	if cfg.WarningHandler == nil && cfg.WarningHandlerWithContext == nil {
		cfg.WarningHandler = rest.NoWarnings{}
	}
	// One HTTP client for the three clients, so watches and requests share
	// connections.
	httpClient, err := rest.HTTPClientFor(cfg)
	if err != nil {
		return nil, fmt.Errorf("kube client: %w", err)
	}
	dyn, err := dynamic.NewForConfigAndClient(cfg, httpClient)
	if err != nil {
		return nil, fmt.Errorf("kube dynamic client: %w", err)
	}
	typed, err := kubernetes.NewForConfigAndClient(cfg, httpClient)
	if err != nil {
		return nil, fmt.Errorf("kube typed client: %w", err)
	}
	disco, err := discovery.NewDiscoveryClientForConfigAndClient(cfg, httpClient)
	if err != nil {
		return nil, fmt.Errorf("kube discovery client: %w", err)
	}
	mapper := restmapper.NewDeferredDiscoveryRESTMapper(memory.NewMemCacheClient(disco))
	c := newClient(dyn, typed, mapper, namespace)
	c.config = cfg
	return c, nil
}

// newClient assembles a Client; tests pass fakes.
func newClient(dyn dynamic.Interface, typed kubernetes.Interface, mapper meta.ResettableRESTMapper, namespace string) *Client {
	if namespace == "" {
		namespace = "default"
	}
	return &Client{dynamic: dyn, typed: typed, mapper: mapper, namespace: namespace,
		crdMappings: map[schema.GroupVersionKind]*meta.RESTMapping{}}
}

// RESTConfig is what the client connects with, for port-forwards and
// other clients of the same cluster; nil for fakes.
func (c *Client) RESTConfig() *rest.Config { return c.config }

// CurrentContext is the kubeconfig context the client uses ("" when it was
// made from a rest.Config).
func (c *Client) CurrentContext() string { return c.context }

// Namespace is where objects without a namespace go.
func (c *Client) Namespace() string { return c.namespace }

// Dynamic is the client's dynamic client, for claims about any kind.
func (c *Client) Dynamic() dynamic.Interface { return c.dynamic }

// Kubernetes is the client's typed clientset.
func (c *Client) Kubernetes() kubernetes.Interface { return c.typed }

// mapping finds the resource of a kind. Kinds defined by CRDs that this
// client applied come from the CRD itself; others from discovery, which is
// reset and asked again once when it does not know the kind, so kinds
// added since the cache was filled are found.
func (c *Client) mapping(gvk schema.GroupVersionKind) (*meta.RESTMapping, error) {
	c.crdMu.Lock()
	m, ok := c.crdMappings[gvk]
	c.crdMu.Unlock()
	if ok {
		return m, nil
	}
	m, err := c.mapper.RESTMapping(gvk.GroupKind(), gvk.Version)
	if meta.IsNoMatchError(err) {
		c.mapper.Reset()
		m, err = c.mapper.RESTMapping(gvk.GroupKind(), gvk.Version)
	}
	if err != nil {
		return nil, fmt.Errorf("find the resource of %s: %w", gvk, err)
	}
	return m, nil
}

// rememberCRD records the kinds an applied CRD defines, for mapping.
func (c *Client) rememberCRD(mappings []*meta.RESTMapping) {
	c.crdMu.Lock()
	defer c.crdMu.Unlock()
	for _, m := range mappings {
		c.crdMappings[m.GroupVersionKind] = m
	}
}

// forgetCRD drops the kinds of a deleted CRD, named plural.group.
func (c *Client) forgetCRD(name string) {
	c.crdMu.Lock()
	defer c.crdMu.Unlock()
	for gvk, m := range c.crdMappings {
		if m.Resource.GroupResource().String() == name {
			delete(c.crdMappings, gvk)
		}
	}
}
