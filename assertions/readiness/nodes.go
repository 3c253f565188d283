package readiness

import (
	"fmt"
	"strings"

	"github.com/tutor-run/tutor/assertions"
	corev1 "k8s.io/api/core/v1"
)

// maxListed caps how many nodes a message names.
const maxListed = 5

// NodesReady checks the nodes' Ready condition. With want < 0 every node
// must be Ready, and there must be at least one; otherwise exactly want
// nodes must be Ready. A failure names the NotReady nodes and why.
func NodesReady(nodes []corev1.Node, want int) assertions.Result {
	ready, notReady := splitNodes(nodes)
	got := fmt.Sprintf("%d of %d nodes Ready", len(ready), len(nodes))
	switch {
	case len(nodes) == 0:
		return fail("no nodes")
	case want < 0 && len(notReady) == 0:
		return pass("%s", got)
	case want < 0:
		return fail("%s; NotReady: %s", got, listNodes(notReady))
	case len(ready) == want:
		return pass("%s", got)
	case len(notReady) == 0:
		return fail("%s, expected %d", got, want)
	}
	return fail("%s, expected %d; NotReady: %s", got, want, listNodes(notReady))
}

// NodesNotReady checks the nodes that are not Ready: with want < 0 every
// node (and at least one), otherwise exactly want of them.
func NodesNotReady(nodes []corev1.Node, want int) assertions.Result {
	ready, notReady := splitNodes(nodes)
	got := fmt.Sprintf("%d of %d nodes NotReady", len(notReady), len(nodes))
	switch {
	case len(nodes) == 0:
		return fail("no nodes")
	case want < 0 && len(ready) == 0:
		return pass("%s: %s", got, listNodes(notReady))
	case want < 0:
		return fail("%s; Ready: %s", got, listNodes(ready))
	case len(notReady) == want && want == 0:
		return pass("%s", got)
	case len(notReady) == want:
		return pass("%s: %s", got, listNodes(notReady))
	case len(notReady) == 0:
		return fail("%s, expected %d", got, want)
	}
	return fail("%s, expected %d: %s", got, want, listNodes(notReady))
}

// nodeState is a node's name and, when it is not Ready, why.
type nodeState struct {
	name string
	why  string
}

// splitNodes sorts nodes into Ready and not Ready, keeping their order.
func splitNodes(nodes []corev1.Node) (ready, notReady []nodeState) {
	for i := range nodes {
		n := &nodes[i]
		cond := readyCondition(n)
		switch {
		case cond == nil:
			notReady = append(notReady, nodeState{n.Name, "no Ready condition: the node has never reported"})
		case cond.Status == corev1.ConditionTrue:
			ready = append(ready, nodeState{name: n.Name})
		default:
			why := cond.Reason
			if cond.Message != "" {
				why = strings.TrimPrefix(why+": "+cond.Message, ": ")
			}
			switch {
			case why == "":
				why = "Ready=" + string(cond.Status)
			case cond.Status == corev1.ConditionUnknown && !strings.Contains(why, "Unknown"):
				why = "Unknown, " + why
			}
			notReady = append(notReady, nodeState{n.Name, why})
		}
	}
	return ready, notReady
}

// readyCondition is the node's Ready condition, nil when it has none.
func readyCondition(n *corev1.Node) *corev1.NodeCondition {
	for i := range n.Status.Conditions {
		if n.Status.Conditions[i].Type == corev1.NodeReady {
			return &n.Status.Conditions[i]
		}
	}
	return nil
}

// listNodes names nodes, with why for those that have one, up to
// maxListed: "aks-0 (KubeletNotReady: ...), aks-1 and 3 more".
func listNodes(nodes []nodeState) string {
	var parts []string
	for i, n := range nodes {
		if i == maxListed {
			parts = append(parts, fmt.Sprintf("and %d more", len(nodes)-maxListed))
			break
		}
		if n.why == "" {
			parts = append(parts, n.name)
			continue
		}
		parts = append(parts, n.name+" ("+n.why+")")
	}
	return strings.Join(parts, ", ")
}
