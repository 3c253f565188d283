// Package cilium reads the facts of `cilium status` straight from the
// cluster, the way cilium-cli does, so that tutor can show and judge a
// `cilium status` step when the cilium CLI is missing, and checks the
// `expect cilium ok` claim.
//
// # What Check can and cannot know
//
// Check reads, in the given namespace (kube-system for a standard
// install):
//
//	Cilium           DaemonSet cilium: its pods all ready and available,
//	                 its generation observed and every pod updated, else
//	                 one error per unmet condition; missing is an error
//	Operator         Deployment cilium-operator; missing is "disabled"
//	Envoy DaemonSet  DaemonSet cilium-envoy; missing is "disabled (using
//	                 embedded mode)"
//	Hubble Relay     Deployment hubble-relay; missing is "disabled"
//	ClusterMesh      Deployment clustermesh-apiserver; missing is
//	                 "disabled"
//
// plus the Deployment hubble-ui as a workload line. Containers counts the
// phases of the pods each workload's selector matches; Image versions
// counts their containers' images; the Helm chart version comes from the
// DaemonSet's helm.sh/chart label (cilium-1.14.0 is 1.14.0), else from
// the deployed Helm release secret of the release "cilium".
//
// cilium-cli also asks every agent (by exec: `cilium status -o json` and
// `cilium endpoint list -o json`) for its subsystems' health and for the
// endpoints it manages. Check does not: an agent's internal errors
// (controllers failing, kvstore, health) are invisible to it, and so is
// which pods Cilium manages. Cluster Pods therefore counts the pods that
// are not on the host network and still running or pending as the total,
// and leaves the managed count unknown (Pods.Managed = -1, printed
// "?/N managed by Cilium"); ciliumstatus.Compare does not judge it.
package cilium
