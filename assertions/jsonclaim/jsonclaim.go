// Package jsonclaim judges JSON and YAML documents (kubectl -o json|yaml,
// az's default output, helm -o json) by what they say rather than how they
// are printed. Key order and spacing never count. What the post pasted is
// a claim about the keys it shows: a newer server or CLI that adds fields
// (managedFields, new status fields, new az properties) says the same, and
// so does an author who trimmed fields when pasting. A value the post
// shows must be there with the same value, strings compared once volatile
// values are normalized (times, IPs, UUIDs and subscription IDs, hashes),
// except the fields that are measurements of one run (uid,
// resourceVersion, creationTimestamp, nodePort, etag, ...). A list of
// objects that carry a name is a set keyed by name; any other list is
// compared in order and must have the same length.
package jsonclaim

import (
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/tutor-run/tutor/assertions"
	"github.com/tutor-run/tutor/engine/normalize"
	"sigs.k8s.io/yaml"
)

// volatile are fields whose values differ in every faithful rerun.
var volatile = map[string]bool{
	"uid": true, "resourceVersion": true, "creationTimestamp": true,
	"selfLink": true, "managedFields": true, "nodePort": true, "etag": true,
	"containerID": true, "imageID": true, "startedAt": true, "finishedAt": true,
	"startTime": true, "lastTransitionTime": true, "lastProbeTime": true,
	"lastHeartbeatTime": true, "lastUpdateTime": true, "podIP": true, "podIPs": true,
	"hostIP": true, "hostIPs": true, "clusterIP": true, "clusterIPs": true,
	"nodeName": true, "timeCreated": true, "createdAt": true, "lastModifiedAt": true,
	"lastModifiedBy": true, "createdBy": true, "systemData": true, "principalId": true,
	"tenantId": true, "objectId": true, "clientId": true, "subscriptionId": true,
	"last_deployed": true, "first_deployed": true, "azurePortalFqdn": true,
	"kubectl.kubernetes.io/last-applied-configuration": true,
	"pod-template-hash": true, "controller-revision-hash": true,
}

// Parse decodes a JSON document, a stream of JSON values (one per line,
// as hubble and jq print), or YAML. It reports false for anything else.
func Parse(text string) (any, bool) {
	t := strings.TrimSpace(text)
	if t == "" {
		return nil, false
	}
	if t[0] == '{' || t[0] == '[' || t[0] == '"' {
		dec := json.NewDecoder(strings.NewReader(t))
		dec.UseNumber()
		var docs []any
		for {
			var v any
			if err := dec.Decode(&v); err != nil {
				if err.Error() == "EOF" {
					break
				}
				return nil, false
			}
			docs = append(docs, v)
		}
		if len(docs) == 1 {
			return docs[0], true
		}
		return docs, len(docs) > 0
	}
	if !looksLikeYAML(t) {
		return nil, false
	}
	var v any
	if err := yaml.Unmarshal([]byte(t), &v); err != nil {
		return nil, false
	}
	if _, ok := v.(map[string]any); !ok {
		return nil, false
	}
	return v, true
}

// looksLikeYAML is true for a document that starts with a key.
func looksLikeYAML(t string) bool {
	first := strings.SplitN(t, "\n", 2)[0]
	if first == "---" {
		return true
	}
	i := strings.Index(first, ":")
	return i > 0 && !strings.ContainsAny(first[:i], " \t\"'{[") && (i == len(first)-1 || first[i+1] == ' ')
}

// Compare judges a run's document against the pasted one.
func Compare(expected, actual string) assertions.Result {
	e, ok1 := Parse(assertions.WithoutAdvisories(expected))
	if !ok1 {
		// A terminal that wrapped the document's long lines.
		e, ok1 = Parse(strings.ReplaceAll(expected, "\n", ""))
	}
	a, ok2 := Parse(assertions.WithoutAdvisories(actual))
	if !ok1 || !ok2 {
		return assertions.Output(expected, actual)
	}
	var probs []string
	compare("", e, a, &probs)
	if len(probs) == 0 {
		return assertions.Result{OK: true, Message: "the document says what the post shows (key order, added fields and volatile values ignored)"}
	}
	return assertions.Differences(probs, expected, actual)
}

