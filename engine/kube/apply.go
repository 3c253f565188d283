package kube

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/types"
)

// ApplyError is an object of a manifest that could not be decoded, mapped
// to a resource, applied or deleted.
type ApplyError struct {
	// Object is what is known of the object: at least Doc and Line.
	Object Object
	// Line is the 1-based manifest line the error is about: the document's
	// first line, or the line a YAML syntax error names.
	Line int
	// Err is the cause; API server rejections read as the server wrote
	// them, one field error a line.
	Err error
}

// Error formats the error as "line N: deployment basics/web: message".
func (e *ApplyError) Error() string {
	if e.Object.Name == "" {
		return fmt.Sprintf("line %d: %v", e.Line, e.Err)
	}
	return fmt.Sprintf("line %d: %s: %v", e.Line, e.Object, e.Err)
}

// Unwrap returns the cause, an API status error for rejections.
func (e *ApplyError) Unwrap() error { return e.Err }

// establishTimeout bounds the wait for a CRD to be served when ctx has no
// earlier deadline.
const establishTimeout = time.Minute

var (
	namespaceKind = schema.GroupKind{Kind: "Namespace"}
	crdKind       = schema.GroupKind{Group: "apiextensions.k8s.io", Kind: "CustomResourceDefinition"}
)

// Apply applies every object of a multi-document YAML manifest with
// server-side apply, forcing conflicts, as field manager "tutor" (like
// `kubectl apply --server-side --force-conflicts`, strict field
// validation included). Namespaces and CRDs go first, and the CRDs are
// waited for until Established; the other objects follow in document
// order. Objects of namespaced kinds without a namespace go to the
// client's. It returns the objects applied, in the order applied, and
// stops at the first error, an *ApplyError. A manifest with a document
// that does not decode applies nothing.
func (c *Client) Apply(ctx context.Context, manifest string) ([]Object, error) {
	docs, errs := decodeManifest(manifest)
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	var first, rest []document
	for _, d := range docs {
		if gk := d.obj.GroupVersionKind().GroupKind(); gk == namespaceKind || gk == crdKind {
			first = append(first, d)
		} else {
			rest = append(rest, d)
		}
	}
	var applied, crds []Object
	for _, d := range first {
		o, err := c.applyOne(ctx, d)
		if err != nil {
			return applied, err
		}
		applied = append(applied, o)
		if o.GVK.GroupKind() == crdKind {
			crds = append(crds, o)
		}
	}
	if err := c.waitEstablished(ctx, crds); err != nil {
		return applied, err
	}
	for _, d := range rest {
		o, err := c.applyOne(ctx, d)
		if err != nil {
			return applied, err
		}
		applied = append(applied, o)
	}
	return applied, nil
}

// applyOne applies one object.
func (c *Client) applyOne(ctx context.Context, d document) (Object, error) {
	o, err := c.resolve(d)
	if err != nil {
		return o, err
	}
	data, err := json.Marshal(d.obj.Object)
	if err != nil {
		return o, &ApplyError{Object: o, Line: o.Line, Err: fmt.Errorf("encode: %w", err)}
	}
	force := true
	opts := metav1.PatchOptions{FieldManager: FieldManager, Force: &force, FieldValidation: metav1.FieldValidationStrict}
	out, err := c.dynamic.Resource(o.Resource).Namespace(o.Namespace).Patch(ctx, o.Name, types.ApplyPatchType, data, opts)
	if err != nil {
		return o, &ApplyError{Object: o, Line: errorLine(d, err), Err: readable(err)}
	}
	if o.GVK.GroupKind() == crdKind {
		c.rememberCRD(crdMappings(out))
	}
	return o, nil
}

// resolve maps a document's kind to its resource and settles its
// namespace: the client's for namespaced kinds that name none, none for
// cluster-scoped kinds.
func (c *Client) resolve(d document) (Object, error) {
	o := d.object()
	m, err := c.mapping(o.GVK)
	if err != nil {
		return o, &ApplyError{Object: o, Line: o.Line, Err: err}
	}
	o.Resource = m.Resource
	if m.Scope.Name() == meta.RESTScopeNameNamespace {
		if o.Namespace == "" {
			o.Namespace = c.namespace
			d.obj.SetNamespace(o.Namespace)
		}
	} else {
		o.Namespace = ""
		d.obj.SetNamespace("")
	}
	return o, nil
}

