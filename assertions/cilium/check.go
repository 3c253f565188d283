package cilium

import (
	"context"
	"fmt"
	"maps"
	"slices"

	"github.com/tutor-run/tutor/assertions/ciliumstatus"
	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
)

// The workloads of a Cilium install, as cilium-cli names them.
const (
	AgentDaemonSet        = "cilium"
	EnvoyDaemonSet        = "cilium-envoy"
	OperatorDeployment    = "cilium-operator"
	RelayDeployment       = "hubble-relay"
	UIDeployment          = "hubble-ui"
	ClusterMeshDeployment = "clustermesh-apiserver"
)

// component ties a status line to its workload.
type component struct {
	name, kind, workload, disabledReason string
}

// components are the state lines, in cilium-cli's order.
var components = []component{
	{"Cilium", "DaemonSet", AgentDaemonSet, ""},
	{"Operator", "Deployment", OperatorDeployment, ""},
	{"Envoy DaemonSet", "DaemonSet", EnvoyDaemonSet, "using embedded mode"},
	{"Hubble Relay", "Deployment", RelayDeployment, ""},
	{"ClusterMesh", "Deployment", ClusterMeshDeployment, ""},
}

// Check reads the facts of `cilium status` from the cluster; namespace ""
// means kube-system. Only a failed request other than "not found" is an
// error.
func Check(ctx context.Context, cs kubernetes.Interface, namespace string) (ciliumstatus.Status, error) {
	if namespace == "" {
		namespace = metav1.NamespaceSystem
	}
	b := &builder{ctx: ctx, cs: cs, ns: namespace}
	for _, c := range components {
		found, st, err := b.workload(c.kind, c.workload)
		switch {
		case err != nil:
			return b.s, err
		case !found && c.workload == AgentDaemonSet:
			st = ciliumstatus.State{Errors: 1}
			b.problem(c.workload, "-", "DaemonSet %s/%s not found", namespace, c.workload)
		case !found:
			st = ciliumstatus.State{Disabled: true, Reason: c.disabledReason}
		}
		b.s.Components = append(b.s.Components, ciliumstatus.Component{Name: c.name, State: st})
	}
	if _, _, err := b.workload("Deployment", UIDeployment); err != nil {
		return b.s, err
	}
	var err error
	if b.s.Pods, err = clusterPods(ctx, cs); err != nil {
		return b.s, err
	}
	b.s.HelmChart, err = chartVersion(ctx, cs, namespace, b.agent)
	return b.s, err
}

// builder collects the facts Check reads.
type builder struct {
	ctx   context.Context
	cs    kubernetes.Interface
	ns    string
	s     ciliumstatus.Status
	agent *appsv1.DaemonSet
}

func (b *builder) problem(workload, pod, format string, args ...any) {
	b.s.Problems = append(b.s.Problems, ciliumstatus.Problem{Workload: workload, Pod: pod, Message: fmt.Sprintf(format, args...)})
}

