// Package kubeaction judges what kubectl prints when it acts on objects
// (apply, create, delete, label, annotate, patch, scale, expose, set,
// replace, rollout, wait) as a set of facts, one per object:
// "deployment/web applied", "pod/probe deleted", "deployment web rolled
// out". kubectl prints them in the order the server answered, a newer
// kubectl writes the kind with its API group (deployment.apps/web), and
// whether apply says created, configured or unchanged depends on what the
// cluster held before, not on what the post teaches: the object now
// matches the manifest. What is not a fact (an error, a message) is
// compared as text, order ignored; progress lines ("Waiting for deployment
// ... rollout to finish") and warnings are not claims.
package kubeaction

import (
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/tutor-run/tutor/assertions"
	"github.com/tutor-run/tutor/engine/normalize"
)

// result is a line kubectl prints for one object: kind/name verb, or the
// older `kind "name" verb`.
var result = regexp.MustCompile(`^([a-z0-9.-]+)(?:/| ")([^\s"]+)"? (created|configured|unchanged|serverside-applied|deleted|labeled|annotated|patched|scaled|exposed|autoscaled|replaced|edited|restarted|paused|resumed|rolled back|image updated|resource requirements updated|env updated|selector updated|serviceaccount updated|condition met|cordoned|uncordoned|drained|evicted|tainted|untainted|untainted|pruned|skipped rollback.*)( \((?:server )?dry run\))?(?: from \S+ namespace)?$`)

// rolledOut is rollout status's final line for a deployment or daemon
// set; statefulDone is a StatefulSet's, which kubectl words differently
// by version and by whether the set is partitioned.
var (
	rolledOut    = regexp.MustCompile(`^(deployment|daemon set) "?([^\s"]+)"? successfully rolled out$`)
	statefulDone = regexp.MustCompile(`^(statefulset "?[^\s"]+"? successfully rolled out|statefulset rolling update complete \d+ pods at revision|partitioned roll out complete: \d+ new pods have been updated)`)
)

// progress is a line that says a wait is still going on.
var progress = regexp.MustCompile(`^(Waiting for |waiting for )`)

// advisory is a warning kubectl prints beside its output.
var advisory = regexp.MustCompile(`^(Warning: |W\d{4} )`)

// verbClass makes the verbs that mean the same outcome one.
func verbClass(v string) string {
	switch v {
	case "created", "configured", "unchanged", "serverside-applied":
		return "applied"
	}
	return v
}

// fact is one object's outcome.
type fact struct{ kind, name, verb string }

func (f fact) String() string { return f.kind + "/" + f.name + " " + f.verb }

// kindOf drops the API group: deployment.apps -> deployment.
func kindOf(k string) string {
	if i := strings.IndexByte(k, '.'); i > 0 {
		return k[:i]
	}
	return k
}

// parsed is an output read as facts and other lines.
type parsed struct {
	facts []fact
	other []string
	wild  bool
}

func parse(text string) parsed {
	var p parsed
	for _, l := range strings.Split(normalize.Text(text), "\n") {
		l = strings.TrimSpace(l)
		switch {
		case l == "":
		case l == "...":
			p.wild = true
		case progress.MatchString(l), advisory.MatchString(l):
		default:
			if m := result.FindStringSubmatch(l); m != nil {
				p.facts = append(p.facts, fact{kindOf(m[1]), m[2], verbClass(m[3]) + m[4]})
			} else if m := rolledOut.FindStringSubmatch(l); m != nil {
				p.facts = append(p.facts, fact{m[1], m[2], "rolled out"})
			} else if statefulDone.MatchString(l) {
				p.facts = append(p.facts, fact{"statefulset", "", "rolled out"})
			} else {
				p.other = append(p.other, l)
			}
		}
	}
	return p
}

// Compare judges a run's output against the pasted one as facts. A
// pasted "..." line allows facts and lines the post does not show.
func Compare(expected, actual string) assertions.Result {
	e, a := parse(expected), parse(actual)
	if len(e.facts) == 0 {
		return assertions.Output(expected, actual)
	}
	var missing, extra []string
	left := map[string]int{}
	for _, f := range a.facts {
		left[f.String()]++
	}
	for _, f := range e.facts {
		if left[f.String()] > 0 {
			left[f.String()]--
			continue
		}
		missing = append(missing, f.String())
	}
	for _, f := range a.facts {
		if left[f.String()] > 0 && !e.wild {
			left[f.String()]--
			extra = append(extra, f.String())
		}
	}
	lines := map[string]int{}
	for _, l := range a.other {
		lines[l]++
	}
	for _, l := range e.other {
		if lines[l] > 0 {
			lines[l]--
			continue
		}
		missing = append(missing, fmt.Sprintf("%q", l))
	}
	if !e.wild {
		for _, l := range a.other {
			if lines[l] > 0 {
				lines[l]--
				extra = append(extra, fmt.Sprintf("%q", l))
			}
		}
	}
	if len(missing) == 0 && len(extra) == 0 {
		return assertions.Result{OK: true, Message: fmt.Sprintf("kubectl reports the same outcome for %s (order, API groups and created/configured/unchanged ignored)", objects(len(e.facts)))}
	}
	sort.Strings(missing)
	sort.Strings(extra)
	var msg []string
	if len(missing) > 0 {
		msg = append(msg, "the post shows "+strings.Join(missing, ", ")+" but the run does not")
	}
	if len(extra) > 0 {
		msg = append(msg, "the run also shows "+strings.Join(extra, ", "))
	}
	return assertions.Result{Message: strings.Join(msg, "; "), Diff: assertions.Diff(expected, actual)}
}

func objects(n int) string {
	if n == 1 {
		return "1 object"
	}
	return fmt.Sprintf("%d objects", n)
}
