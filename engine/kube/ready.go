package kube

import (
	"context"
	"fmt"
	"strings"

	"github.com/tutor-run/tutor/assertions/readiness"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
)

// NotReadyError lists the objects WaitReady gave up on.
type NotReadyError struct {
	// Pending says, per object, what it still waits for:
	// "deployment basics/web: 0 of 1 replicas available".
	Pending []string
	// Err is why the wait ended: the context's error.
	Err error
}

// Error lists the pending objects.
func (e *NotReadyError) Error() string {
	what := "object"
	if len(e.Pending) > 1 {
		what = "objects"
	}
	return fmt.Sprintf("%d %s not ready: %s", len(e.Pending), what, strings.Join(e.Pending, "; "))
}

// Unwrap returns the context's error, so errors.Is(err,
// context.DeadlineExceeded) tells a timeout.
func (e *NotReadyError) Unwrap() error { return e.Err }

// WaitReady watches objs until each is ready or ctx ends: Deployments,
// DaemonSets and StatefulSets until their rollout is complete, Pods until
// Ready (or Succeeded), Services of type LoadBalancer until they have an
// ingress address. Other kinds are ready at once. Objects need GVK,
// Namespace and Name; Resource is looked up when empty. At the deadline it
// returns a *NotReadyError that says what each pending object waits for.
func (c *Client) WaitReady(ctx context.Context, objs []Object) error {
	var watched []Object
	for _, o := range objs {
		if !readiness.HasReadiness(o.GVK.GroupKind()) {
			continue // ready as soon as it exists
		}
		if o.Resource.Empty() {
			m, err := c.mapping(o.GVK)
			if err != nil {
				return fmt.Errorf("wait for %s: %w", o, err)
			}
			o.Resource = m.Resource
		}
		watched = append(watched, o)
	}
	if len(watched) == 0 {
		return nil
	}
	pending, err := c.waitFor(ctx, watched, readyCheck)
	if err != nil {
		return fmt.Errorf("wait for readiness: %w", err)
	}
	if len(pending) == 0 {
		return nil
	}
	e := &NotReadyError{Err: ctx.Err()}
	for _, p := range pending {
		e.Pending = append(e.Pending, p.why)
	}
	return e
}

// readyCheck is WaitReady's check: the rules of assertions/readiness, except
// that a pod that ran to completion is done too.
func readyCheck(ref Object, obj *unstructured.Unstructured) (bool, string) {
	if obj == nil {
		return false, ref.String() + ": not found"
	}
	if obj.GetKind() == "Pod" {
		if phase, _, _ := unstructured.NestedString(obj.Object, "status", "phase"); phase == "Succeeded" {
			return true, ""
		}
	}
	r := readiness.Ready(obj)
	return r.OK, r.Message
}
