package ciliumstatus

import (
	"fmt"
	"strings"

	"github.com/tutor-run/tutor/assertions"
)

// Options tune Compare.
type Options struct {
	// StrictVersions makes a different Helm chart or image version a
	// failure instead of a drift note.
	StrictVersions bool
}

// Compare judges the run's `cilium status` output (actual) against the
// post's (expected); see the package documentation for the rules.
func Compare(expected, actual string, opts Options) assertions.Result {
	r, _ := CompareNotes(expected, actual, opts)
	return r
}

// CompareNotes is Compare that also returns its notes (drift, extra
// workloads) one by one; the Result's message carries them too.
func CompareNotes(expected, actual string, opts Options) (assertions.Result, []string) {
	exp, err := Parse(expected)
	if err != nil {
		return assertions.Output(expected, actual), nil
	}
	act, err := Parse(actual)
	if err != nil {
		return assertions.Output(expected, actual), nil
	}
	return compareStatus(exp, act, opts)
}

// CompareStatus judges parsed facts: exp from the post, act from the run
// (parsed or read natively from the cluster).
func CompareStatus(exp, act Status, opts Options) assertions.Result {
	r, _ := compareStatus(exp, act, opts)
	return r
}

func compareStatus(exp, act Status, opts Options) (assertions.Result, []string) {
	c := &comparison{opts: opts}
	c.components(exp, act)
	c.workloads(exp, act)
	c.containers(exp, act)
	c.pods(exp, act)
	c.versions(exp, act)
	r := assertions.Result{OK: len(c.failures) == 0}
	msg := "cilium status matches"
	if !r.OK {
		msg = strings.Join(c.failures, "; ")
		r.Diff = assertions.Diff(Facts(exp), Facts(act))
	}
	if len(c.notes) > 0 {
		msg += " (" + strings.Join(c.notes, "; ") + ")"
	}
	r.Message = msg
	return r, c.notes
}

// comparison collects failures and notes.
type comparison struct {
	opts            Options
	failures, notes []string
}

func (c *comparison) fail(format string, args ...any) {
	c.failures = append(c.failures, fmt.Sprintf(format, args...))
}

func (c *comparison) note(format string, args ...any) {
	c.notes = append(c.notes, fmt.Sprintf(format, args...))
}

// drift is a note, or a failure with StrictVersions.
func (c *comparison) drift(format string, args ...any) {
	if c.opts.StrictVersions {
		c.fail("version: "+format, args...)
		return
	}
	c.note("drift: "+format, args...)
}

func (c *comparison) components(exp, act Status) {
	for _, e := range exp.Components {
		a, ok := act.Component(e.Name)
		switch {
		case !ok:
			c.note("%s: the post shows %s, the run's cilium status has no such line", canonical(e.Name), e.State)
		case a.Kind() != e.State.Kind():
			c.fail("%s: the post shows %s, the cluster shows %s", canonical(e.Name), e.State, a)
		case a.String() != e.State.String() && !a.Disabled:
			c.note("%s: %s, the post shows %s", canonical(e.Name), a, e.State)
		}
	}
}

func (c *comparison) workloads(exp, act Status) {
	byKey := map[string]Workload{}
	for _, a := range act.Workloads {
		byKey[a.Key()] = a
	}
	seen := map[string]bool{}
	for _, e := range exp.Workloads {
		seen[e.Key()] = true
		a, ok := byKey[e.Key()]
		switch {
		case !ok:
			c.fail("%s: the post shows it, the cluster has none", e.Key())
		case e.Settled() && !a.Settled():
			c.fail("%s: %s, the post shows %s", e.Key(), readiness(a), readiness(e))
		case !e.Settled() && a.Settled():
			c.note("%s: %s, the post shows %s", e.Key(), readiness(a), readiness(e))
		case a.Desired != e.Desired:
			c.note("%s: Desired %d, the post shows %d", e.Key(), a.Desired, e.Desired)
		}
	}
	for _, a := range act.Workloads {
		if !seen[a.Key()] {
			c.note("%s: in the cluster, not in the post", a.Key())
		}
	}
}

