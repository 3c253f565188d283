// Package readiness holds the claims a tutorial can make about a Kubernetes
// cluster: nodes Ready or NotReady, a rollout complete, a pod Ready, a
// LoadBalancer service with an ingress address. Each claim is a pure
// function over the objects it is about; Checker fetches them and checks.
//
// The rollout rules are kubectl's (`kubectl rollout status`), and the
// runner's wait for applied objects (engine/kube.WaitReady) uses the same
// functions, so "ready" means one thing everywhere.
package readiness

import (
	"fmt"
	"strings"

	"github.com/tutor-run/tutor/assertions"
	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
)

// Ready checks whatever readiness means for obj's kind: a complete rollout
// for Deployments, DaemonSets and StatefulSets, the Ready condition for
// Pods, an ingress address for LoadBalancer Services. Other kinds are ready
// as soon as they exist.
func Ready(obj *unstructured.Unstructured) assertions.Result {
	if ready, ok := readiness[obj.GroupVersionKind().GroupKind()]; ok {
		return ready(obj)
	}
	return pass("%s: exists", describe(obj.GetKind(), obj.GetNamespace(), obj.GetName()))
}

// HasReadiness reports whether Ready judges objects of kind gk by more
// than their existence, so that a wait for readiness needs to watch them.
func HasReadiness(gk schema.GroupKind) bool {
	_, ok := readiness[gk]
	return ok
}

// readiness holds Ready's rule for each kind that has one.
var readiness = map[schema.GroupKind]func(*unstructured.Unstructured) assertions.Result{
	{Group: "apps", Kind: "Deployment"}:  RolloutComplete,
	{Group: "apps", Kind: "DaemonSet"}:   RolloutComplete,
	{Group: "apps", Kind: "StatefulSet"}: RolloutComplete,
	{Kind: "Pod"}:                        podReadyObject,
	{Kind: "Service"}:                    serviceReadyObject,
}

// podReadyObject is PodReady for an unstructured Pod.
func podReadyObject(obj *unstructured.Unstructured) assertions.Result {
	var pod corev1.Pod
	if err := runtime.DefaultUnstructuredConverter.FromUnstructured(obj.Object, &pod); err != nil {
		return fail("%s: %v", describe(obj.GetKind(), obj.GetNamespace(), obj.GetName()), err)
	}
	return PodReady(&pod)
}

// serviceReadyObject is ServiceHasIngress for an unstructured Service; a
// Service of another type is ready as soon as it exists.
func serviceReadyObject(obj *unstructured.Unstructured) assertions.Result {
	var svc corev1.Service
	if err := runtime.DefaultUnstructuredConverter.FromUnstructured(obj.Object, &svc); err != nil {
		return fail("%s: %v", describe(obj.GetKind(), obj.GetNamespace(), obj.GetName()), err)
	}
	if svc.Spec.Type != corev1.ServiceTypeLoadBalancer {
		return pass("%s: exists", describe("service", svc.Namespace, svc.Name))
	}
	return ServiceHasIngress(&svc)
}

// RolloutComplete checks that a Deployment, DaemonSet or StatefulSet has
// finished rolling out, as `kubectl rollout status` would.
func RolloutComplete(obj *unstructured.Unstructured) assertions.Result {
	var (
		typed any
		kind  = obj.GetKind()
	)
	switch kind {
	case "Deployment":
		typed = &appsv1.Deployment{}
	case "DaemonSet":
		typed = &appsv1.DaemonSet{}
	case "StatefulSet":
		typed = &appsv1.StatefulSet{}
	default:
		return fail("%s: a %s has no rollout (want a Deployment, DaemonSet or StatefulSet)",
			describe(kind, obj.GetNamespace(), obj.GetName()), kind)
	}
	if err := runtime.DefaultUnstructuredConverter.FromUnstructured(obj.Object, typed); err != nil {
		return fail("%s: %v", describe(kind, obj.GetNamespace(), obj.GetName()), err)
	}
	switch o := typed.(type) {
	case *appsv1.Deployment:
		return deploymentComplete(o)
	case *appsv1.DaemonSet:
		return daemonSetComplete(o)
	default:
		return statefulSetComplete(o.(*appsv1.StatefulSet))
	}
}

func deploymentComplete(d *appsv1.Deployment) assertions.Result {
	name := describe("deployment", d.Namespace, d.Name)
	want := replicas(d.Spec.Replicas)
	st := d.Status
	why := deploymentConditions(d.Status.Conditions)
	switch {
	case st.ObservedGeneration < d.Generation:
		return fail("%s: the controller has not yet seen generation %d%s", name, d.Generation, why)
	case st.UpdatedReplicas < want:
		return fail("%s: %d of %d replicas updated%s", name, st.UpdatedReplicas, want, why)
	case st.Replicas > st.UpdatedReplicas:
		return fail("%s: %d old replicas pending termination%s", name, st.Replicas-st.UpdatedReplicas, why)
	case st.AvailableReplicas < want:
		return fail("%s: %d of %d replicas available%s", name, st.AvailableReplicas, want, why)
	}
	return pass("%s: %d of %d replicas available", name, st.AvailableReplicas, want)
}

