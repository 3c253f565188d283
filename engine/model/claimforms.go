package model

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// ClaimForm is one form of cluster claim: the words after "expect" that
// claim something about one kind of object.
type ClaimForm struct {
	// Words are the first words that select the form (any case), its name
	// first and then the aliases kubectl users reach for (po, svc).
	Words []string
	// Grammar is the form as engine/doc.go writes it after "expect";
	// every form also takes `within DURATION`.
	Grammar string
	// namespaced forms take -n NAMESPACE out of their words (anywhere
	// after the first word) before parse reads them.
	namespaced bool
	// parse reads the words after the first into c; first is the first
	// word, lower-cased.
	parse func(c ClusterClaim, first string, words []string) (ClusterClaim, error)
}

// ClaimForms are the cluster claims a post can state, one per kind of
// object: the one table of their grammar, which engine/doc.go specifies
// (the reader's tests check the two agree).
var ClaimForms = []ClaimForm{
	{Words: []string{"nodes", "node"}, Grammar: "nodes|node ready|notready|not-ready [N|all]", namespaced: true, parse: parseNodes},
	{Words: []string{"rollout"}, Grammar: "rollout [status] deployment|daemonset|statefulset/NAME [-n NS]", namespaced: true, parse: parseRollout},
	{Words: []string{"pod", "po"}, Grammar: "pod|po ready NAME [-n NS]", namespaced: true, parse: parseNamed(ClaimPodReady, "pod", "ready", "pod ready testpod -n default")},
	{Words: []string{"service", "svc"}, Grammar: "service|svc NAME [-n NS] has-ingress", namespaced: true, parse: parseNamed(ClaimServiceIngress, "service", "has-ingress", "service web -n demo has-ingress")},
	{Words: []string{"cilium"}, Grammar: "cilium ok [hubble]", parse: parseCilium},
	{Words: []string{"flows", "flow", "no"}, Grammar: FlowClaimGrammar(), parse: parseFlows},
}

// claimWords returns the Words of every form, sorted.
func claimWords() []string {
	var words []string
	for _, f := range ClaimForms {
		words = append(words, f.Words...)
	}
	slices.Sort(words)
	return words
}

// claimNames lists the forms by name: "nodes, rollout, ... or flows".
func claimNames() string {
	names := make([]string, len(ClaimForms))
	for i, f := range ClaimForms {
		names[i] = f.Words[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
}

// parseClaimWords reads a claim from directive words (ClaimForms).
func parseClaimWords(args []string) (ClusterClaim, error) {
	if len(args) == 0 {
		return ClusterClaim{}, fmt.Errorf("empty claim: want %s", claimNames())
	}
	first := strings.ToLower(args[0])
	i := slices.IndexFunc(ClaimForms, func(f ClaimForm) bool { return slices.Contains(f.Words, first) })
	if i < 0 {
		return ClusterClaim{}, fmt.Errorf("unknown claim %q: want %s", args[0], claimNames())
	}
	form, c, words := ClaimForms[i], ClusterClaim{Count: -1}, args[1:]
	if form.namespaced {
		var err error
		if words, c.Namespace, err = namespaceFlag(words); err != nil {
			return ClusterClaim{}, fmt.Errorf("%s: %w", args[0], err)
		}
	}
	return form.parse(c, first, words)
}

// parseNodes reads the words after "nodes".
func parseNodes(c ClusterClaim, _ string, words []string) (ClusterClaim, error) {
	if c.Namespace != "" {
		return ClusterClaim{}, fmt.Errorf("nodes: nodes have no namespace (drop -n %s)", c.Namespace)
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

// rolloutKinds maps the names kubectl accepts for a kind with a rollout to
// the kind.
var rolloutKinds = map[string]string{
	"deployment": "deployment", "deployments": "deployment", "deploy": "deployment",
	"daemonset": "daemonset", "daemonsets": "daemonset", "ds": "daemonset",
	"statefulset": "statefulset", "statefulsets": "statefulset", "sts": "statefulset",
}

// parseRollout reads the words after "rollout": KIND/NAME (or KIND NAME),
// after an optional "status" as in `kubectl rollout status`.
func parseRollout(c ClusterClaim, _ string, words []string) (ClusterClaim, error) {
	if len(words) > 0 && words[0] == "status" {
		words = words[1:]
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
}

// parseNamed returns the parser of a claim on one named object of kind
// (a pod, a service): the words after the first are keyword and the name,
// in either order; example shows the form when they are not.
func parseNamed(what, kind, keyword, example string) func(ClusterClaim, string, []string) (ClusterClaim, error) {
	return func(c ClusterClaim, _ string, words []string) (ClusterClaim, error) {
		c.What, c.Kind = what, kind
		name, err := nameAround(words, keyword)
		if err != nil {
			return ClusterClaim{}, fmt.Errorf("%s: %w, as in `%s`", kind, err, example)
		}
		c.Name = name
		return c, nil
	}
}

// parseCilium reads the words after "cilium": `ok`, then the optional
// components that must be enabled and OK too (hubble).
func parseCilium(c ClusterClaim, _ string, words []string) (ClusterClaim, error) {
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

// parseFlows reads the words after "flows" (or "no flows"), keeping them
// in Args once they parse as a FlowClaim, so that a post is refused before
// anything runs.
func parseFlows(c ClusterClaim, first string, words []string) (ClusterClaim, error) {
	c.What = ClaimFlows
	if first == "no" {
		if len(words) == 0 || (words[0] != "flows" && words[0] != "flow") {
			return ClusterClaim{}, fmt.Errorf("no: want `no flows ...`")
		}
		c.What, words = ClaimNoFlows, words[1:]
	}
	c.Args = words
	if _, err := c.FlowClaim(); err != nil {
		return ClusterClaim{}, err
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
