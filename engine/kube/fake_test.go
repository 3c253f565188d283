package kube

import (
	"encoding/json"
	"sync"
	"testing"
	"time"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/meta"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/types"
	dynamicfake "k8s.io/client-go/dynamic/fake"
	k8stesting "k8s.io/client-go/testing"
	"sigs.k8s.io/yaml"
)

// Resources the fake cluster knows.
var (
	namespacesGVR  = schema.GroupVersionResource{Version: "v1", Resource: "namespaces"}
	configMapsGVR  = schema.GroupVersionResource{Version: "v1", Resource: "configmaps"}
	servicesGVR    = schema.GroupVersionResource{Version: "v1", Resource: "services"}
	podsGVR        = schema.GroupVersionResource{Version: "v1", Resource: "pods"}
	deploymentsGVR = schema.GroupVersionResource{Group: "apps", Version: "v1", Resource: "deployments"}
	crdsGVR        = schema.GroupVersionResource{Group: "apiextensions.k8s.io", Version: "v1", Resource: "customresourcedefinitions"}
	widgetsGVR     = schema.GroupVersionResource{Group: "example.com", Version: "v1", Resource: "widgets"}
)

// fakeMapper is a RESTMapper whose Reset a test can count and hook.
type fakeMapper struct {
	*meta.DefaultRESTMapper
	mu      sync.Mutex
	resets  int
	onReset func(*meta.DefaultRESTMapper)
}

func (m *fakeMapper) Reset() {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.resets++
	if m.onReset != nil {
		m.onReset(m.DefaultRESTMapper)
	}
}

func newFakeMapper() *fakeMapper {
	m := meta.NewDefaultRESTMapper(nil)
	m.Add(schema.GroupVersionKind{Version: "v1", Kind: "Namespace"}, meta.RESTScopeRoot)
	m.Add(schema.GroupVersionKind{Version: "v1", Kind: "ConfigMap"}, meta.RESTScopeNamespace)
	m.Add(schema.GroupVersionKind{Version: "v1", Kind: "Service"}, meta.RESTScopeNamespace)
	m.Add(schema.GroupVersionKind{Version: "v1", Kind: "Pod"}, meta.RESTScopeNamespace)
	m.Add(schema.GroupVersionKind{Group: "apps", Version: "v1", Kind: "Deployment"}, meta.RESTScopeNamespace)
	m.Add(schema.GroupVersionKind{Group: "apiextensions.k8s.io", Version: "v1", Kind: "CustomResourceDefinition"}, meta.RESTScopeRoot)
	return &fakeMapper{DefaultRESTMapper: m}
}

// fakeCluster is a Client over a fake dynamic client that understands
// server-side apply well enough: create or replace.
type fakeCluster struct {
	*Client
	dyn    *dynamicfake.FakeDynamicClient
	mapper *fakeMapper
}

func newFakeCluster(t *testing.T, objs ...runtime.Object) *fakeCluster {
	t.Helper()
	listKinds := map[schema.GroupVersionResource]string{
		namespacesGVR: "NamespaceList", configMapsGVR: "ConfigMapList", servicesGVR: "ServiceList",
		podsGVR: "PodList", deploymentsGVR: "DeploymentList", crdsGVR: "CustomResourceDefinitionList",
		widgetsGVR: "WidgetList",
	}
	dyn := dynamicfake.NewSimpleDynamicClientWithCustomListKinds(runtime.NewScheme(), listKinds, objs...)
	tracker := dyn.Tracker()
	dyn.PrependReactor("patch", "*", func(action k8stesting.Action) (bool, runtime.Object, error) {
		p := action.(k8stesting.PatchAction)
		if p.GetPatchType() != types.ApplyPatchType {
			return false, nil, nil
		}
		obj := &unstructured.Unstructured{}
		if err := json.Unmarshal(p.GetPatch(), &obj.Object); err != nil {
			return true, nil, err
		}
		gvr, ns := p.GetResource(), p.GetNamespace()
		_, err := tracker.Get(gvr, ns, p.GetName())
		switch {
		case apierrors.IsNotFound(err):
			err = tracker.Create(gvr, obj, ns)
		case err == nil:
			err = tracker.Update(gvr, obj, ns)
		}
		if err != nil {
			return true, nil, err
		}
		out, err := tracker.Get(gvr, ns, p.GetName())
		return true, out, err
	})
	mapper := newFakeMapper()
	return &fakeCluster{Client: newClient(dyn, nil, mapper, "tutorial"), dyn: dyn, mapper: mapper}
}

// patches returns the apply patches sent, in order.
func (f *fakeCluster) patches() []k8stesting.PatchAction {
	var out []k8stesting.PatchAction
	for _, a := range f.dyn.Actions() {
		if p, ok := a.(k8stesting.PatchAction); ok {
			out = append(out, p)
		}
	}
	return out
}

// whenWatching runs fn once a watch on resource has started, so that what
// fn changes is seen as an event (the fake's watches start from now).
func (f *fakeCluster) whenWatching(t *testing.T, resource string, fn func()) {
	t.Helper()
	go func() {
		deadline := time.Now().Add(5 * time.Second)
		for time.Now().Before(deadline) {
			for _, a := range f.dyn.Actions() {
				if a.GetVerb() == "watch" && a.GetResource().Resource == resource {
					time.Sleep(10 * time.Millisecond)
					fn()
					return
				}
			}
			time.Sleep(5 * time.Millisecond)
		}
	}()
}

// object builds an unstructured object, status included, from YAML.
func object(t *testing.T, text string) *unstructured.Unstructured {
	t.Helper()
	obj := &unstructured.Unstructured{}
	if err := yaml.Unmarshal([]byte(text), &obj.Object); err != nil {
		t.Fatalf("object: %v", err)
	}
	return obj
}
