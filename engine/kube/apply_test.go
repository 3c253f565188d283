package kube

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/util/validation/field"
	k8stesting "k8s.io/client-go/testing"
)

const orderedManifest = `apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
  creationTimestamp: null
data: {a: b}
---
apiVersion: v1
kind: Namespace
metadata:
  name: basics
status: {}
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: basics
spec:
  template:
    metadata:
      creationTimestamp: null
status: {}
`

// objectList names objs in order, comma-separated.
func objectList(objs []Object) string {
	var names []string
	for _, o := range objs {
		names = append(names, o.String())
	}
	return strings.Join(names, ",")
}

func TestApplyOrderNamespacesAndOptions(t *testing.T) {
	f := newFakeCluster(t)
	objs, err := f.Apply(context.Background(), orderedManifest)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := objectList(objs), "namespace basics,configmap tutorial/settings,deployment basics/web"; got != want {
		t.Errorf("applied %s, want %s", got, want)
	}
	if got, want := objs[1].Line, 1; got != want {
		t.Errorf("configmap line = %d, want %d", got, want)
	}
	if got, want := objs[2].Doc, 2; got != want {
		t.Errorf("deployment doc = %d, want %d", got, want)
	}
	if got, want := objs[2].Resource, deploymentsGVR; got != want {
		t.Errorf("deployment resource = %v, want %v", got, want)
	}
	for _, p := range f.patches() {
		opts := p.(k8stesting.PatchActionImpl).PatchOptions
		if opts.FieldManager != FieldManager || opts.Force == nil || !*opts.Force || opts.FieldValidation != "Strict" {
			t.Errorf("%s: patch options %+v", p.GetName(), opts)
		}
		body := string(p.GetPatch())
		if strings.Contains(body, "status") || strings.Contains(body, "creationTimestamp") {
			t.Errorf("%s: patch keeps status or creationTimestamp: %s", p.GetName(), body)
		}
		if p.GetName() == "basics" && p.GetNamespace() != "" {
			t.Errorf("namespace applied in namespace %q", p.GetNamespace())
		}
	}
	var cm map[string]any
	if err := json.Unmarshal(f.patches()[1].GetPatch(), &cm); err != nil {
		t.Fatal(err)
	}
	if got := cm["metadata"].(map[string]any)["namespace"]; got != "tutorial" {
		t.Errorf("configmap namespace in body = %v, want the client's", got)
	}
}

func TestApplyBadDocumentAppliesNothing(t *testing.T) {
	f := newFakeCluster(t)
	_, err := f.Apply(context.Background(), orderedManifest+"---\nkind: ConfigMap\n")
	var ae *ApplyError
	if !errors.As(err, &ae) || ae.Line != 25 {
		t.Fatalf("err = %v, want an *ApplyError at line 25", err)
	}
	if n := len(f.patches()); n != 0 {
		t.Errorf("%d patches sent", n)
	}
}

func TestApplyRejectedIsReadable(t *testing.T) {
	f := newFakeCluster(t)
	f.dyn.PrependReactor("patch", "deployments", func(k8stesting.Action) (bool, runtime.Object, error) {
		return true, nil, apierrors.NewInvalid(schema.GroupKind{Group: "apps", Kind: "Deployment"}, "web", field.ErrorList{
			field.Required(field.NewPath("spec", "selector"), ""),
			field.Invalid(field.NewPath("spec", "template", "metadata", "labels"), map[string]string{}, "`selector` does not match template `labels`"),
		})
	})
	objs, err := f.Apply(context.Background(), orderedManifest)
	var ae *ApplyError
	if !errors.As(err, &ae) {
		t.Fatalf("err = %v, want an *ApplyError", err)
	}
	if len(objs) != 2 {
		t.Errorf("applied %d objects before the error, want 2", len(objs))
	}
	// spec.template.metadata.labels is missing: the deepest field found,
	// spec.template.metadata, is on line 21; spec.selector on none but
	// spec's line, 19. The first cause wins.
	if got, want := ae.Line, 19; got != want {
		t.Errorf("line = %d, want %d", got, want)
	}
	want := "line 19: deployment basics/web: Deployment.apps \"web\" is invalid\n  spec.selector: Required value\n  spec.template.metadata.labels: Invalid value"
	if !strings.HasPrefix(err.Error(), want) {
		t.Errorf("error:\n%s\nwant prefix:\n%s", err, want)
	}
	if !apierrors.IsInvalid(err) {
		t.Error("the API status is lost")
	}
}