// waitEstablished watches CRDs until their condition Established is True.
func (c *Client) waitEstablished(ctx context.Context, crds []Object) error {
	if len(crds) == 0 {
		return nil
	}
	ctx, cancel := context.WithTimeout(ctx, establishTimeout)
	defer cancel()
	pending, err := c.waitFor(ctx, crds, establishedCheck)
	if err != nil {
		return fmt.Errorf("wait for CRDs: %w", err)
	}
	if len(pending) > 0 {
		p := pending[0]
		return &ApplyError{Object: p.obj, Line: p.obj.Line, Err: fmt.Errorf("not established: %s: %w", p.why, ctx.Err())}
	}
	return nil
}

// establishedCheck holds when a CRD is served.
func establishedCheck(ref Object, obj *unstructured.Unstructured) (bool, string) {
	if obj == nil {
		return false, ref.String() + ": not found"
	}
	conds, _, _ := unstructured.NestedSlice(obj.Object, "status", "conditions")
	why := "no Established condition yet"
	for _, raw := range conds {
		cond, _ := raw.(map[string]any)
		typ, _ := cond["type"].(string)
		status, _ := cond["status"].(string)
		message, _ := cond["message"].(string)
		switch {
		case typ == "Established" && status == "True":
			return true, ""
		case status != "True" && message != "":
			why = typ + "=" + status + ": " + message
		}
	}
	return false, why
}

// crdMappings reads the kinds a CRD defines, one mapping per served
// version.
func crdMappings(crd *unstructured.Unstructured) []*meta.RESTMapping {
	if crd == nil {
		return nil
	}
	group, _, _ := unstructured.NestedString(crd.Object, "spec", "group")
	kind, _, _ := unstructured.NestedString(crd.Object, "spec", "names", "kind")
	plural, _, _ := unstructured.NestedString(crd.Object, "spec", "names", "plural")
	scope, _, _ := unstructured.NestedString(crd.Object, "spec", "scope")
	versions, _, _ := unstructured.NestedSlice(crd.Object, "spec", "versions")
	restScope := meta.RESTScopeRoot
	if scope == "Namespaced" {
		restScope = meta.RESTScopeNamespace
	}
	var out []*meta.RESTMapping
	for _, raw := range versions {
		v, _ := raw.(map[string]any)
		name, _ := v["name"].(string)
		if served, _ := v["served"].(bool); !served || name == "" || kind == "" || plural == "" {
			continue
		}
		out = append(out, &meta.RESTMapping{
			Resource:         schema.GroupVersionResource{Group: group, Version: name, Resource: plural},
			GroupVersionKind: schema.GroupVersionKind{Group: group, Version: name, Kind: kind},
			Scope:            restScope,
		})
	}
	return out
}

// typedPatchPrefix is how the API server introduces a manifest that does
// not fit the kind's schema; the field path that follows says it all.
var typedPatchPrefix = regexp.MustCompile(`^failed to create typed patch object \([^)]*\): `)

// readable rewrites an API status error so that it reads well in a report:
// without the typed patch preamble, its causes one a line. The result
// still unwraps to the status error.
func readable(err error) error {
	var status apierrors.APIStatus
	if !errors.As(err, &status) {
		return err
	}
	st := status.Status()
	msg := typedPatchPrefix.ReplaceAllString(st.Message, "")
	if st.Details != nil && len(st.Details.Causes) > 0 {
		if st.Reason == metav1.StatusReasonInvalid {
			// "Deployment.apps "web" is invalid: [a, b]": the list follows.
			kind := st.Details.Kind
			if st.Details.Group != "" {
				kind += "." + st.Details.Group
			}
			msg = fmt.Sprintf("%s %q is invalid", kind, st.Details.Name)
		}
		for _, cause := range st.Details.Causes {
			switch {
			case st.Reason != metav1.StatusReasonInvalid && strings.Contains(msg, cause.Message):
			case cause.Field != "" && !strings.HasPrefix(cause.Message, cause.Field):
				msg += "\n  " + cause.Field + ": " + cause.Message
			default:
				msg += "\n  " + cause.Message
			}
		}
	}
	if msg == err.Error() {
		return err
	}
	return &causesError{msg: msg, err: err}
}

// causesError is an API error re-worded by readable.
type causesError struct {
	msg string
	err error
}

// Error is the re-worded message.
func (e *causesError) Error() string { return e.msg }

// Unwrap returns the API status error.
func (e *causesError) Unwrap() error { return e.err }
