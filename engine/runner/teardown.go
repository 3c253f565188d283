package runner

import (
	"context"
	"fmt"
	"time"

	"github.com/tutor-run/tutor/engine/helm"
	"github.com/tutor-run/tutor/engine/kube"
	"github.com/tutor-run/tutor/engine/result"
	"github.com/tutor-run/tutor/engine/shell"
)

// created is something the run made that its teardown undoes: an applied
// object (with the client that applied it) or a background process.
type created struct {
	what   string
	object *kube.Object
	client *kube.Client
	bg     *shell.Background
	// release is a helm release the run installed.
	release *helmRelease
}

// teardownTimeout bounds the deletion of one batch of objects.
const teardownTimeout = 2 * time.Minute

// teardown undoes what the run created, newest first, unless Keep; what
// it cannot undo (ctx cancelled by a second interrupt, an error) is
// recorded as left behind.
func (r *run) teardown(ctx context.Context, res *result.Run) {
	if r.opts.Keep {
		for _, c := range r.created {
			if c.object != nil || c.release != nil {
				res.LeftBehind = append(res.LeftBehind, c.what+" (kept: --keep)")
			}
		}
		return
	}
	for i := len(r.created) - 1; i >= 0; {
		c := r.created[i]
		if ctx.Err() != nil && c.bg == nil {
			res.LeftBehind = append(res.LeftBehind, c.what)
			i--
			continue
		}
		if c.bg != nil { // stopping a local process is quick: always done
			item := result.TeardownItem{What: "stopped " + c.what}
			if err := c.bg.Stop(); err != nil {
				item.Error = err.Error()
			}
			res.Teardown = append(res.Teardown, item)
			i--
			continue
		}
		if c.release != nil {
			verb, err := c.release.uninstall(ctx)
			item := result.TeardownItem{What: verb + c.what}
			if err != nil {
				item.Error = err.Error()
				res.LeftBehind = append(res.LeftBehind, c.what+" (maybe)")
			}
			res.Teardown = append(res.Teardown, item)
			i--
			continue
		}
		// A run of consecutive objects of one client is deleted at once:
		// the deletes go out newest first, then one wait covers them all.
		j := i
		var batch []kube.Object
		for ; j >= 0 && r.created[j].object != nil && r.created[j].client == c.client; j-- {
			batch = append(batch, *r.created[j].object)
		}
		bctx, cancel := context.WithTimeout(ctx, teardownTimeout)
		deleted, err := c.client.DeleteObjects(bctx, batch)
		cancel()
		for k := i; k > j; k-- {
			verb := "already gone: "
			for _, d := range deleted {
				if d.String() == r.created[k].what {
					verb = "deleted "
				}
			}
			item := result.TeardownItem{What: verb + r.created[k].what}
			if err != nil {
				item.Error = err.Error()
				res.LeftBehind = append(res.LeftBehind, r.created[k].what+" (maybe)")
			}
			res.Teardown = append(res.Teardown, item)
		}
		i = j
	}
}

// recordObjects remembers applied objects for the report and teardown.
func (r *run) recordObjects(c *kube.Client, objs []kube.Object) {
	for i := range objs {
		o := objs[i]
		r.applied = append(r.applied, o)
		if !r.isCreated(o) {
			r.created = append(r.created, created{what: o.String(), object: &o, client: c})
		}
	}
}

func (r *run) isCreated(o kube.Object) bool {
	for _, c := range r.created {
		if c.object != nil && c.object.Resource == o.Resource && c.object.Namespace == o.Namespace && c.object.Name == o.Name {
			return true
		}
	}
	return false
}

// recordBackground remembers a background step's process for teardown.
func (r *run) recordBackground(cmd string, bg *shell.Background) {
	r.created = append(r.created, created{what: fmt.Sprintf("background %q (pid %d)", cmd, bg.Pid()), bg: bg})
}

// helmRelease is a release the run installed, for teardown.
type helmRelease struct {
	client          *helm.Client
	name, namespace string
}

// recordRelease remembers a release the run installed.
func (r *run) recordRelease(c *helm.Client, name, namespace string) {
	r.created = append(r.created, created{what: fmt.Sprintf("helm release %s/%s", namespace, name), release: &helmRelease{c, name, namespace}})
}

// uninstall removes a release in teardown.
func (h *helmRelease) uninstall(ctx context.Context) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, teardownTimeout)
	defer cancel()
	gone, err := h.client.Uninstall(ctx, h.name, h.namespace)
	if gone {
		return "already gone: ", err
	}
	return "uninstalled ", err
}