const crdManifest = `apiVersion: example.com/v1
kind: Widget
metadata:
  name: w
---
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.example.com
spec:
  group: example.com
  scope: Namespaced
  names: {kind: Widget, plural: widgets}
  versions:
  - name: v1
    served: true
    storage: true
`

func TestApplyWaitsForCRD(t *testing.T) {
	f := newFakeCluster(t)
	f.whenWatching(t, "customresourcedefinitions", func() {
		crd, err := f.dyn.Resource(crdsGVR).Get(context.Background(), "widgets.example.com", metav1.GetOptions{})
		if err != nil {
			t.Error(err)
			return
		}
		crd.Object["status"] = map[string]any{"conditions": []any{map[string]any{"type": "Established", "status": "True"}}}
		if _, err := f.dyn.Resource(crdsGVR).UpdateStatus(context.Background(), crd, metav1.UpdateOptions{}); err != nil {
			t.Error(err)
		}
	})
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	objs, err := f.Apply(ctx, crdManifest)
	if err != nil {
		t.Fatal(err)
	}
	if len(objs) != 2 || objs[1].Resource != widgetsGVR || objs[1].Namespace != "tutorial" {
		t.Errorf("applied %+v", objs)
	}
}

func TestApplyCRDNotEstablished(t *testing.T) {
	f := newFakeCluster(t)
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	_, err := f.Apply(ctx, crdManifest)
	var ae *ApplyError
	if !errors.As(err, &ae) || ae.Line != 6 || !strings.Contains(err.Error(), "not established") {
		t.Fatalf("err = %v, want an *ApplyError at line 6 saying not established", err)
	}
}

func TestApplyResetsMapperOnNoMatch(t *testing.T) {
	f := newFakeCluster(t)
	f.mapper.onReset = func(m *meta.DefaultRESTMapper) {
		m.Add(schema.GroupVersionKind{Group: "example.com", Version: "v1", Kind: "Widget"}, meta.RESTScopeNamespace)
	}
	objs, err := f.Apply(context.Background(), "apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\n")
	if err != nil {
		t.Fatal(err)
	}
	if f.mapper.resets != 1 || objs[0].Resource != widgetsGVR {
		t.Errorf("resets = %d, objects %+v", f.mapper.resets, objs)
	}
	_, err = f.Apply(context.Background(), "apiVersion: example.com/v1\nkind: Gadget\nmetadata: {name: g}\n")
	if !meta.IsNoMatchError(err) || !strings.Contains(err.Error(), "line 1: ") {
		t.Errorf("unknown kind: err = %v", err)
	}
}

func TestDelete(t *testing.T) {
	f := newFakeCluster(t)
	if _, err := f.Apply(context.Background(), orderedManifest); err != nil {
		t.Fatal(err)
	}
	manifest := orderedManifest + "---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: never-applied}\n" +
		"---\napiVersion: example.com/v1\nkind: Gadget\nmetadata: {name: unknown-kind}\n"
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	objs, err := f.Delete(ctx, manifest)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := objectList(objs), "deployment basics/web,namespace basics,configmap tutorial/settings"; got != want {
		t.Errorf("deleted %s, want %s", got, want)
	}
	if _, err := f.dyn.Resource(deploymentsGVR).Namespace("basics").Get(ctx, "web", metav1.GetOptions{}); !apierrors.IsNotFound(err) {
		t.Errorf("deployment still there: %v", err)
	}
}

func TestDeleteWaitsForFinalizers(t *testing.T) {
	f := newFakeCluster(t)
	if _, err := f.Apply(context.Background(), orderedManifest); err != nil {
		t.Fatal(err)
	}
	// The fake deletes at once; keep the object, as a finalizer would.
	f.dyn.PrependReactor("delete", "deployments", func(k8stesting.Action) (bool, runtime.Object, error) {
		return true, nil, nil
	})
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	_, err := f.Delete(ctx, orderedManifest)
	if err == nil || !strings.Contains(err.Error(), "deployment basics/web: still there") || !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("err = %v", err)
	}
}
