package session

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	ciliumassert "github.com/tutor-run/tutor/assertions/cilium"
	"github.com/tutor-run/tutor/engine/chartvalues"
	"github.com/tutor-run/tutor/engine/cluster"
	"github.com/tutor-run/tutor/engine/helm"
	"github.com/tutor-run/tutor/engine/kube"
	"github.com/tutor-run/tutor/engine/model"
	"github.com/tutor-run/tutor/engine/runner"
)

// This file installs Cilium's chart for a post that needs Cilium and
// installs it outside the commands tutor runs (Terraform, a cloud's
// managed add-on): without it, every section about Cilium is skipped in a
// sandbox and the post checks nothing of what it is about.

// The chart tutor installs, where the post's own install would put it.
const (
	ciliumRepo      = "https://helm.cilium.io/"
	ciliumRelease   = "cilium"
	ciliumNamespace = "kube-system"
)

// ciliumHealthy bounds the wait for the installed agent, operator and
// relay to be healthy: the agent compiles its BPF programs on start.
const ciliumHealthy = 5 * time.Minute

// ciliumPlan is what tutor installs for a post: the chart version and
// the post's values, with where each came from.
type ciliumPlan struct {
	version string
	values  map[string]any
	// notes say where the version and the values came from.
	notes []string
}

// planCilium reads t for what to install: the version the post names
// (model.Tutorial.ChartVersion), else the one the sandbox's images are
// built for; the post's first block of Cilium chart values, if any.
func planCilium(t *model.Tutorial) (ciliumPlan, error) {
	var p ciliumPlan
	if v, ok := t.ChartVersion("cilium"); ok {
		p.version = v.Version
		p.notes = append(p.notes, fmt.Sprintf("version %s: named by the post (%s at line %d)", v.Version, v.From, v.Pos.Line))
	} else {
		p.version = strings.TrimPrefix(cluster.CiliumVersion, "v")
		p.notes = append(p.notes, fmt.Sprintf("version %s: the post names none; the sandbox's Cilium images are built for %s", p.version, cluster.CiliumVersion))
	}
	for _, cv := range t.ChartValues {
		if cv.Chart != "cilium" {
			continue
		}
		vals, err := chartvalues.Parse(cv.Values.Text)
		if err != nil {
			var ve *chartvalues.Error
			if errors.As(err, &ve) {
				return p, fmt.Errorf("%s:%d: %s", t.File, cv.Values.Pos.Line+ve.Line-1, ve.Msg)
			}
			return p, fmt.Errorf("%s:%d: %w", t.File, cv.Values.Pos.Line, err)
		}
		p.values = vals
		p.notes = append(p.notes, fmt.Sprintf("values: the block at line %d, read as Cilium's chart values: %s", cv.Pos.Line, setsText(cv.Values.Text)))
		return p, nil
	}
	p.values = map[string]any{}
	p.notes = append(p.notes, "values: the post shows none; the chart's defaults")
	return p, nil
}

// setsText lists a Terraform sets block as name=value items.
func setsText(text string) string {
	sets, err := chartvalues.Sets(text)
	if err != nil {
		return "(unreadable: " + err.Error() + ")"
	}
	items := make([]string, len(sets))
	for i, s := range sets {
		items[i] = s.Name + "=" + s.Value
	}
	return strings.Join(items, ", ")
}

// ciliumInstall installs Cilium's chart in a sandbox with a real node,
// as runner.Cluster.Provide asks.
type ciliumInstall struct {
	sb      *sandbox
	t       *model.Tutorial
	mirrors map[string]string
	// w is told that the install starts: it takes a minute or more.
	w io.Writer
	// home is the helm home of the install, kept for the teardown's
	// uninstall and removed by close.
	home string
}

// close removes the install's helm home, once the run's teardown is over.
func (c *ciliumInstall) close() {
	if c.home != "" {
		os.RemoveAll(c.home)
	}
}