// readiness is "Ready 2/3", with Available and Unavailable when they tell
// more.
func readiness(w Workload) string {
	s := fmt.Sprintf("Ready %d/%d", w.Ready, w.Desired)
	if w.Available != w.Ready {
		s += fmt.Sprintf(", Available %d/%d", w.Available, w.Desired)
	}
	if w.Unavailable > 0 {
		s += fmt.Sprintf(", Unavailable %d/%d", w.Unavailable, w.Desired)
	}
	return s
}

func (c *comparison) containers(exp, act Status) {
	byName := map[string]Containers{}
	for _, a := range act.Containers {
		byName[a.Name] = a
	}
	for _, e := range exp.Containers {
		if len(e.Phases) == 0 {
			continue // the post shows no pods for it: nothing to judge
		}
		a, ok := byName[e.Name]
		switch {
		case !ok || len(a.Phases) == 0:
			c.fail("Containers %s: none, the post shows %s", e.Name, e)
		case e.Phases["Running"] > 0 && a.Phases["Running"] == 0:
			c.fail("Containers %s: %s, the post shows %s", e.Name, a, e)
		case hasOtherPhase(a, e):
			c.fail("Containers %s: %s, the post shows %s", e.Name, a, e)
		case a.String() != e.String():
			c.note("Containers %s: %s, the post shows %s", e.Name, a, e)
		}
	}
}

// hasOtherPhase reports whether a counts pods in a phase e does not show.
func hasOtherPhase(a, e Containers) bool {
	for p, n := range a.Phases {
		if n > 0 && e.Phases[p] == 0 {
			return true
		}
	}
	return false
}

func (c *comparison) pods(exp, act Status) {
	e, a := exp.Pods, act.Pods
	switch {
	case e == nil || !e.Known() || e.Total == 0:
	case a == nil:
		c.note("Cluster Pods: not shown by the run, the post shows %s", e)
	case e.Managed < e.Total:
		c.note("Cluster Pods: not judged, the post shows only %s", e)
	case !a.Known():
		c.note("Cluster Pods: not judged (%s: which pods Cilium manages needs the agents)", a)
	case a.Managed < a.Total:
		c.fail("Cluster Pods: %s, the post shows all (%s)", a, e)
	}
}

func (c *comparison) versions(exp, act Status) {
	if exp.HelmChart != "" && act.HelmChart != exp.HelmChart {
		got := act.HelmChart
		if got == "" {
			got = "none"
		}
		c.drift("Helm chart version %s → %s", exp.HelmChart, got)
	}
	for _, e := range exp.Images {
		a, ok := matchImage(e, act.Images)
		switch {
		case !ok:
			c.drift("image %s %s → none", e.Workload, withoutDigest(e.Image))
		case withoutDigest(a.Image) != withoutDigest(e.Image):
			c.drift("image %s %s → %s", e.Workload, withoutDigest(e.Image), shortened(e.Image, a.Image))
		}
	}
}

// matchImage finds the run's image of the same workload and repository,
// else the workload's only image.
func matchImage(e Image, act []Image) (Image, bool) {
	var same []Image
	for _, a := range act {
		if a.Workload != e.Workload {
			continue
		}
		if repository(a.Image) == repository(e.Image) {
			return a, true
		}
		same = append(same, a)
	}
	if len(same) == 1 {
		return same[0], true
	}
	return Image{}, false
}

// withoutDigest drops "@sha256:...".
func withoutDigest(ref string) string {
	ref, _, _ = strings.Cut(ref, "@")
	return ref
}

// repository drops the tag and digest of an image reference.
func repository(ref string) string {
	ref = withoutDigest(ref)
	if i := strings.LastIndexByte(ref, ':'); i > strings.LastIndexByte(ref, '/') {
		ref = ref[:i]
	}
	return ref
}

// shortened is the run's image, only its tag when the repository is the
// post's: "v1.14.5".
func shortened(e, a string) string {
	if repository(e) == repository(a) {
		return strings.TrimPrefix(withoutDigest(a), repository(a)+":")
	}
	return withoutDigest(a)
}
