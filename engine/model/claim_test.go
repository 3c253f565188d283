package model

import (
	"reflect"
	"strings"
	"testing"
)

func TestParseClaimWords(t *testing.T) {
	tests := []struct {
		words string
		want  ClusterClaim
	}{
		{"nodes ready", ClusterClaim{What: ClaimNodesReady, Count: -1}},
		{"nodes ready 3", ClusterClaim{What: ClaimNodesReady, Count: 3}},
		{"nodes ready all", ClusterClaim{What: ClaimNodesReady, Count: -1}},
		{"nodes notready", ClusterClaim{What: ClaimNodesNotReady, Count: -1}},
		{"nodes NotReady 0", ClusterClaim{What: ClaimNodesNotReady, Count: 0}},
		{"rollout deployment/basicdeploy -n basics", ClusterClaim{What: ClaimRollout, Count: -1, Kind: "deployment", Namespace: "basics", Name: "basicdeploy"}},
		{"rollout status deploy/web", ClusterClaim{What: ClaimRollout, Count: -1, Kind: "deployment", Name: "web"}},
		{"rollout -n kube-system ds cilium", ClusterClaim{What: ClaimRollout, Count: -1, Kind: "daemonset", Namespace: "kube-system", Name: "cilium"}},
		{"rollout statefulsets.apps/db --namespace=data", ClusterClaim{What: ClaimRollout, Count: -1, Kind: "statefulset", Namespace: "data", Name: "db"}},
		{"pod ready testpod", ClusterClaim{What: ClaimPodReady, Count: -1, Kind: "pod", Name: "testpod"}},
		{"pod ready testpod -n default", ClusterClaim{What: ClaimPodReady, Count: -1, Kind: "pod", Namespace: "default", Name: "testpod"}},
		{"pod testpod ready", ClusterClaim{What: ClaimPodReady, Count: -1, Kind: "pod", Name: "testpod"}},
		{"service basicdeploy -n basics has-ingress", ClusterClaim{What: ClaimServiceIngress, Count: -1, Kind: "service", Namespace: "basics", Name: "basicdeploy"}},
		{"cilium ok", ClusterClaim{What: ClaimCiliumOK, Count: -1, Args: []string{}}},
		{"cilium ok hubble", ClusterClaim{What: ClaimCiliumOK, Count: -1, Args: []string{"hubble"}}},
		{"flows from default/testpod to basics/basicdeploy port 80 verdict DROPPED", ClusterClaim{What: ClaimFlows, Count: -1,
			Args: strings.Fields("from default/testpod to basics/basicdeploy port 80 verdict DROPPED")}},
		{"no flows from default/testpod verdict FORWARDED", ClusterClaim{What: ClaimNoFlows, Count: -1,
			Args: strings.Fields("from default/testpod verdict FORWARDED")}},
		{"svc has-ingress web -n=demo", ClusterClaim{What: ClaimServiceIngress, Count: -1, Kind: "service", Namespace: "demo", Name: "web"}},
	}
	for _, tt := range tests {
		t.Run(tt.words, func(t *testing.T) {
			got, err := parseClaimWords(strings.Fields(tt.words))
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %+v\nwant %+v", got, tt.want)
			}
			again, err := parseClaimWords(strings.Fields(got.String()))
			if err != nil || !reflect.DeepEqual(again, got) {
				t.Errorf("String() = %q reads back as %+v, %v", got.String(), again, err)
			}
		})
	}
}

func TestParseClaimErrors(t *testing.T) {
	tests := []struct{ words, message string }{
		{"", "empty claim: want nodes, rollout, pod, service, cilium or flows"},
		{"cilium status", "cilium: want `cilium ok [hubble]`"},
		{"nodes", "nodes: want `nodes ready [N]` or `nodes notready [N]`"},
		{"nodes healthy", `nodes: want ready or notready, got "healthy"`},
		{"nodes ready three", `nodes ready: count "three" is not a number of nodes`},
		{"nodes ready -1", `nodes ready: count "-1" is not a number of nodes`},
		{"nodes ready --wide", `nodes: unknown flag "--wide" (only -n NAMESPACE)`},
		{"nodes ready -n x", "nodes: nodes have no namespace (drop -n x)"},
		{"rollout", "rollout: want KIND/NAME, as in `rollout deployment/web -n demo`"},
		{"rollout deployment/", "rollout: want KIND/NAME"},
		{"rollout job/migrate", `rollout: "job" has no rollout: want deployment, daemonset or statefulset`},
		{"rollout deployment/web -n", "rollout: -n needs a namespace"},
		{"pod testpod", `pod: missing "ready" after the name testpod, as in ` + "`pod ready testpod -n default`"},
		{"pod ready", `pod: want a name and "ready", got "ready"`},
		{"service web", `service: missing "has-ingress" after the name web`},
		{"service web has-ingress --wait", `service: unknown flag "--wait"`},
	}
	for _, tt := range tests {
		t.Run(tt.words, func(t *testing.T) {
			_, err := parseClaimWords(strings.Fields(tt.words))
			if err == nil || !strings.HasPrefix(err.Error(), tt.message) {
				t.Errorf("err = %v, want prefix %q", err, tt.message)
			}
		})
	}
}
