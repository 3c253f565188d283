package readiness

import (
	"testing"

	"github.com/tutor-run/tutor/assertions"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

func node(name string, conds ...corev1.NodeCondition) corev1.Node {
	return corev1.Node{ObjectMeta: metav1.ObjectMeta{Name: name}, Status: corev1.NodeStatus{Conditions: conds}}
}

var (
	readyCond    = corev1.NodeCondition{Type: corev1.NodeReady, Status: corev1.ConditionTrue, Reason: "KubeletReady"}
	notReadyCond = corev1.NodeCondition{Type: corev1.NodeReady, Status: corev1.ConditionFalse, Reason: "KubeletNotReady",
		Message: "container runtime network not ready: cni plugin not initialized"}
	unknownCond = corev1.NodeCondition{Type: corev1.NodeReady, Status: corev1.ConditionUnknown, Reason: "NodeStatusUnknown",
		Message: "Kubelet stopped posting node status."}
)

func TestNodes(t *testing.T) {
	three := []corev1.Node{node("aks-nodepool1-0", notReadyCond), node("aks-nodepool1-1", readyCond), node("aks-nodepool1-2", readyCond)}
	allReady := []corev1.Node{node("a", readyCond), node("b", readyCond)}
	allNotReady := []corev1.Node{node("a", notReadyCond), node("b", unknownCond), node("c")}
	tests := []struct {
		name    string
		check   func([]corev1.Node, int) assertions.Result
		nodes   []corev1.Node
		want    int
		ok      bool
		message string
	}{
		{"all ready", NodesReady, allReady, -1, true, "2 of 2 nodes Ready"},
		{"all ready, one not", NodesReady, three, -1, false,
			"2 of 3 nodes Ready; NotReady: aks-nodepool1-0 (KubeletNotReady: container runtime network not ready: cni plugin not initialized)"},
		{"exactly 2 ready", NodesReady, three, 2, true, "2 of 3 nodes Ready"},
		{"exactly 3 ready", NodesReady, three, 3, false,
			"2 of 3 nodes Ready, expected 3; NotReady: aks-nodepool1-0 (KubeletNotReady: container runtime network not ready: cni plugin not initialized)"},
		{"exactly 3 of 2 ready", NodesReady, allReady, 3, false, "2 of 2 nodes Ready, expected 3"},
		{"no nodes", NodesReady, nil, -1, false, "no nodes"},
		{"zero ready of none", NodesReady, nil, 0, false, "no nodes"},
		{"unknown and never reported", NodesNotReady, allNotReady, -1, true,
			"3 of 3 nodes NotReady: a (KubeletNotReady: container runtime network not ready: cni plugin not initialized), " +
				"b (NodeStatusUnknown: Kubelet stopped posting node status.), c (no Ready condition: the node has never reported)"},
		{"not all notready", NodesNotReady, three, -1, false, "1 of 3 nodes NotReady; Ready: aks-nodepool1-1, aks-nodepool1-2"},
		{"exactly 1 notready", NodesNotReady, three, 1, true,
			"1 of 3 nodes NotReady: aks-nodepool1-0 (KubeletNotReady: container runtime network not ready: cni plugin not initialized)"},
		{"exactly 0 notready", NodesNotReady, allReady, 0, true, "0 of 2 nodes NotReady"},
		{"exactly 2 notready", NodesNotReady, allReady, 2, false, "0 of 2 nodes NotReady, expected 2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := tt.check(tt.nodes, tt.want)
			if r.OK != tt.ok || r.Message != tt.message {
				t.Errorf("got %v %q\nwant %v %q", r.OK, r.Message, tt.ok, tt.message)
			}
		})
	}
}

func TestNodesListIsCapped(t *testing.T) {
	var nodes []corev1.Node
	for _, n := range []string{"n0", "n1", "n2", "n3", "n4", "n5", "n6"} {
		nodes = append(nodes, node(n, corev1.NodeCondition{Type: corev1.NodeReady, Status: corev1.ConditionFalse}))
	}
	r := NodesReady(nodes, -1)
	want := "0 of 7 nodes Ready; NotReady: n0 (Ready=False), n1 (Ready=False), n2 (Ready=False), n3 (Ready=False), n4 (Ready=False), and 2 more"
	if r.Message != want {
		t.Errorf("got %q\nwant %q", r.Message, want)
	}
}