// workload reads a DaemonSet or Deployment: its line, its state (one error
// per unmet condition) and its pods' phases and images. found is false
// when it does not exist.
func (b *builder) workload(kind, name string) (found bool, st ciliumstatus.State, err error) {
	w := ciliumstatus.Workload{Kind: kind, Name: name}
	var sel *metav1.LabelSelector
	var settled []string // unmet conditions
	switch kind {
	case "DaemonSet":
		ds, err := b.cs.AppsV1().DaemonSets(b.ns).Get(b.ctx, name, metav1.GetOptions{})
		if err != nil {
			return false, st, notFound(err, kind, b.ns, name)
		}
		if name == AgentDaemonSet {
			b.agent = ds
		}
		d := ds.Status
		w.Desired, w.Ready, w.Available, w.Unavailable = int(d.DesiredNumberScheduled), int(d.NumberReady), int(d.NumberAvailable), int(d.NumberUnavailable)
		sel = ds.Spec.Selector
		if d.ObservedGeneration < ds.Generation {
			settled = append(settled, fmt.Sprintf("DaemonSet %s: generation %d not observed yet (%d)", name, ds.Generation, d.ObservedGeneration))
		}
		if d.UpdatedNumberScheduled != d.DesiredNumberScheduled {
			settled = append(settled, fmt.Sprintf("%d of %d pods of DaemonSet %s are up to date", d.UpdatedNumberScheduled, d.DesiredNumberScheduled, name))
		}
	default:
		dep, err := b.cs.AppsV1().Deployments(b.ns).Get(b.ctx, name, metav1.GetOptions{})
		if err != nil {
			return false, st, notFound(err, kind, b.ns, name)
		}
		d := dep.Status
		w.Desired = int(d.Replicas)
		if r := dep.Spec.Replicas; r != nil && int(*r) > w.Desired {
			w.Desired = int(*r)
		}
		w.Ready, w.Available, w.Unavailable = int(d.ReadyReplicas), int(d.AvailableReplicas), int(d.UnavailableReplicas)
		sel = dep.Spec.Selector
		if d.ObservedGeneration < dep.Generation {
			settled = append(settled, fmt.Sprintf("Deployment %s: generation %d not observed yet (%d)", name, dep.Generation, d.ObservedGeneration))
		}
	}
	if w.Ready != w.Desired {
		settled = append(settled, fmt.Sprintf("%d pods of %s %s are not ready", w.Desired-w.Ready, kind, name))
	}
	if w.Unavailable > 0 {
		settled = append(settled, fmt.Sprintf("%d pods of %s %s are not available", w.Unavailable, kind, name))
	}
	for _, msg := range settled {
		b.problem(name, "-", "%s", msg)
	}
	st.Errors = len(settled)
	b.s.Workloads = append(b.s.Workloads, w)
	return true, st, b.pods(name, sel)
}

// notFound is nil for a NotFound error, else err with context.
func notFound(err error, kind, ns, name string) error {
	if apierrors.IsNotFound(err) {
		return nil
	}
	return fmt.Errorf("get %s %s/%s: %w", kind, ns, name, err)
}

// pods adds the phases and images of the pods sel matches.
func (b *builder) pods(name string, sel *metav1.LabelSelector) error {
	c := ciliumstatus.Containers{Name: name, Phases: map[string]int{}}
	if sel != nil {
		selector, err := metav1.LabelSelectorAsSelector(sel)
		if err != nil {
			return fmt.Errorf("selector of %s: %w", name, err)
		}
		list, err := b.cs.CoreV1().Pods(b.ns).List(b.ctx, metav1.ListOptions{LabelSelector: selector.String()})
		if err != nil {
			return fmt.Errorf("list pods of %s: %w", name, err)
		}
		images := map[string]int{}
		for _, p := range list.Items {
			c.Phases[string(p.Status.Phase)]++
			for _, ctr := range p.Spec.Containers {
				images[ctr.Image]++
			}
		}
		for _, img := range slices.Sorted(maps.Keys(images)) {
			b.s.Images = append(b.s.Images, ciliumstatus.Image{Workload: name, Image: img, Count: images[img]})
		}
	}
	b.s.Containers = append(b.s.Containers, c)
	return nil
}

// clusterPods counts the pods Cilium could manage: not on the host
// network, not finished. Which of them it does manage is unknown.
func clusterPods(ctx context.Context, cs kubernetes.Interface) (*ciliumstatus.Pods, error) {
	list, err := cs.CoreV1().Pods(metav1.NamespaceAll).List(ctx, metav1.ListOptions{})
	if err != nil {
		return nil, fmt.Errorf("list pods: %w", err)
	}
	p := &ciliumstatus.Pods{Managed: -1}
	for _, pod := range list.Items {
		if !pod.Spec.HostNetwork && pod.Status.Phase != corev1.PodSucceeded && pod.Status.Phase != corev1.PodFailed {
			p.Total++
		}
	}
	return p, nil
}