// provide installs the chart and waits until Cilium is healthy. A
// release that exists when the wait fails is returned with the error, so
// that the teardown removes it.
func (c *ciliumInstall) provide(ctx context.Context) (*runner.Provided, error) {
	p, err := planCilium(c.t)
	if err != nil {
		return nil, fmt.Errorf("the post's Cilium values: %w", err)
	}
	home, err := os.MkdirTemp("", "tutor-helm-cilium-")
	if err != nil {
		return nil, err
	}
	c.home = home
	// The sandbox's overrides are the ones the post's own install would
	// get; the result says which of the post's values they replaced.
	client, err := helm.New(helm.Options{Kubeconfig: c.sb.cluster.Kubeconfig(), Home: home, Mirrors: c.mirrors, Overrides: c.sb.helmOverrides})
	if err != nil {
		return nil, err
	}
	from := ciliumRepo
	if dir, ok := c.mirrors[ciliumRepo]; ok {
		from += " (--helm-mirror " + dir + ")"
	}
	fmt.Fprintf(c.w, "tutor: the post needs Cilium and installs it nowhere tutor runs: installing Cilium's chart %s from %s\n", p.version, from)
	cmd := helm.Command{Verb: "install", Release: ciliumRelease, Chart: "cilium", ChartRepo: ciliumRepo, Namespace: ciliumNamespace, Version: p.version}
	res, err := client.Run(ctx, cmd, p.values)
	var rel *runner.ProvidedRelease
	if res.Release != "" {
		rel = &runner.ProvidedRelease{Client: client, Name: res.Release, Namespace: res.Namespace}
	}
	if err != nil {
		return provided(rel), fmt.Errorf("helm install %s %s --repo %s --version %s -n %s: %w", ciliumRelease, "cilium", ciliumRepo, p.version, ciliumNamespace, err)
	}
	healthy, err := c.waitHealthy(ctx)
	if err != nil {
		return provided(rel), err
	}
	notes := append(p.notes, overrideNotes(res.Overrides)...)
	notes = append(notes, healthy)
	return &runner.Provided{
		What:    fmt.Sprintf("installed Cilium's chart %s from %s as release %s/%s, and waited until Cilium was healthy", res.ChartVersion, from, ciliumNamespace, ciliumRelease),
		Notes:   notes,
		Release: rel,
	}, nil
}

// provided is what a failed install leaves for the teardown, or nil.
func provided(rel *runner.ProvidedRelease) *runner.Provided {
	if rel == nil {
		return nil
	}
	return &runner.Provided{Release: rel}
}

// waitHealthy checks `expect cilium ok`'s claim until it holds or
// ciliumHealthy is up; it returns what the check said.
func (c *ciliumInstall) waitHealthy(ctx context.Context) (string, error) {
	kc, err := kube.NewClient(c.sb.cluster.Kubeconfig(), "")
	if err != nil {
		return "", err
	}
	ctx, cancel := context.WithTimeout(ctx, ciliumHealthy)
	defer cancel()
	msg := ""
	for {
		s, err := ciliumassert.Check(ctx, kc.Kubernetes(), ciliumNamespace)
		if err == nil {
			res := ciliumassert.Healthy(s)
			if res.OK {
				return res.Message, nil
			}
			msg = res.Message
		} else {
			msg = err.Error()
		}
		select {
		case <-ctx.Done():
			return "", fmt.Errorf("cilium not healthy within %s: %s", ciliumHealthy, msg)
		case <-time.After(2 * time.Second):
		}
	}
}

// overrideNotes says which values the sandbox set over the post's, the
// post's value beside the sandbox's, and names the others it added.
func overrideNotes(applied []helm.Applied) []string {
	var replaced, added []string
	for _, a := range applied {
		if a.Had {
			replaced = append(replaced, fmt.Sprintf("%s=%v (the post's: %v)", a.Key, a.Value, a.Old))
		} else {
			added = append(added, a.Key)
		}
	}
	var notes []string
	if len(replaced) > 0 {
		notes = append(notes, "the sandbox set over the post's values, to run on its real node: "+strings.Join(replaced, ", "))
	}
	if len(added) > 0 {
		notes = append(notes, "the sandbox added, to run on its real node: "+strings.Join(added, ", "))
	}
	return notes
}
