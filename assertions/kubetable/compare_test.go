package kubetable

import (
	"reflect"
	"strings"
	"testing"

	"github.com/tutor-run/tutor/assertions/internal/fixture"
)

func TestCompare(t *testing.T) {
	podBinding := Binding{"pod", "basicdeploy-65ff8695df-p58zr", "basicdeploy-7c9d5d6f4b-k2x7p"}
	rsBinding := Binding{"replicaset.apps", "basicdeploy-65ff8695df", "basicdeploy-7c9d5d6f4b"}
	nodeBindings := []Binding{
		{"node", "aks-nodepool1-30325416-vmss000000", "aks-nodepool1-12345678-vmss000000"},
		{"node", "aks-nodepool1-30325416-vmss000001", "aks-nodepool1-12345678-vmss000001"},
		{"node", "aks-nodepool1-30325416-vmss000002", "aks-nodepool1-12345678-vmss000002"},
	}
	tests := []struct {
		name             string
		expected, actual string
		ok               bool
		message          string // exact, or a prefix ending in "..."
		bindings         []Binding
		addresses        []Binding
	}{
		{name: "get no as pasted", expected: getNo, actual: getNo, ok: true, message: "3 nodes match"},
		{name: "get no, other ages and spacing", expected: getNo,
			actual: "NAME                                STATUS     ROLES    AGE     VERSION\n" +
				"aks-nodepool1-30325416-vmss000000   NotReady   agent    5d20h   v1.28.5\n" +
				"aks-nodepool1-30325416-vmss000001   NotReady   agent    5d20h   v1.28.5\n" +
				"aks-nodepool1-30325416-vmss000002   NotReady   agent    12s     v1.28.5\n",
			ok: true, message: "3 nodes match"},
		{name: "get no, another cluster", expected: getNo, actual: fixture.Edit(t, getNo, "30325416", "12345678"),
			ok: true, message: "3 nodes match, 3 names bound", bindings: nodeBindings},
		{name: "get no, Ready instead of NotReady", expected: getNo, actual: fixture.Edit(t, getNo, "NotReady", "Ready   "),
			message: `node aks-nodepool1-30325416-vmss000000: STATUS is "Ready", the post says "NotReady" (and 2 more differences)`},
		{name: "get no, 3 nodes vs 2", expected: getNo,
			actual:  fixture.Edit(t, getNo, "aks-nodepool1-30325416-vmss000002   NotReady   agent   19m   v1.28.5\n", ""),
			message: "the post shows 3 nodes, the cluster has 2 (missing: aks-nodepool1-30325416-vmss000002)"},
		{name: "get no, 3 nodes vs 4", expected: getNo,
			actual:  getNo + "aks-nodepool1-30325416-vmss000003   NotReady   agent   1m    v1.28.5\n",
			message: "the post shows 3 nodes, the cluster has 4 (not in the post: aks-nodepool1-30325416-vmss000003)"},
		// Another Kubernetes is drift, noted; a node that is not Ready
		// beside it still fails.
		{name: "get no, version drift", expected: getNo, actual: fixture.Edit(t, getNo, "v1.28.5", "v1.29.2"),
			ok: true, message: `3 nodes match (drift: VERSION v1.28.5 → v1.29.2 (3 rows))`},
		{name: "get no, version drift and a change", expected: getNo,
			actual:  fixture.Edit(t, getNo, "v1.28.5", "v1.29.2", "vmss000001   NotReady", "vmss000001   Ready   "),
			message: `node aks-nodepool1-30325416-vmss000001: STATUS is "Ready", the post says "NotReady"`},
		{name: "get no, missing column", expected: getNo, actual: fixture.Edit(t, getNo, "   VERSION", "", "   v1.28.5", ""),
			message: "the output lacks the column VERSION of the post's table at line 1"},
		{name: "get no, extra column", expected: getNo,
			actual: fixture.Edit(t, getNo, "VERSION", "VERSION   INTERNAL-IP", "v1.28.5", "v1.28.5   10.224.0.4 "),
			ok:     true, message: "3 nodes match"},
		{name: "get no, a wildcard row allows more", expected: getNo + "...\n",
			actual: getNo + "aks-nodepool1-30325416-vmss000003   NotReady   agent   1m    v1.28.5\n",
			ok:     true, message: "3 nodes match"},

		{name: "get all as pasted", expected: getAll, actual: getAll, ok: true,
			message: "1 pod, 1 service, 1 deployment, 1 replicaset match"},
		{name: "get all, new cluster", expected: getAll, actual: liveAll, ok: true,
			message:  "1 pod, 1 service, 1 deployment, 1 replicaset match, 2 names bound",
			bindings: []Binding{podBinding, rsBinding},
			addresses: []Binding{{Kind: "service", Expected: "10.0.189.143", Actual: "10.0.12.7"},
				{Kind: "service", Expected: "172.171.45.48", Actual: "20.62.141.9"}}},
		{name: "get all, EXTERNAL-IP pending", expected: getAll, actual: fixture.Edit(t, liveAll, "20.62.141.9 ", "<pending>  "),
			message:  `service basicdeploy: EXTERNAL-IP is "<pending>", the post says "172.171.45.48"`,
			bindings: []Binding{podBinding, rsBinding}},
		{name: "get all, pod not ready", expected: getAll, actual: fixture.Edit(t, liveAll, "1/1     Running", "0/1     Running"),
			message:  `pod basicdeploy-7c9d5d6f4b-k2x7p (basicdeploy-65ff8695df-p58zr in the post): READY is "0/1", the post says "1/1"`,
			bindings: []Binding{podBinding, rsBinding}},
		{name: "get all, port changed", expected: getAll, actual: fixture.Edit(t, liveAll, "80:31234/TCP", "8080:31234/TCP"),
			message:  `service basicdeploy: PORT(S) is "8080:31234/TCP", the post says "80:30316/TCP"`,
			bindings: []Binding{podBinding, rsBinding}},
		{name: "get all, no pods", expected: getAll, actual: liveAll[strings.Index(liveAll, "\n\n")+2:],
			message:  "the post shows 1 pod (line 1), the cluster has none",
			bindings: []Binding{rsBinding}},
		{name: "get all, an extra table", expected: getAll,
			actual:   liveAll + "\nNAME                                              REFERENCE                TARGETS   MINPODS   MAXPODS   REPLICAS   AGE\nhorizontalpodautoscaler.autoscaling/basicdeploy   Deployment/basicdeploy   0%/50%    1         3         1          4m\n",
			message:  "the cluster also has 1 horizontalpodautoscaler, which the post does not show",
			bindings: []Binding{podBinding, rsBinding}},
		{name: "get all, another app", expected: getAll, actual: strings.ReplaceAll(liveAll, "basicdeploy", "webapp"),
			message: "pods differ (missing: basicdeploy-65ff8695df-p58zr; not in the post: webapp-7c9d5d6f4b-k2x7p) (and 3 more differences)"},

		{name: "pods -o wide, new cluster", expected: podsWide,
			actual: fixture.Edit(t, podsWide, "65ff8695df-p58zr", "7c9d5d6f4b-k2x7p", "10.244.1.17", "10.244.2.9 ",
				"1 (20h ago)", "0          ", "30325416-vmss000001", "12345678-vmss000002", "30325416-vmss000000", "12345678-vmss000001"),
			ok: true, message: "2 pods match, 1 name bound", bindings: []Binding{podBinding}},
		{name: "pods -o wide, not scheduled", expected: podsWide,
			actual:  fixture.Edit(t, podsWide, "   10.244.0.5    aks-nodepool1-30325416-vmss000000", "   <none>        <none>                           "),
			message: `pod testpod: IP is "<none>", the post says "10.244.0.5" (and 1 more difference)`},
		{name: "pods -A, new cluster", expected: podsAll,
			actual: fixture.Edit(t, podsAll, "basicdeploy-65ff8695df-p58zr", "basicdeploy-7c9d5d6f4b-k2x7p",
				"5d7f9b8c6d-2xk9p", "6b8f4c7d9f-m4wq2", "cilium-xkcdq", "cilium-tqrxv", "cilium-zt7wm", "cilium-b2kfn",
				"coredns-789789675-79xnk", "coredns-5d78c9869d-h7x2p"),
			ok: true, message: "6 pods match, 5 names bound",
			bindings: []Binding{podBinding,
				{"pod", "cilium-operator-5d7f9b8c6d-2xk9p", "cilium-operator-6b8f4c7d9f-m4wq2"},
				{"pod", "cilium-xkcdq", "cilium-tqrxv"},
				{"pod", "cilium-zt7wm", "cilium-b2kfn"},
				{"pod", "coredns-789789675-79xnk", "coredns-5d78c9869d-h7x2p"}}},
		{name: "pods -A, same name in another namespace", expected: podsAll,
			actual:  fixture.Edit(t, podsAll, "default       testpod", "client        testpod"),
			message: "pods differ (missing: default/testpod; not in the post: client/testpod)"},
		{name: "labels, generated values", expected: "NAME                           READY   STATUS    RESTARTS   AGE   LABELS\nbasicdeploy-65ff8695df-p58zr   1/1     Running   0          19h   app=basicdeploy,pod-template-hash=65ff8695df\n",
			actual: "NAME                           READY   STATUS    RESTARTS   AGE   LABELS\nbasicdeploy-7c9d5d6f4b-k2x7p   1/1     Running   0          2m    app=basicdeploy,pod-template-hash=7c9d5d6f4b\n",
			ok:     true, message: "1 pod match, 1 name bound", bindings: []Binding{podBinding}},

		{name: "not a table: falls back to Output", expected: getNo, actual: "No resources found\n",
			message: `expected 4 lines, got 1: line 1: expected "NAME STATUS ROLES AGE VERSION", got "No resources found"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Compare(tt.expected, tt.actual)
			if r.OK != tt.ok {
				t.Errorf("OK = %v, want %v (%s)\n%s", r.OK, tt.ok, r.Message, r.Diff)
			}
			if r.Message != tt.message {
				t.Errorf("Message:\n got %s\nwant %s", r.Message, tt.message)
			}
			if tt.addresses != nil && !reflect.DeepEqual(r.Addresses, tt.addresses) {
				t.Errorf("Addresses:\n got %q\nwant %q", r.Addresses, tt.addresses)
			}
			if !reflect.DeepEqual(r.Bindings, tt.bindings) {
				t.Errorf("Bindings:\n got %q\nwant %q", r.Bindings, tt.bindings)
			}
			if got, want := r.Diff != "", !r.OK; got != want {
				t.Errorf("has Diff = %v, want %v:\n%s", got, want, r.Diff)
			}
		})
	}
}

func TestCompareDiff(t *testing.T) {
	r := Compare(getAll, fixture.Edit(t, liveAll, "20.62.141.9 ", "<pending>  "))
	want := `--- expected
+++ actual
@@ -2,7 +2,7 @@
 pod/basicdeploy-<HASH>-<HASH> 1/1 Running <RESTARTS> <AGE>
 
 NAME TYPE CLUSTER-IP EXTERNAL-IP PORT(S) AGE
-service/basicdeploy LoadBalancer <IP> <IP> 80:<PORT>/TCP <AGE>
+service/basicdeploy LoadBalancer <IP> <pending> 80:<PORT>/TCP <AGE>
 
 NAME READY UP-TO-DATE AVAILABLE AGE
 deployment.apps/basicdeploy 1/1 1 1 <AGE>
`
	if r.Diff != want {
		t.Errorf("Diff:\n%s\nwant:\n%s", r.Diff, want)
	}
}

func TestGeneratedPrefix(t *testing.T) {
	tests := []struct {
		name, prefix string
		ok           bool
	}{
		{"basicdeploy-65ff8695df-p58zr", "basicdeploy-", true},
		{"coredns-789789675-79xnk", "coredns-", true},
		{"cilium-xkcdq", "cilium-", true},
		{"cilium-operator-5d7f9b8c6d-2xk9p", "cilium-operator-", true},
		{"basicdeploy-65ff8695df", "basicdeploy-", true},
		{"basicdeploy", "basicdeploy", false},
		{"testpod", "testpod", false},
		{"web-0", "web-0", false},
		{"cilium-envoy", "cilium-envoy", false},
		{"aks-nodepool1-30325416-vmss000000", "aks-nodepool1-30325416-vmss000000", false},
	}
	for _, tt := range tests {
		prefix, ok := GeneratedPrefix(tt.name)
		if prefix != tt.prefix || ok != tt.ok {
			t.Errorf("GeneratedPrefix(%q) = %q, %v; want %q, %v", tt.name, prefix, ok, tt.prefix, tt.ok)
		}
	}
}