func compare(path string, e, a any, probs *[]string) {
	if len(*probs) > 20 {
		return
	}
	switch ev := e.(type) {
	case map[string]any:
		av, ok := a.(map[string]any)
		if !ok {
			*probs = append(*probs, fmt.Sprintf("%s: the post shows an object, the run %s", at(path), describe(a)))
			return
		}
		keys := make([]string, 0, len(ev))
		for k := range ev {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			if volatile[k] {
				continue
			}
			x, ok := av[k]
			if !ok {
				*probs = append(*probs, fmt.Sprintf("%s: the run has no %q", at(path), k))
				continue
			}
			compare(path+"."+k, ev[k], x, probs)
		}
	case []any:
		av, ok := a.([]any)
		if !ok {
			*probs = append(*probs, fmt.Sprintf("%s: the post shows a list, the run %s", at(path), describe(a)))
			return
		}
		if names, ok := byName(ev); ok {
			if anames, ok := byName(av); ok {
				for _, n := range sortedKeys(names) {
					x, ok := anames[n]
					if !ok {
						*probs = append(*probs, fmt.Sprintf("%s: the run has no item named %q", at(path), n))
						continue
					}
					compare(path+"["+n+"]", names[n], x, probs)
				}
				for _, n := range sortedKeys(anames) {
					if _, ok := names[n]; !ok {
						*probs = append(*probs, fmt.Sprintf("%s: the run has an item named %q the post does not show", at(path), n))
					}
				}
				return
			}
		}
		if len(ev) != len(av) {
			*probs = append(*probs, fmt.Sprintf("%s: the post shows %d items, the run %d", at(path), len(ev), len(av)))
			return
		}
		for i := range ev {
			compare(path+"["+strconv.Itoa(i)+"]", ev[i], av[i], probs)
		}
	default:
		if es, ok := e.(string); ok {
			if as, ok := a.(string); ok && assertions.Masked(es, as) {
				return
			}
		}
		if scalar(e) != scalar(a) {
			*probs = append(*probs, fmt.Sprintf("%s is %s, the post says %s", at(path), show(a), show(e)))
		}
	}
}

// byName keys a list of objects by their name (name, or metadata.name).
func byName(l []any) (map[string]any, bool) {
	m := map[string]any{}
	for _, x := range l {
		o, ok := x.(map[string]any)
		if !ok {
			return nil, false
		}
		n, ok := o["name"].(string)
		if !ok {
			md, _ := o["metadata"].(map[string]any)
			n, ok = md["name"].(string)
		}
		if !ok {
			return nil, false
		}
		n = normalize.Line(n)
		if _, dup := m[n]; dup {
			return nil, false
		}
		m[n] = x
	}
	return m, len(m) > 0
}

func sortedKeys(m map[string]any) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

// scalar is a comparable form of a leaf: strings normalized.
func scalar(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case string:
		return "s:" + assertions.MaskMeasurements(normalize.Line(x))
	case json.Number:
		return "n:" + x.String()
	case float64:
		return "n:" + strconv.FormatFloat(x, 'g', -1, 64)
	case bool:
		return "b:" + strconv.FormatBool(x)
	}
	return fmt.Sprint(v)
}

func show(v any) string {
	switch x := v.(type) {
	case string:
		return strconv.Quote(x)
	case map[string]any:
		return "an object"
	case []any:
		return "a list"
	case nil:
		return "null"
	}
	return fmt.Sprint(v)
}

func describe(v any) string {
	switch v.(type) {
	case map[string]any:
		return "an object"
	case []any:
		return "a list"
	}
	return "the value " + show(v)
}

func at(path string) string {
	if path == "" {
		return "the document"
	}
	return strings.TrimPrefix(path, ".")
}
