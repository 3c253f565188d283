package runner

import (
	"context"
	"fmt"
	"path"
	"slices"

	"github.com/tutor-run/tutor/engine/helm"
	"github.com/tutor-run/tutor/engine/model"
	"github.com/tutor-run/tutor/engine/result"
)

// ProvideFunc brings one capability for the post (see Cluster.Provide).
// With an error, a Provided may still name the Release it left, for the
// teardown.
type ProvideFunc func(ctx context.Context) (*Provided, error)

// Provided is what Cluster.Provide did for the post, for the report and
// the teardown.
type Provided struct {
	// What says what was done, in words for the report.
	What string
	// Notes say where it came from: the version, the values, the values
	// the sandbox set over them.
	Notes []string
	// Release, when set, is the helm release Provide installed: the
	// teardown uninstalls it, as it does the post's own.
	Release *ProvidedRelease
}

// ProvidedRelease is a helm release that Cluster.Provide installed.
type ProvidedRelease struct {
	Client          *helm.Client
	Name, Namespace string
}

// comesWith maps a capability to the one whose provision brings it: the
// Hubble Relay comes with Cilium's chart (when its values enable it).
var comesWith = map[string]string{"hubble": "cilium"}

// provideMissing brings, through Cluster.Provide, what section s misses,
// when Provide brings all of it: a section that misses az as well would
// be skipped all the same, so Cilium is not installed for it. Then it
// probes again and returns the first capability still missing and why
// (none: ""), or, when Provide failed, the section's result.
func (r *run) provideMissing(ctx context.Context, s *model.Section) (string, string, *result.Section) {
	var bring []string
	for _, c := range r.needs(s) {
		if ok, _ := r.probes(ctx, c); ok {
			continue
		}
		if r.opts.Provide[c] == nil {
			// Missing Hubble Relay is brought by installing Cilium, when
			// Cilium is missing too; else it stays missing.
			d := comesWith[c]
			if d == "" {
				return r.stillMissing(ctx, s)
			}
			if ok, _ := r.probes(ctx, d); ok {
				return r.stillMissing(ctx, s)
			}
			c = d
		}
		if r.opts.Provide[c] == nil || r.asked[c] || r.postBrings(ctx, s, c) {
			return r.stillMissing(ctx, s)
		}
		if !slices.Contains(bring, c) {
			bring = append(bring, c)
		}
	}
	for _, c := range bring {
		if r.asked == nil {
			r.asked = map[string]bool{}
		}
		r.asked[c] = true
		p, err := r.opts.Provide[c](ctx)
		if err != nil {
			if p != nil && p.Release != nil {
				r.recordRelease(p.Release.Client, p.Release.Name, p.Release.Namespace)
			}
			return c, err.Error(), r.provideFailed(s, c, err)
		}
		if p != nil {
			r.provided(s, p)
		}
	}
	return r.stillMissing(ctx, s)
}

// stillMissing is r.missing with room for provideMissing's failure.
func (r *run) stillMissing(ctx context.Context, s *model.Section) (string, string, *result.Section) {
	c, why := r.missing(ctx, s)
	return c, why, nil
}

// provided records what Provide did: in the report, for the teardown,
// and to the observer.
func (r *run) provided(s *model.Section, p *Provided) {
	item := result.SetupItem{Before: s.Title, What: p.What, Notes: p.Notes}
	r.setup = append(r.setup, item)
	if rel := p.Release; rel != nil {
		r.recordRelease(rel.Client, rel.Name, rel.Namespace)
	}
	if o, ok := r.opts.Observer.(result.SetupObserver); ok {
		o.SetupDone(s, item)
	}
}

// provideFailed fails section s, whose missing capability c Provide
// could not bring: tutor's machinery failed, not the post's claims.
func (r *run) provideFailed(s *model.Section, c string, err error) *result.Section {
	item := result.SetupItem{Before: s.Title, What: "bringing " + c + " for the post", Error: err.Error()}
	r.setup = append(r.setup, item)
	if o, ok := r.opts.Observer.(result.SetupObserver); ok {
		o.SetupDone(s, item)
	}
	msg := fmt.Sprintf("needs %s, which tutor could not bring: %v", c, err)
	return r.failNotRun(s, msg, msg)
}

// failNotRun is the result of a section that does not run because the
// environment failed: its first step that would run errors with msg, and
// reason says why the section failed.
func (r *run) failNotRun(s *model.Section, msg, reason string) *result.Section {
	sr := notRun(s, result.Skipped, "")
	for _, st := range sr.Steps {
		if st.Step.Runs() {
			st.Status, st.Reason = result.Errored, ""
			st.Failure = &result.Failure{Kind: result.EnvironmentFailed, Message: msg}
			break
		}
	}
	sr.Status, sr.Reason = result.Failed, reason
	if r.failedAt == "" {
		r.failedAt = s.Title
	}
	r.opts.Observer.SectionFinished(sr)
	return sr
}

// postBrings reports whether a step of the post that is still to run
// brings capability c itself: then tutor does not, or the post's own
// install would find the chart's release taken. The steps of s count,
// and those of the later sections that will run as far as can be told
// now: selected, not skipped by the post, and missing nothing that the
// install does not bring.
func (r *run) postBrings(ctx context.Context, s *model.Section, c string) bool {
	if c != "cilium" && c != "hubble" {
		return false
	}
	i := slices.Index(r.tutorial.Sections, s)
	for _, sec := range r.tutorial.Sections[i:] {
		if sec != s && !r.willRun(ctx, sec) {
			continue
		}
		for _, st := range sec.Steps {
			if st.Runs() && !r.replays(st) && installsCilium(st, r.tutorial.Settings.Aliases) {
				return true
			}
		}
	}
	return false
}

// willRun guesses whether a later section will run: an install of
// Cilium brings what it needs of cilium and hubble, so only its other
// needs are probed.
func (r *run) willRun(ctx context.Context, s *model.Section) bool {
	if s.Cleanup || !r.selected[s] || s.Skip != "" {
		return false
	}
	if r.noCluster != "" && usesCluster(s, r.tutorial.Settings.Aliases) {
		return false
	}
	for _, c := range r.needs(s) {
		if c == "cilium" || c == "hubble" {
			continue
		}
		if ok, _ := r.probes(ctx, c); !ok {
			return false
		}
	}
	return true
}

// installsCilium reports whether st installs Cilium: a helm install or
// upgrade of a chart named cilium (cilium/cilium, oci://.../cilium), or
// cilium-cli's cilium install.
func installsCilium(st *model.Step, aliases map[string]string) bool {
	w, ok := model.Words(st.Command, aliases)
	if !ok || len(w) < 2 {
		return false
	}
	if w[0] == "cilium" {
		return w[1] == "install"
	}
	if w[0] != "helm" {
		return false
	}
	cmd, err := helm.Parse(w[1:])
	return err == nil && (cmd.Verb == "install" || cmd.Verb == "upgrade") && path.Base(cmd.Chart) == "cilium"
}
