package kube_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/tutor-run/tutor/engine/kube"
	"github.com/tutor-run/tutor/engine/kube/kubetest"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// newClient is a kube.Client for the shared cluster, with namespace ns
// for objects that name none.
func newClient(t testing.TB, ns string) *kube.Client {
	t.Helper()
	c, err := kube.NewClientFromConfig(kubetest.Config(t), ns)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// The three manifests of the seed post, as `kubectl create --dry-run -o
// yaml` wrote them.
const (
	seedNamespace = `
apiVersion: v1
kind: Namespace
metadata:
  creationTimestamp: null
  name: basics
spec: {}
status: {}

`
	seedDeployment = `
apiVersion: apps/v1
kind: Deployment
metadata:
  creationTimestamp: null
  labels:
    app: basicdeploy
    org: cilium101
  name: basicdeploy
  namespace: basics
spec:
  replicas: 1
  selector:
    matchLabels:
      app: basicdeploy
  strategy: {}
  template:
    metadata:
      creationTimestamp: null
      labels:
        app: basicdeploy
        org: cilium101
    spec:
      containers:
      - image: nginx
        name: nginx
        resources: {}
status: {}

`
	seedService = `
apiVersion: v1
kind: Service
metadata:
  creationTimestamp: null
  labels:
    app: basicdeploy
  name: basicdeploy
  namespace: basics
spec:
  type: LoadBalancer
  ports:
  - port: 80
    protocol: TCP
    targetPort: 80
  selector:
    app: basicdeploy
status:
  loadBalancer: {}
`
)

func TestSeedManifests(t *testing.T) {
	c := newClient(t, "")
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	var all []kube.Object
	start := time.Now()
	for _, m := range []string{seedNamespace, seedDeployment, seedService} {
		objs, err := c.Apply(ctx, m)
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, objs...)
	}
	applied := time.Since(start)
	if err := c.WaitReady(ctx, all); err != nil {
		t.Fatal(err)
	}
	t.Logf("applied in %v, ready %v later", applied, time.Since(start)-applied)
	if got, want := all[1].String(), "deployment basics/basicdeploy"; got != want {
		t.Errorf("object = %q, want %q", got, want)
	}
	if got, want := all[1].Line, 2; got != want {
		t.Errorf("line = %d, want %d", got, want)
	}
	// Applying again changes nothing and is ready at once.
	objs, err := c.Apply(ctx, seedDeployment)
	if err != nil {
		t.Fatal(err)
	}
	if err := c.WaitReady(ctx, objs); err != nil {
		t.Fatal(err)
	}
	deleted, err := c.Delete(ctx, seedNamespace+"---\n"+seedDeployment+"---\n"+seedService)
	if err != nil {
		t.Fatal(err)
	}
	if len(deleted) != 3 {
		t.Errorf("deleted %v", deleted)
	}
	if _, err := c.Kubernetes().CoreV1().Namespaces().Get(ctx, "basics", metav1.GetOptions{}); !apierrors.IsNotFound(err) {
		t.Errorf("namespace basics still there after Delete: %v", err)
	}
	// Deleting what is gone is not an error.
	if _, err := c.Delete(ctx, seedDeployment); err != nil {
		t.Errorf("delete again: %v", err)
	}
}

func TestApplyRejected(t *testing.T) {
	ns := kubetest.Namespace(t, kubetest.Clientset(t))
	c := newClient(t, ns)
	tests := []struct {
		name     string
		manifest string
		line     int
		message  []string
	}{
		{"selector does not match", `apiVersion: v1
kind: ConfigMap
metadata: {name: fine}
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: broken
spec:
  selector:
    matchLabels: {app: a}
  template:
    metadata:
      labels: {app: b}
    spec:
      containers: [{name: c, image: nginx}]
`, 14, []string{`line 14: deployment ` + ns + `/broken: Deployment.apps "broken" is invalid`,
			"\n  spec.template.metadata.labels: Invalid value: "}},
		{"unknown field", `apiVersion: apps/v1
kind: Deployment
metadata:
  name: typo
spec:
  selector:
    matchLabels: {app: a}
  template:
    metadata:
      labels: {app: a}
    spec:
      containers:
      - name: c
        image: nginx
        imagePullPolicyy: Always
`, 15, []string{"line 15: deployment " + ns + `/typo: .spec.template.spec.containers[name="c"].imagePullPolicyy: field not declared in schema`}},
		{"unknown kind", "apiVersion: example.com/v1\nkind: Gadget\nmetadata: {name: g}\n", 1,
			[]string{`line 1: gadget g: find the resource of example.com/v1, Kind=Gadget: no matches for kind "Gadget"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := c.Apply(context.Background(), tt.manifest)
			var ae *kube.ApplyError
			if !errors.As(err, &ae) {
				t.Fatalf("err = %v, want an *ApplyError", err)
			}
			t.Logf("error:\n%v", err)
			if ae.Line != tt.line {
				t.Errorf("line = %d, want %d", ae.Line, tt.line)
			}
			for _, m := range tt.message {
				if !strings.Contains(err.Error(), m) {
					t.Errorf("error does not contain %q", m)
				}
			}
		})
	}
}

const widgetCRD = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.tutor.example.com
spec:
  group: tutor.example.com
  scope: Namespaced
  names: {kind: Widget, plural: widgets, singular: widget, listKind: WidgetList}
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec:
            type: object
            properties:
              size: {type: integer}
`

func TestApplyCRDThenInstances(t *testing.T) {
	ns := kubetest.Namespace(t, kubetest.Clientset(t))
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	// A client whose discovery cache predates the CRD.
	stale := newClient(t, ns)
	if _, err := stale.Apply(ctx, "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: warm}\n"); err != nil {
		t.Fatal(err)
	}
	// The instance comes first in the manifest: Apply puts the CRD first
	// and waits until it is served.
	c := newClient(t, ns)
	objs, err := c.Apply(ctx, "apiVersion: tutor.example.com/v1\nkind: Widget\nmetadata: {name: w1}\nspec: {size: 1}\n---\n"+widgetCRD)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := objs[1].String(), "widget "+ns+"/w1"; got != want {
		t.Errorf("applied %q, want %q", got, want)
	}
	t.Cleanup(func() {
		if _, err := c.Delete(context.Background(), widgetCRD); err != nil {
			t.Errorf("delete CRD: %v", err)
		}
	})
	// The stale client resets its discovery cache on no match.
	if _, err := stale.Apply(ctx, "apiVersion: tutor.example.com/v1\nkind: Widget\nmetadata: {name: w2}\nspec: {size: 2}\n"); err != nil {
		t.Fatal(err)
	}
	// The CRD's schema is enforced with strict validation.
	_, err = stale.Apply(ctx, "apiVersion: tutor.example.com/v1\nkind: Widget\nmetadata: {name: w3}\nspec: {size: big}\n")
	if err == nil {
		t.Error("a widget of size big was accepted")
	} else {
		t.Logf("error:\n%v", err)
	}
}
