package runner

import (
	"context"
	"slices"
	"strings"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/tutor-run/tutor/assertions/kubetable"
	"github.com/tutor-run/tutor/engine/model"
)

// resourceWords are the kinds that may stand before a slash in a command
// ("pod/NAME"), as opposed to a namespace ("basics/NAME").
var resourceWords = []string{"pod", "pods", "po", "deployment", "deploy", "deployment.apps", "replicaset", "rs", "replicaset.apps", "service", "svc"}

// nameRef is a name with generated parts found in a command, with the
// namespace the command gives it, if any.
type nameRef struct{ namespace, name string }

// generatedNames finds the names in a command that carry generated parts
// (pod-template hashes, random suffixes).
func generatedNames(cmd string) []nameRef {
	words := strings.FieldsFunc(cmd, func(r rune) bool {
		return r == ' ' || r == '\t' || r == '\n' || r == '=' || r == '"' || r == '\''
	})
	ns := ""
	for i, w := range words {
		if (w == "-n" || w == "--namespace") && i+1 < len(words) {
			ns = words[i+1]
		}
	}
	var refs []nameRef
	for _, w := range words {
		refNS, name := ns, w
		if left, right, ok := strings.Cut(w, "/"); ok {
			name = right
			if !slices.Contains(resourceWords, left) {
				refNS = left
			}
		}
		name = strings.TrimRight(name, ":.,;)")
		if i := strings.IndexByte(name, ':'); i > 0 {
			name = name[:i] // NAME:80
		}
		if _, ok := kubetable.GeneratedPrefix(name); ok {
			refs = append(refs, nameRef{refNS, name})
		}
	}
	return refs
}

// bindLive binds the author's generated names in a cluster command, when
// no kubectl table has bound them yet, to a live pod with the same stable
// prefix (same namespace when the command says which), so commands such
// as `k exec basicdeploy-65ff8695df-p58zr -- curl ...` work on a cluster
// where the pod has another name.
func (r *run) bindLive(ctx context.Context, st *model.Step) {
	if r.clients == nil || (st.Kind != model.KindShell && st.Kind != model.KindBackground) ||
		!st.TalksToCluster(r.tutorial.Settings.Aliases) {
		return
	}
	var todo []nameRef
	for _, ref := range generatedNames(st.Command) {
		if !slices.ContainsFunc(r.bindings, func(b kubetable.Binding) bool { return b.Expected == ref.name }) {
			todo = append(todo, ref)
		}
	}
	if len(todo) == 0 {
		return
	}
	c, err := r.clients.Get(ctx)
	if err != nil {
		return // the step itself will report the cluster problem
	}
	for _, ref := range todo {
		pods, err := c.Kubernetes().CoreV1().Pods(ref.namespace).List(ctx, metav1.ListOptions{})
		if err != nil {
			continue
		}
		if live := matchPod(pods.Items, ref.name); live != "" && live != ref.name {
			r.bindings = append(r.bindings, kubetable.Binding{Kind: "pod", Expected: ref.name, Actual: live})
		}
	}
}

// matchPod returns the pod with the same stable prefix as name, preferring
// running pods, then the first by name; "" when none or when a pod of that
// very name exists.
func matchPod(pods []corev1.Pod, name string) string {
	prefix, _ := kubetable.GeneratedPrefix(name)
	best := ""
	bestRunning := false
	for _, p := range pods {
		if p.Name == name {
			return ""
		}
		pp, ok := kubetable.GeneratedPrefix(p.Name)
		if !ok || pp != prefix {
			continue
		}
		running := p.Status.Phase == corev1.PodRunning
		if best == "" || (running && !bestRunning) || (running == bestRunning && p.Name < best) {
			best, bestRunning = p.Name, running
		}
	}
	return best
}

// substitute replaces the author's generated names in a command with the
// live names bound so far; it returns the step to run (a copy when
// anything changed) and what was replaced.
func (r *run) substitute(st *model.Step) (*model.Step, []string) {
	if len(r.bindings) == 0 || (st.Kind != model.KindShell && st.Kind != model.KindBackground) {
		return st, nil
	}
	cmd, used := kubetable.Substitute(st.Command, r.bindings)
	if len(used) == 0 {
		return st, nil
	}
	cp := *st
	cp.Command = cmd
	subs := make([]string, len(used))
	for i, b := range used {
		subs[i] = b.Expected + " -> " + b.Actual
	}
	return &cp, subs
}

// bind remembers names learned from a table; the first binding of a name
// wins, so a later table cannot rebind what earlier steps already used.
func (r *run) bind(learned []kubetable.Binding) {
	for _, b := range learned {
		known := false
		for _, old := range r.bindings {
			known = known || old.Expected == b.Expected
		}
		if !known && b.Expected != b.Actual {
			r.bindings = append(r.bindings, b)
		}
	}
}
