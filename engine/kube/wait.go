package kube

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/fields"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/watch"
	"k8s.io/client-go/dynamic"
)

// checkFunc says whether the object ref names is where a wait wants it and,
// when it is not, why. obj is its latest state, nil when it does not exist.
type checkFunc func(ref Object, obj *unstructured.Unstructured) (done bool, why string)

// waitGroupKey is the set of objects one watch covers: one resource in one
// namespace.
type waitGroupKey struct {
	resource  schema.GroupVersionResource
	namespace string
}

// waitFor watches objs until check holds for every one of them or ctx ends.
// It runs one list and watch per resource and namespace, all at once, and
// returns, in the order of objs, the objects for which check still fails
// with its reason; an error only when listing or watching failed.
func (c *Client) waitFor(ctx context.Context, objs []Object, check checkFunc) ([]pendingObject, error) {
	groups := map[waitGroupKey]*watcher{}
	var keys []waitGroupKey
	for _, o := range objs {
		k := waitGroupKey{o.Resource, o.Namespace}
		w, ok := groups[k]
		if !ok {
			w = &watcher{ri: c.dynamic.Resource(k.resource).Namespace(k.namespace), check: check, state: map[string]*state{}}
			groups[k] = w
			keys = append(keys, k)
		}
		w.state[o.Name] = &state{ref: o, why: o.String() + ": not seen yet"}
	}
	errs := make([]error, len(keys))
	var wg sync.WaitGroup
	for i, k := range keys {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := groups[k].run(ctx); err != nil {
				errs[i] = fmt.Errorf("watch %s in namespace %q: %w", k.resource.String(), k.namespace, err)
			}
		}()
	}
	wg.Wait()
	var pending []pendingObject
	for _, o := range objs {
		if s := groups[waitGroupKey{o.Resource, o.Namespace}].state[o.Name]; !s.done {
			pending = append(pending, pendingObject{o, s.why})
		}
	}
	return pending, errors.Join(errs...)
}

// pendingObject is an object a wait gave up on and why.
type pendingObject struct {
	obj Object
	why string
}

// state is where one watched object stands.
type state struct {
	ref  Object
	done bool
	why  string
}

// watcher follows the objects of one resource in one namespace.
type watcher struct {
	ri    dynamic.ResourceInterface
	check checkFunc
	state map[string]*state
}

// relistDelay keeps a watch that keeps closing from spinning.
const relistDelay = 100 * time.Millisecond

// run lists, then watches from the list's resource version, and lists
// again whenever the watch ends early (a closed connection, 410 Gone),
// until every object is done or ctx ends. Only a failed list or watch
// request is an error; ctx ending is not.
func (w *watcher) run(ctx context.Context) error {
	opts := metav1.ListOptions{}
	if len(w.state) == 1 {
		for name := range w.state {
			opts.FieldSelector = fields.OneTermEqualSelector("metadata.name", name).String()
		}
	}
	for {
		list, err := w.ri.List(ctx, opts)
		if err != nil {
			if ctx.Err() != nil {
				return nil
			}
			return fmt.Errorf("list: %w", err)
		}
		seen := map[string]bool{}
		for i := range list.Items {
			item := &list.Items[i]
			if _, ok := w.state[item.GetName()]; ok {
				seen[item.GetName()] = true
				w.update(item.GetName(), item)
			}
		}
		for name := range w.state {
			if !seen[name] {
				w.update(name, nil)
			}
		}
		if w.done() {
			return nil
		}
		wopts := opts
		wopts.ResourceVersion = list.GetResourceVersion()
		wopts.AllowWatchBookmarks = true
		wi, err := w.ri.Watch(ctx, wopts)
		if err != nil {
			if ctx.Err() != nil {
				return nil
			}
			return fmt.Errorf("watch: %w", err)
		}
		finished := w.follow(ctx, wi)
		wi.Stop()
		if finished || ctx.Err() != nil {
			return nil
		}
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(relistDelay):
		}
	}
}

// follow applies watch events until every object is done (true), or the
// watch ends or fails or ctx ends (false).
func (w *watcher) follow(ctx context.Context, wi watch.Interface) bool {
	for {
		select {
		case <-ctx.Done():
			return false
		case ev, ok := <-wi.ResultChan():
			if !ok {
				return false
			}
			switch ev.Type {
			case watch.Error:
				// Usually 410 Gone (the resource version is too old):
				// the caller lists again.
				return false
			case watch.Bookmark:
				continue
			}
			obj, ok := ev.Object.(*unstructured.Unstructured)
			if !ok {
				continue
			}
			name := obj.GetName()
			if _, tracked := w.state[name]; !tracked {
				continue
			}
			if ev.Type == watch.Deleted {
				obj = nil
			}
			w.update(name, obj)
			if w.done() {
				return true
			}
		}
	}
}

// update records where the object called name stands.
func (w *watcher) update(name string, obj *unstructured.Unstructured) {
	s := w.state[name]
	s.done, s.why = w.check(s.ref, obj)
}

// done reports whether every object is where the wait wants it.
func (w *watcher) done() bool {
	for _, s := range w.state {
		if !s.done {
			return false
		}
	}
	return true
}
