package model

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// ClusterClaim is a claim about the cluster's state that a post makes in
// prose ("the nodes are Ready now") and a directive states:
//
//	expect nodes ready [N]          expect nodes notready [N]
//	expect rollout KIND/NAME [-n NS]
//	expect pod ready NAME [-n NS]
//	expect service NAME [-n NS] has-ingress
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
// cluster claim.
var ClusterClaimWords = []string{"cilium", "flow", "flows", "no", "node", "nodes", "po", "pod", "rollout", "service", "svc"}

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

// rolloutKinds maps the names kubectl accepts for a kind with a rollout to
// the kind.
var rolloutKinds = map[string]string{
	"deployment": "deployment", "deployments": "deployment", "deploy": "deployment",
	"daemonset": "daemonset", "daemonsets": "daemonset", "ds": "daemonset",
	"statefulset": "statefulset", "statefulsets": "statefulset", "sts": "statefulset",
}

// parseClaimWords reads a claim from directive words:
//
//	nodes ready [N]
//	nodes notready [N]
//	rollout KIND/NAME [-n NAMESPACE]      (KIND: deployment, daemonset, statefulset)
//	pod ready NAME [-n NAMESPACE]
//	service NAME [-n NAMESPACE] has-ingress
//
// -n may also be written --namespace, -n=NS or --namespace=NS, anywhere
// after the first word.
func parseClaimWords(args []string) (ClusterClaim, error) {
	if len(args) == 0 {
		return ClusterClaim{}, fmt.Errorf("empty claim: want nodes, rollout, pod, service, cilium or flows")
	}
	// Flow and Cilium claims have words of their own.
	c := ClusterClaim{Count: -1}
	switch strings.ToLower(args[0]) {
	case "cilium":
		return parseCilium(c, args[1:])
	case "flows", "flow":
		c.What, c.Args = ClaimFlows, args[1:]
		return checkFlows(c)
	case "no":
		if len(args) < 2 || (args[1] != "flows" && args[1] != "flow") {
			return ClusterClaim{}, fmt.Errorf("no: want `no flows ...`")
		}
		c.What, c.Args = ClaimNoFlows, args[2:]
		return checkFlows(c)
	}
	words, ns, err := namespaceFlag(args[1:])
	if err != nil {
		return ClusterClaim{}, fmt.Errorf("%s: %w", args[0], err)
	}
	c.Namespace = ns
	switch strings.ToLower(args[0]) {
	case "nodes", "node":
		return parseNodes(c, words, ns)
	case "rollout":
		if len(words) > 0 && words[0] == "status" {
			words = words[1:] // as in `kubectl rollout status`
		}
		c.What = ClaimRollout
		if len(words) == 1 && strings.Contains(words[0], "/") {
			words = strings.SplitN(words[0], "/", 2)
		}
		if len(words) != 2 || words[1] == "" {
			return ClusterClaim{}, fmt.Errorf("rollout: want KIND/NAME, as in `rollout deployment/web -n demo`, got %q", strings.Join(words, " "))
		}
		kind, ok := rolloutKinds[strings.ToLower(strings.TrimSuffix(words[0], ".apps"))]
		if !ok {
			return ClusterClaim{}, fmt.Errorf("rollout: %q has no rollout: want deployment, daemonset or statefulset", words[0])
		}
		c.Kind, c.Name = kind, words[1]
		return c, nil
	case "pod", "po":
		c.What, c.Kind = ClaimPodReady, "pod"
		name, err := nameAround(words, "ready")
		if err != nil {
			return ClusterClaim{}, fmt.Errorf("pod: %w, as in `pod ready testpod -n default`", err)
		}
		c.Name = name
		return c, nil
	case "service", "svc":
		c.What, c.Kind = ClaimServiceIngress, "service"
		name, err := nameAround(words, "has-ingress")
		if err != nil {
			return ClusterClaim{}, fmt.Errorf("service: %w, as in `service web -n demo has-ingress`", err)
		}
		c.Name = name
		return c, nil
	}
	return ClusterClaim{}, fmt.Errorf("unknown claim %q: want nodes, rollout, pod, service, cilium or flows", args[0])
}

