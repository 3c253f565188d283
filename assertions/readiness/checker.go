package readiness

import (
	"context"
	"fmt"

	"github.com/tutor-run/tutor/assertions"
	"github.com/tutor-run/tutor/engine/model"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/client-go/dynamic"
	"k8s.io/client-go/kubernetes"
)

// Checker checks claims against a live cluster: it fetches what a claim is
// about, once, and applies the pure check. Retrying until a claim holds is
// the runner's business (an `eventually` step).
type Checker struct {
	// Client fetches nodes, pods and services.
	Client kubernetes.Interface
	// Dynamic, when set, fetches rollout objects; otherwise Client does.
	Dynamic dynamic.Interface
	// Namespace is used for claims that name none; "" means "default".
	Namespace string
}

// rolloutResources maps a claim's rollout kind to its resource.
var rolloutResources = map[string]schema.GroupVersionResource{
	"deployment":  {Group: "apps", Version: "v1", Resource: "deployments"},
	"daemonset":   {Group: "apps", Version: "v1", Resource: "daemonsets"},
	"statefulset": {Group: "apps", Version: "v1", Resource: "statefulsets"},
}

// Check fetches what claim is about and checks it. A failed request is a
// failed Result whose message says what could not be fetched.
func (c Checker) Check(ctx context.Context, claim model.ClusterClaim) assertions.Result {
	ns := claim.Namespace
	if ns == "" {
		ns = c.Namespace
	}
	if ns == "" {
		ns = metav1.NamespaceDefault
	}
	switch claim.What {
	case model.ClaimNodesReady, model.ClaimNodesNotReady:
		list, err := c.Client.CoreV1().Nodes().List(ctx, metav1.ListOptions{})
		if err != nil {
			return fail("list nodes: %v", err)
		}
		if claim.What == model.ClaimNodesReady {
			return NodesReady(list.Items, claim.Count)
		}
		return NodesNotReady(list.Items, claim.Count)
	case model.ClaimRollout:
		obj, err := c.rolloutObject(ctx, claim.Kind, ns, claim.Name)
		if err != nil {
			return fetchFailed(claim.Kind, ns, claim.Name, err)
		}
		return RolloutComplete(obj)
	case model.ClaimPodReady:
		pod, err := c.Client.CoreV1().Pods(ns).Get(ctx, claim.Name, metav1.GetOptions{})
		if err != nil {
			return fetchFailed("pod", ns, claim.Name, err)
		}
		return PodReady(pod)
	case model.ClaimServiceIngress:
		svc, err := c.Client.CoreV1().Services(ns).Get(ctx, claim.Name, metav1.GetOptions{})
		if err != nil {
			return fetchFailed("service", ns, claim.Name, err)
		}
		return ServiceHasIngress(svc)
	}
	return fail("unknown claim %q", claim.What)
}

// rolloutObject fetches a Deployment, DaemonSet or StatefulSet as an
// unstructured object.
func (c Checker) rolloutObject(ctx context.Context, kind, ns, name string) (*unstructured.Unstructured, error) {
	gvr, ok := rolloutResources[kind]
	if !ok {
		return nil, fmt.Errorf("a %s has no rollout", kind)
	}
	if c.Dynamic != nil {
		return c.Dynamic.Resource(gvr).Namespace(ns).Get(ctx, name, metav1.GetOptions{})
	}
	var (
		typed runtime.Object
		err   error
	)
	apps := c.Client.AppsV1()
	switch kind {
	case "deployment":
		typed, err = apps.Deployments(ns).Get(ctx, name, metav1.GetOptions{})
	case "daemonset":
		typed, err = apps.DaemonSets(ns).Get(ctx, name, metav1.GetOptions{})
	default:
		typed, err = apps.StatefulSets(ns).Get(ctx, name, metav1.GetOptions{})
	}
	if err != nil {
		return nil, err
	}
	fields, err := runtime.DefaultUnstructuredConverter.ToUnstructured(typed)
	if err != nil {
		return nil, fmt.Errorf("convert %s: %w", kind, err)
	}
	obj := &unstructured.Unstructured{Object: fields}
	// Typed clients leave TypeMeta empty; the rules dispatch on it.
	obj.SetGroupVersionKind(gvr.GroupVersion().WithKind(kindNames[kind]))
	return obj, nil
}

// kindNames are the API kinds of the rollout kinds.
var kindNames = map[string]string{"deployment": "Deployment", "daemonset": "DaemonSet", "statefulset": "StatefulSet"}

// fetchFailed is the Result of a claim whose object could not be fetched.
func fetchFailed(kind, ns, name string, err error) assertions.Result {
	if apierrors.IsNotFound(err) {
		return fail("%s not found", describe(kind, ns, name))
	}
	return fail("get %s: %v", describe(kind, ns, name), err)
}
