package runner

import (
	"context"
	"fmt"
	"slices"

	"github.com/tutor-run/tutor/engine/kubecontext"
	"github.com/tutor-run/tutor/engine/model"
	"github.com/tutor-run/tutor/engine/result"
)

// needs returns the capabilities section s needs for the steps that will
// execute (replayed steps need nothing), and those its directive names.
func (r *run) needs(s *model.Section) []string {
	// A replay stands for the world its recording saw: what a section's
	// directive says it needs from outside (internet, az) was there.
	var need []string
	if r.opts.Replay == nil {
		need = append(need, s.Needs...)
	}
	for _, c := range s.ToolNeeds(r.tutorial.Settings.Aliases, r.replays) {
		if !slices.Contains(need, c) {
			need = append(need, c)
		}
	}
	return need
}

// missing checks the section's needs; it returns the first one missing
// and why.
func (r *run) missing(ctx context.Context, s *model.Section) (string, string) {
	for _, c := range r.needs(s) {
		if ok, why := r.probes(ctx, c); !ok {
			return c, why
		}
	}
	return "", ""
}

// createsCluster reports whether a section points kubectl at a cluster it
// creates (az aks get-credentials, kind create cluster, use-context).
func createsCluster(s *model.Section) bool {
	for _, st := range s.Steps {
		if st.Runs() && len(kubecontext.Created(st.Command)) > 0 {
			return true
		}
	}
	return false
}

// usesCluster reports whether a section has steps that talk to a cluster.
func usesCluster(s *model.Section, aliases map[string]string) bool {
	for _, st := range s.Steps {
		if st.Runs() && st.TalksToCluster(aliases) {
			return true
		}
	}
	return false
}

// capabilityGate decides, before a section runs, whether a missing
// capability (or a skipped section that would have made the cluster)
// keeps it from running. It returns nil when the section runs.
func (r *run) capabilityGate(ctx context.Context, s *model.Section) *result.Section {
	if r.noCluster != "" && usesCluster(s, r.tutorial.Settings.Aliases) && !r.sectionReplaysAll(s) {
		return r.notRunSection(s, result.Skipped, r.noCluster)
	}
	c, why, failed := r.provideMissing(ctx, s)
	switch {
	case failed != nil:
		return failed
	case c == "":
		return nil
	case slices.Contains(r.opts.Require, c):
		return r.failNotRun(s, fmt.Sprintf("--require %s: %s", c, why), fmt.Sprintf("needs %s: %s (--require %s)", c, why, c))
	}
	reason := fmt.Sprintf("needs %s: %s", c, why)
	if createsCluster(s) && !r.opts.ClusterProvided {
		r.noCluster = fmt.Sprintf("depends on %q, which makes the cluster and was skipped (%s)", s.Title, reason)
	}
	return r.notRunSection(s, result.Skipped, reason)
}

// sectionReplaysAll reports whether every runnable step of s comes from
// the recording.
func (r *run) sectionReplaysAll(s *model.Section) bool {
	for _, st := range s.Steps {
		if st.Runs() && !r.replays(st) {
			return false
		}
	}
	return r.opts.Replay != nil
}