// checkFlows keeps the words of a flow claim after checking that they
// parse (FlowClaim), so that a post is refused before anything runs.
func checkFlows(c ClusterClaim) (ClusterClaim, error) {
	if _, err := c.FlowClaim(); err != nil {
		return ClusterClaim{}, err
	}
	return c, nil
}

// parseCilium reads the words after "cilium": `ok`, then the optional
// components that must be enabled and OK too (hubble).
func parseCilium(c ClusterClaim, words []string) (ClusterClaim, error) {
	if len(words) == 0 || strings.ToLower(words[0]) != "ok" {
		return ClusterClaim{}, fmt.Errorf("cilium: want `cilium ok [hubble]`, got %q", strings.Join(words, " "))
	}
	for _, w := range words[1:] {
		if w != "hubble" {
			return ClusterClaim{}, fmt.Errorf("cilium ok: unknown component %q: want hubble", w)
		}
	}
	c.What, c.Args = ClaimCiliumOK, words[1:]
	return c, nil
}

// parseNodes reads the words after "nodes".
func parseNodes(c ClusterClaim, words []string, ns string) (ClusterClaim, error) {
	if ns != "" {
		return ClusterClaim{}, fmt.Errorf("nodes: nodes have no namespace (drop -n %s)", ns)
	}
	if len(words) == 0 || len(words) > 2 {
		return ClusterClaim{}, fmt.Errorf("nodes: want `nodes ready [N]` or `nodes notready [N]`, got %q", strings.Join(words, " "))
	}
	switch strings.ToLower(words[0]) {
	case "ready":
		c.What = ClaimNodesReady
	case "notready", "not-ready":
		c.What = ClaimNodesNotReady
	default:
		return ClusterClaim{}, fmt.Errorf("nodes: want ready or notready, got %q", words[0])
	}
	if len(words) == 2 && words[1] != "all" {
		n, err := strconv.Atoi(words[1])
		if err != nil || n < 0 {
			return ClusterClaim{}, fmt.Errorf("nodes %s: count %q is not a number of nodes", words[0], words[1])
		}
		c.Count = n
	}
	return c, nil
}

// namespaceFlag takes -n / --namespace out of words.
func namespaceFlag(words []string) (rest []string, ns string, err error) {
	for i := 0; i < len(words); i++ {
		w := words[i]
		switch {
		case w == "-n" || w == "--namespace":
			if i+1 == len(words) || strings.HasPrefix(words[i+1], "-") {
				return nil, "", fmt.Errorf("%s needs a namespace", w)
			}
			ns = words[i+1]
			i++
		case strings.HasPrefix(w, "-n=") || strings.HasPrefix(w, "--namespace="):
			ns = w[strings.Index(w, "=")+1:]
			if ns == "" {
				return nil, "", fmt.Errorf("%s needs a namespace", w)
			}
		case strings.HasPrefix(w, "-") && !isNumber(w):
			return nil, "", fmt.Errorf("unknown flag %q (only -n NAMESPACE)", w)
		default:
			rest = append(rest, w)
		}
	}
	return rest, ns, nil
}

// nameAround finds NAME in words that must be [keyword NAME] or
// [NAME keyword].
func nameAround(words []string, keyword string) (string, error) {
	switch {
	case len(words) == 2 && words[0] == keyword && words[1] != keyword:
		return words[1], nil
	case len(words) == 2 && words[1] == keyword && words[0] != keyword:
		return words[0], nil
	case len(words) == 1 && words[0] != keyword:
		return "", fmt.Errorf("missing %q after the name %s", keyword, words[0])
	}
	return "", fmt.Errorf("want a name and %q, got %q", keyword, strings.Join(words, " "))
}

// isNumber reports whether w is an integer, such as a (wrong) negative
// count, rather than a flag.
func isNumber(w string) bool {
	_, err := strconv.Atoi(w)
	return err == nil
}

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
