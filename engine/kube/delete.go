package kube

import (
	"context"
	"errors"
	"fmt"
	"strings"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
)

// Delete deletes the objects of a manifest, last document first, as
// `kubectl delete --ignore-not-found --wait` does: objects that do not
// exist (or whose kind the server does not know) are skipped, dependents
// are removed in the background, and Delete watches until every object is
// gone or ctx ends. It returns the objects it asked to delete.
func (c *Client) Delete(ctx context.Context, manifest string) ([]Object, error) {
	docs, errs := decodeManifest(manifest)
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	var objs []Object
	for i := len(docs) - 1; i >= 0; i-- {
		o, err := c.resolve(docs[i])
		if err != nil {
			if meta.IsNoMatchError(err) {
				continue // the kind is gone, so are its objects
			}
			return nil, err
		}
		objs = append(objs, o)
	}
	return c.DeleteObjects(ctx, objs)
}

// DeleteObjects deletes objects in the order given (the run's teardown
// passes them newest first), skipping those already gone, and watches
// until every one is gone or ctx ends. It returns the objects it asked to
// delete.
func (c *Client) DeleteObjects(ctx context.Context, objs []Object) ([]Object, error) {
	var deleted []Object
	for _, o := range objs {
		policy := metav1.DeletePropagationBackground
		err := c.dynamic.Resource(o.Resource).Namespace(o.Namespace).Delete(ctx, o.Name, metav1.DeleteOptions{PropagationPolicy: &policy})
		switch {
		case apierrors.IsNotFound(err):
			continue
		case err != nil:
			return deleted, &ApplyError{Object: o, Line: o.Line, Err: readable(err)}
		}
		deleted = append(deleted, o)
		if o.GVK.GroupKind() == crdKind {
			c.forgetCRD(o.Name)
		}
	}
	pending, err := c.waitFor(ctx, deleted, goneCheck)
	if err != nil {
		return deleted, fmt.Errorf("wait for deletion: %w", err)
	}
	if len(pending) > 0 {
		var why []string
		for _, p := range pending {
			why = append(why, p.why)
		}
		return deleted, fmt.Errorf("not deleted: %s: %w", strings.Join(why, "; "), ctx.Err())
	}
	return deleted, nil
}

// goneCheck holds when the object no longer exists.
func goneCheck(ref Object, obj *unstructured.Unstructured) (bool, string) {
	if obj == nil {
		return true, ""
	}
	why := ref.String() + ": still there"
	if obj.GetDeletionTimestamp() != nil {
		why = ref.String() + ": being deleted"
		if f := obj.GetFinalizers(); len(f) > 0 {
			why += ", finalizers " + strings.Join(f, ", ")
		}
	}
	return false, why
}