// deploymentConditions explains a stuck Deployment by its failing
// conditions, "" when none fails.
func deploymentConditions(conds []appsv1.DeploymentCondition) string {
	var parts []string
	for _, c := range conds {
		bad := (c.Type == appsv1.DeploymentReplicaFailure && c.Status == corev1.ConditionTrue) ||
			(c.Type == appsv1.DeploymentProgressing && c.Status == corev1.ConditionFalse)
		if bad {
			parts = append(parts, condition(string(c.Type), string(c.Status), c.Reason, c.Message))
		}
	}
	return joinReasons(parts)
}

func daemonSetComplete(ds *appsv1.DaemonSet) assertions.Result {
	name := describe("daemonset", ds.Namespace, ds.Name)
	st := ds.Status
	desired := st.DesiredNumberScheduled
	switch {
	case ds.Spec.UpdateStrategy.Type == appsv1.OnDeleteDaemonSetStrategyType:
		// kubectl does not wait for OnDelete rollouts: pods change only
		// when someone deletes them.
		return pass("%s: update strategy OnDelete, nothing to wait for", name)
	case st.ObservedGeneration < ds.Generation:
		return fail("%s: the controller has not yet seen generation %d", name, ds.Generation)
	case st.UpdatedNumberScheduled < desired:
		return fail("%s: %d of %d pods updated", name, st.UpdatedNumberScheduled, desired)
	case st.NumberAvailable < desired:
		return fail("%s: %d of %d pods available", name, st.NumberAvailable, desired)
	}
	return pass("%s: %d of %d pods available", name, st.NumberAvailable, desired)
}

func statefulSetComplete(sts *appsv1.StatefulSet) assertions.Result {
	name := describe("statefulset", sts.Namespace, sts.Name)
	want := replicas(sts.Spec.Replicas)
	st := sts.Status
	if sts.Spec.UpdateStrategy.Type == appsv1.OnDeleteStatefulSetStrategyType {
		return pass("%s: update strategy OnDelete, nothing to wait for", name)
	}
	switch {
	case st.ObservedGeneration < sts.Generation:
		return fail("%s: the controller has not yet seen generation %d", name, sts.Generation)
	case st.ReadyReplicas < want:
		return fail("%s: %d of %d replicas ready", name, st.ReadyReplicas, want)
	}
	if ru := sts.Spec.UpdateStrategy.RollingUpdate; ru != nil && ru.Partition != nil && *ru.Partition > 0 {
		// A partitioned rollout is complete once the pods above the
		// partition are updated; the others keep the old revision.
		if st.UpdatedReplicas < want-*ru.Partition {
			return fail("%s: %d of %d replicas above partition %d updated", name, st.UpdatedReplicas, want-*ru.Partition, *ru.Partition)
		}
		return pass("%s: %d of %d replicas ready (partition %d)", name, st.ReadyReplicas, want, *ru.Partition)
	}
	if st.UpdateRevision != st.CurrentRevision {
		return fail("%s: %d of %d replicas updated to revision %s", name, st.UpdatedReplicas, want, st.UpdateRevision)
	}
	return pass("%s: %d of %d replicas ready", name, st.ReadyReplicas, want)
}

// replicas is spec.replicas with the API's default of 1.
func replicas(n *int32) int32 {
	if n == nil {
		return 1
	}
	return *n
}

// pass and fail build Results.
func pass(format string, args ...any) assertions.Result {
	return assertions.Result{OK: true, Message: fmt.Sprintf(format, args...)}
}

func fail(format string, args ...any) assertions.Result {
	return assertions.Result{Message: fmt.Sprintf(format, args...)}
}

// describe names an object as kubectl does: "deployment basics/web".
func describe(kind, namespace, name string) string {
	kind = strings.ToLower(kind)
	if namespace == "" {
		return kind + " " + name
	}
	return kind + " " + namespace + "/" + name
}

// condition formats a condition for a message: "Ready=False
// (KubeletNotReady: container runtime network not ready)".
func condition(typ, status, reason, message string) string {
	s := typ + "=" + status
	switch {
	case reason != "" && message != "":
		return s + " (" + reason + ": " + message + ")"
	case reason != "" || message != "":
		return s + " (" + reason + message + ")"
	}
	return s
}

// joinReasons appends reasons to a message: "; a; b", or "" for none.
func joinReasons(parts []string) string {
	if len(parts) == 0 {
		return ""
	}
	return "; " + strings.Join(parts, "; ")
}
