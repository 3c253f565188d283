package kubetable

import (
	"github.com/tutor-run/tutor/assertions"
	"strconv"
	"strings"

	"github.com/tutor-run/tutor/engine/normalize"
)

// class is how a column's cells are compared.
type class int

const (
	normalized class = iota // equal once normalize.Line'd
	ignored                 // never significant
	exact                   // equal as written (inner spacing aside)
	nodeName                // equal once reduced like a row name
	labels                  // key=value list; values reduced like names
	drift                   // a version: a difference is drift, noted, not failed
	key                     // NAME, NAMESPACE: used to pair rows
)

// classes lists the columns not compared after normalizing. Address
// columns (CLUSTER-IP, EXTERNAL-IP, IP, INTERNAL-IP, NOMINATED NODE) and
// PORT(S) are normalized: an address becomes <IP> and a NodePort <PORT>,
// while <pending> and <none> stay themselves.
var classes = map[string]class{
	"AGE": ignored, "RESTARTS": ignored, "LAST SEEN": ignored,
	"FIRST SEEN": ignored, "DURATION": ignored,

	"STATUS": exact, "READY": exact, "TYPE": exact, "ROLES": exact,
	"AVAILABLE": exact, "UP-TO-DATE": exact, "DESIRED": exact,
	"CURRENT": exact, "PHASE": exact,

	// The post's cluster ran other versions than a rerun's may: a rerun
	// on a newer Kubernetes still shows what the post claims.
	"VERSION": drift,

	"NODE":   nodeName,
	"LABELS": labels,
	"NAME":   key, "NAMESPACE": key,
}

// sameCell reports whether the post's value e and the live value a of
// column col are the same claim.
func sameCell(col, e, a string) bool {
	if e == a {
		return true
	}
	switch classes[col] {
	case ignored, key:
		return true
	case exact, drift:
		return strings.Join(strings.Fields(e), " ") == strings.Join(strings.Fields(a), " ")
	case nodeName:
		return maskDigits(generatedKey(e)) == maskDigits(generatedKey(a))
	case labels:
		return labelKey(e) == labelKey(a)
	}
	ne, na := normalize.Line(e), normalize.Line(a)
	return ne == na || assertions.MaskMeasurements(ne) == assertions.MaskMeasurements(na)
}

// labelKey normalizes a LABELS cell (app=web,pod-template-hash=65ff8695df):
// each value is reduced as a name part would be, so generated hashes and
// suffixes do not count.
func labelKey(s string) string {
	parts := strings.Split(s, ",")
	for i, p := range parts {
		if k, v, ok := strings.Cut(p, "="); ok {
			parts[i] = k + "=" + strings.TrimPrefix(generatedKey("x-"+v), "x-")
		}
	}
	return strings.Join(parts, ",")
}

// shown is how an ignored cell appears in the Diff, so the reader sees it
// did not count.
func shown(col, cell string) string {
	if classes[col] != ignored {
		if cell == "" {
			return `""`
		}
		return cell
	}
	if col == "RESTARTS" {
		return "<RESTARTS>"
	}
	return normalize.Age
}

// signature recognises a plain get's kind from its header: every column
// of cols is present (or, when only is set, the columns are exactly these,
// NAMESPACE and LABELS aside).
type signature struct {
	kind string
	cols []string
	only bool
}

var signatures = []signature{
	{kind: "node", cols: []string{"ROLES", "VERSION"}},
	{kind: "pod", cols: []string{"READY", "STATUS", "RESTARTS"}},
	{kind: "service", cols: []string{"TYPE", "CLUSTER-IP"}},
	{kind: "daemonset", cols: []string{"DESIRED", "CURRENT", "READY", "UP-TO-DATE", "AVAILABLE"}},
	{kind: "replicaset", cols: []string{"DESIRED", "CURRENT", "READY"}},
	{kind: "deployment", cols: []string{"READY", "UP-TO-DATE", "AVAILABLE"}},
	{kind: "job", cols: []string{"COMPLETIONS", "DURATION"}},
	{kind: "cronjob", cols: []string{"SCHEDULE", "SUSPEND"}},
	{kind: "persistentvolumeclaim", cols: []string{"VOLUME", "CAPACITY"}},
	{kind: "persistentvolume", cols: []string{"CAPACITY", "RECLAIM POLICY"}},
	{kind: "ingress", cols: []string{"HOSTS", "ADDRESS"}},
	{kind: "event", cols: []string{"REASON", "OBJECT"}},
	{kind: "secret", cols: []string{"NAME", "TYPE", "DATA", "AGE"}, only: true},
	{kind: "configmap", cols: []string{"NAME", "DATA", "AGE"}, only: true},
	{kind: "namespace", cols: []string{"NAME", "STATUS", "AGE"}, only: true},
	{kind: "statefulset", cols: []string{"NAME", "READY", "AGE"}, only: true},
}

// guessKind returns the kind a plain get's header belongs to, or "".
func guessKind(cols []string) string {
	have := make(map[string]bool, len(cols))
	n := 0
	for _, c := range cols {
		if c != "NAMESPACE" && c != "LABELS" {
			have[c] = true
			n++
		}
	}
next:
	for _, s := range signatures {
		if s.only && n != len(s.cols) {
			continue
		}
		for _, c := range s.cols {
			if !have[c] {
				continue next
			}
		}
		return s.kind
	}
	return ""
}

// singular names one object of kind in a message: "pod", "deployment"
// for deployment.apps, "row" when the kind is unknown.
func singular(kind string) string {
	if kind == "" {
		return "row"
	}
	base, _, _ := strings.Cut(kind, ".")
	return base
}

// plural names objects of kind: "nodes", "networkpolicies", "ingresses",
// "rows".
func plural(kind string) string {
	s := singular(kind)
	switch {
	case strings.HasSuffix(s, "s"):
		return s + "es"
	case strings.HasSuffix(s, "y") && len(s) > 1 && !strings.ContainsRune("aeiou", rune(s[len(s)-2])):
		return s[:len(s)-1] + "ies"
	}
	return s + "s"
}

// count says "1 node" or "3 nodes".
func count(n int, kind string) string {
	if n == 1 {
		return "1 " + singular(kind)
	}
	return strconv.Itoa(n) + " " + plural(kind)
}
