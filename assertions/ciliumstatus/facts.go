package ciliumstatus

import (
	"fmt"
	"slices"
	"strings"
)

// Facts prints what Compare judges, one fact a line, in a fixed order
// (workloads, containers and images sorted), without what does not count:
// colours, the logo, digests, image counts, and the counts of a settled
// workload ("all ready") or of a fully managed cluster ("all managed").
// Compare's Diff is the diff of the Facts of both sides.
func Facts(s Status) string {
	var b strings.Builder
	for _, c := range s.Components {
		fmt.Fprintf(&b, "%s: %s\n", canonical(c.Name), c.State.Kind())
	}
	ws := slices.Clone(s.Workloads)
	slices.SortFunc(ws, func(a, b Workload) int { return strings.Compare(a.Key(), b.Key()) })
	for _, w := range ws {
		if w.Settled() {
			fmt.Fprintf(&b, "%s: all ready\n", w.Key())
		} else {
			fmt.Fprintf(&b, "%s: %s\n", w.Key(), readiness(w))
		}
	}
	cs := slices.Clone(s.Containers)
	slices.SortFunc(cs, func(a, b Containers) int { return strings.Compare(a.Name, b.Name) })
	for _, c := range cs {
		if len(c.Phases) > 0 {
			fmt.Fprintf(&b, "Containers %s: %s\n", c.Name, strings.Join(sortedKeys(c.Phases), ", "))
		}
	}
	if p := s.Pods; p != nil {
		switch {
		case !p.Known():
			b.WriteString("Cluster Pods: managed unknown\n")
		case p.Managed == p.Total:
			b.WriteString("Cluster Pods: all managed\n")
		default:
			fmt.Fprintf(&b, "Cluster Pods: %s\n", p)
		}
	}
	if s.HelmChart != "" {
		fmt.Fprintf(&b, "Helm chart version: %s\n", s.HelmChart)
	}
	var imgs []string
	for _, i := range s.Images {
		imgs = append(imgs, fmt.Sprintf("Image %s: %s\n", i.Workload, withoutDigest(i.Image)))
	}
	slices.Sort(imgs)
	b.WriteString(strings.Join(imgs, ""))
	return b.String()
}
