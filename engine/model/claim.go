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
	// What is one of nodes-ready, nodes-notready, rollout, pod-ready,
	// service-ingress.
	What string `json:"what"`
	// Count is the number of nodes claimed; -1 means all of them.
	Count     int           `json:"count"`
	Kind      string        `json:"kind,omitempty"`
	Namespace string        `json:"namespace,omitempty"`
	Name      string        `json:"name,omitempty"`
	Within    time.Duration `json:"within"`
}

// ClusterClaimWords are the first words that make an expect directive a
// cluster claim.
var ClusterClaimWords = []string{"nodes", "pod", "rollout", "service"}

// String states the claim in words.
func (c ClusterClaim) String() string {
	ns := ""
	if c.Namespace != "" {
		ns = c.Namespace + "/"
	}
	switch c.What {
	case "nodes-ready", "nodes-notready":
		n := "all nodes"
		if c.Count >= 0 {
			n = fmt.Sprintf("%d node(s)", c.Count)
		}
		state := "Ready"
		if c.What == "nodes-notready" {
			state = "NotReady"
		}
		return fmt.Sprintf("%s %s", n, state)
	case "rollout":
		return fmt.Sprintf("%s %s%s rolled out", c.Kind, ns, c.Name)
	case "pod-ready":
		return fmt.Sprintf("pod %s%s Ready", ns, c.Name)
	case "service-ingress":
		return fmt.Sprintf("service %s%s has an ingress address", ns, c.Name)
	}
	return c.What
}

var rolloutKinds = map[string]string{
	"deployment": "deployment", "deploy": "deployment", "deployments": "deployment",
	"daemonset": "daemonset", "ds": "daemonset", "daemonsets": "daemonset",
	"statefulset": "statefulset", "sts": "statefulset", "statefulsets": "statefulset",
}

// ParseClusterClaim parses the words after `expect`.
func ParseClusterClaim(args []string) (ClusterClaim, error) {
	c := ClusterClaim{Count: -1, Within: 30 * time.Second}
	args, err := c.takeOptions(args)
	if err != nil {
		return c, err
	}
	if len(args) == 0 {
		return c, fmt.Errorf("missing what to expect")
	}
	switch args[0] {
	case "nodes":
		if len(args) < 2 || len(args) > 3 || (args[1] != "ready" && args[1] != "notready") {
			return c, fmt.Errorf("want 'nodes ready [N]' or 'nodes notready [N]'")
		}
		c.What = "nodes-" + args[1]
		if len(args) == 3 {
			n, err := strconv.Atoi(args[2])
			if err != nil || n < 0 {
				return c, fmt.Errorf("bad node count %q", args[2])
			}
			c.Count = n
		}
	case "rollout":
		if len(args) != 2 {
			return c, fmt.Errorf("want 'rollout KIND/NAME [-n NAMESPACE]'")
		}
		kind, name, ok := strings.Cut(args[1], "/")
		if !ok || rolloutKinds[strings.ToLower(kind)] == "" || name == "" {
			return c, fmt.Errorf("bad workload %q: want deployment/NAME, daemonset/NAME or statefulset/NAME", args[1])
		}
		c.What, c.Kind, c.Name = "rollout", rolloutKinds[strings.ToLower(kind)], name
	case "pod":
		if len(args) != 3 || args[1] != "ready" {
			return c, fmt.Errorf("want 'pod ready NAME [-n NAMESPACE]'")
		}
		c.What, c.Kind, c.Name = "pod-ready", "pod", args[2]
	case "service":
		if len(args) < 2 || len(args) > 3 || (len(args) == 3 && args[2] != "has-ingress") {
			return c, fmt.Errorf("want 'service NAME [-n NAMESPACE] has-ingress'")
		}
		c.What, c.Kind, c.Name = "service-ingress", "service", args[1]
	default:
		return c, fmt.Errorf("unknown cluster claim %q (known: %s)", args[0], strings.Join(ClusterClaimWords, ", "))
	}
	return c, nil
}

// takeOptions removes `-n NS`, `--namespace NS` and `within D` from args.
func (c *ClusterClaim) takeOptions(args []string) ([]string, error) {
	var rest []string
	for i := 0; i < len(args); i++ {
		switch a := args[i]; {
		case a == "-n" || a == "--namespace" || a == "within":
			if i+1 >= len(args) {
				return nil, fmt.Errorf("%s needs a value", a)
			}
			if a == "within" {
				d, err := time.ParseDuration(args[i+1])
				if err != nil || d <= 0 {
					return nil, fmt.Errorf("bad duration %q", args[i+1])
				}
				c.Within = d
			} else {
				c.Namespace = args[i+1]
			}
			i++
		case strings.HasPrefix(a, "--namespace="):
			c.Namespace = strings.TrimPrefix(a, "--namespace=")
		default:
			rest = append(rest, a)
		}
	}
	return rest, nil
}
