package model

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// ClusterClaim is a claim about the cluster's state that a post makes in
// prose ("the nodes are Ready now") and a directive states, in one of the
// forms of ClaimForms:
//
//	expect nodes ready 3
//	expect rollout deployment/web -n demo within 2m
//
// each optionally followed by `within DURATION` (default 30s): the claim
// is checked until it holds or the time is up.
type ClusterClaim struct {
	// What is one of the Claim* constants.
	What string `json:"what"`
	// Count is the number of nodes claimed; -1 means all of them.
	Count     int           `json:"count"`
	Kind      string        `json:"kind,omitempty"`
	Namespace string        `json:"namespace,omitempty"`
	Name      string        `json:"name,omitempty"`
	Within    time.Duration `json:"within"`
	// Args are the claim's words after its first ones, for claims with
	// words of their own (Hubble flows, read by FlowClaim; Cilium
	// components).
	Args []string `json:"args,omitempty"`
}

// ClusterClaimWords are the first words that make an expect directive a
// cluster claim: the Words of every ClaimForm, sorted.
var ClusterClaimWords = claimWords()

// NeedsDatapath reports whether checking the claim needs traffic to have
// flowed through a real datapath (Hubble flows), rather than objects an
// API server holds.
func (c ClusterClaim) NeedsDatapath() bool { return c.What == ClaimFlows || c.What == ClaimNoFlows }

// String writes the claim back in directive words.
func (c ClusterClaim) String() string {
	ns := ""
	if c.Namespace != "" {
		ns = " -n " + c.Namespace
	}
	switch c.What {
	case ClaimNodesReady, ClaimNodesNotReady:
		s := "nodes " + strings.TrimPrefix(c.What, "nodes-")
		if c.Count >= 0 {
			s += " " + strconv.Itoa(c.Count)
		}
		return s
	case ClaimRollout:
		return "rollout " + c.Kind + "/" + c.Name + ns
	case ClaimPodReady:
		return "pod ready " + c.Name + ns
	case ClaimServiceIngress:
		return "service " + c.Name + ns + " has-ingress"
	case ClaimCiliumOK:
		return strings.TrimSpace("cilium ok " + strings.Join(c.Args, " "))
	case ClaimFlows:
		return "flows " + strings.Join(c.Args, " ")
	case ClaimNoFlows:
		return "no flows " + strings.Join(c.Args, " ")
	}
	return c.What
}

// Describe states the claim in prose, for plans and reports.
func (c ClusterClaim) Describe() string {
	ns := ""
	if c.Namespace != "" {
		ns = c.Namespace + "/"
	}
	switch c.What {
	case ClaimNodesReady, ClaimNodesNotReady:
		n := "all nodes"
		if c.Count >= 0 {
			n = fmt.Sprintf("%d node(s)", c.Count)
		}
		state := "Ready"
		if c.What == ClaimNodesNotReady {
			state = "NotReady"
		}
		return fmt.Sprintf("%s %s", n, state)
	case ClaimRollout:
		return fmt.Sprintf("%s %s%s rolled out", c.Kind, ns, c.Name)
	case ClaimPodReady:
		return fmt.Sprintf("pod %s%s Ready", ns, c.Name)
	case ClaimServiceIngress:
		return fmt.Sprintf("service %s%s has an ingress address", ns, c.Name)
	case ClaimCiliumOK:
		if len(c.Args) > 0 {
			return "Cilium healthy, with " + strings.Join(c.Args, ", ")
		}
		return "Cilium healthy"
	case ClaimFlows:
		return "Hubble saw flows " + strings.Join(c.Args, " ")
	case ClaimNoFlows:
		return "Hubble saw no flows " + strings.Join(c.Args, " ")
	}
	return c.What
}

// The cluster claims, as ClusterClaim.What.
const (
	ClaimNodesReady     = "nodes-ready"
	ClaimNodesNotReady  = "nodes-notready"
	ClaimRollout        = "rollout"
	ClaimPodReady       = "pod-ready"
	ClaimServiceIngress = "service-ingress"
	// ClaimCiliumOK holds when Cilium's agent, operator (and, with Args
	// ["hubble"], Hubble Relay) are healthy, by cilium-cli's rules.
	ClaimCiliumOK = "cilium-ok"
	// ClaimFlows holds when Hubble saw a flow that Args describe
	// (FlowClaim); ClaimNoFlows when it saw none.
	ClaimFlows   = "flows"
	ClaimNoFlows = "no-flows"
)

// ParseClusterClaim parses the words after `expect`, with an optional
// `within DURATION` anywhere after the first word.
func ParseClusterClaim(args []string) (ClusterClaim, error) {
	within := 30 * time.Second
	var rest []string
	for i := 0; i < len(args); i++ {
		if args[i] == "within" && i > 0 {
			if i+1 >= len(args) {
				return ClusterClaim{}, fmt.Errorf("within needs a duration")
			}
			d, err := time.ParseDuration(args[i+1])
			if err != nil || d <= 0 {
				return ClusterClaim{}, fmt.Errorf("bad duration %q (examples: 30s, 2m)", args[i+1])
			}
			within = d
			i++
			continue
		}
		rest = append(rest, args[i])
	}
	c, err := parseClaimWords(rest)
	c.Within = within
	return c, err
}
