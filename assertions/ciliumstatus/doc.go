// Package ciliumstatus judges the output of `cilium status` (cilium-cli's
// summary) as a set of facts rather than as text.
//
// # Parsing
//
// Parse strips ANSI colour codes (cilium-cli prints them even without a
// terminal) and the logo, then reads:
//
//	component lines   Cilium, Operator, Envoy DaemonSet, Hubble Relay,
//	                  ClusterMesh (and the older "Hubble:"), each OK,
//	                  disabled (with a reason such as "using embedded
//	                  mode"), or "N errors, M warnings"
//	workload lines    Deployment|DaemonSet NAME Desired: N, Ready: r/N,
//	                  Available: a/N, Unavailable: u/N (cilium-cli leaves
//	                  out the parts that are zero)
//	Containers:       NAME Running: N[, Pending: M ...], one per line
//	Cluster Pods:     M/T managed by Cilium ("?/T" when M is unknown)
//	Helm chart version
//	Image versions    NAME IMAGE: COUNT, one per line
//	Errors:/Warnings: WORKLOAD POD MESSAGE
//
// Columns are found by words, not by position, so the layouts of the
// cilium-cli releases (2, 4 or more spaces between columns, blank
// Containers rows, no Envoy line) and posts whose spaces were collapsed
// all parse. Lines it does not know (a shell prompt, "⌛ Waiting ...") are
// skipped; a text without a single component or workload line is not a
// cilium status.
//
// # Comparing
//
// Compare judges the facts of the post against the run's:
//
//   - Component states are significant by kind: OK, disabled, errors,
//     warnings. "1 errors" against "3 errors" is the same kind (a note).
//     The older "Hubble" line stands for "Hubble Relay". A component the
//     run's cilium-cli does not print at all is a note.
//   - Workloads are paired by kind and name, in any order. Whether Ready
//     and Available reach Desired (and nothing is Unavailable) is
//     significant; Desired itself follows the cluster's size (a
//     DaemonSet has one pod per node), so a different Desired is a note.
//     A workload of the post missing from the run is a failure; an extra
//     one is a note.
//   - Containers: a phase the run shows and the post does not (Pending,
//     Failed ...) is a failure, as is no Running container where the post
//     shows some; different counts are notes.
//   - Cluster Pods: when the post shows every pod managed by Cilium, the
//     run must too; the counts themselves are the cluster's. A post that
//     shows some pods unmanaged, or a run that cannot know (the native
//     check has no agent to ask), is not judged, with a note.
//   - The Helm chart version and the image versions (paired by workload
//     and image repository; digests and counts ignored) that differ are
//     drift: notes such as "drift: image cilium quay.io/cilium/cilium:
//     v1.14.0 → v1.14.5", failures only with Options.StrictVersions.
//
// Result.Message lists every failure, then the notes in parentheses. On a
// failure Result.Diff shows the normalized facts of both sides (see Facts).
// When either side does not parse, Compare falls back to
// assertions.Output.
package ciliumstatus
