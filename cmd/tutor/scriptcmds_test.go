package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/tutor-run/tutor/engine/cluster"
)

// noProcess is `no-process TEXT`: it fails when a live process other than
// the test's own has TEXT in its command line, so a script can check that
// a run left nothing behind (a step's stray, a sandbox's servers).
func noProcess(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: no-process TEXT")
	}
	self := os.Getpid()
	paths, _ := filepath.Glob("/proc/[0-9]*/cmdline")
	var found []string
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil || len(data) == 0 {
			continue
		}
		cmd := strings.TrimSpace(string(bytes.ReplaceAll(data, []byte{0}, []byte{' '})))
		if strings.Contains(cmd, args[0]) && p != fmt.Sprintf("/proc/%d/cmdline", self) {
			if stat, err := os.ReadFile(strings.TrimSuffix(p, "cmdline") + "stat"); err == nil && bytes.Contains(stat, []byte(") Z ")) {
				continue // a zombie has ended
			}
			found = append(found, p+": "+cmd)
		}
	}
	if len(found) > 0 {
		ts.Fatalf("still running:\n%s", strings.Join(found, "\n"))
	}
}

// nodeLeftoversBefore is where `node-leftovers-before` keeps what other
// sandboxes on the machine had left or were running when the script began.
const nodeLeftoversBefore = ".node-leftovers-before"

// nodeLeftoversBeforeCmd is `node-leftovers-before`: it notes what
// cluster.NodeLeftovers lists now (another sandbox's real node, running
// beside the test), for no-node-leftovers to pass over.
func nodeLeftoversBeforeCmd(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 0 {
		ts.Fatalf("usage: node-leftovers-before")
	}
	ts.Check(os.WriteFile(ts.MkAbs(nodeLeftoversBefore), []byte(strings.Join(cluster.NodeLeftovers(), "\n")), 0o644))
}

// nodeSlot finds the slot of the real node a leftover belongs to.
var nodeSlot = regexp.MustCompile(`tutor-sandbox/n(\d+)/|tutor-n(\d+)\b`)

// noNodeLeftovers is `no-node-leftovers`: it fails when a real node left
// anything on the machine (cluster.NodeLeftovers): a network namespace, a
// veth, a cgroup, a mount, a process, a log link, a CNI result or an
// iptables chain, other than what node-leftovers-before noted.
func noNodeLeftovers(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 0 {
		ts.Fatalf("usage: no-node-leftovers")
	}
	before := map[string]bool{}
	if data, err := os.ReadFile(ts.MkAbs(nodeLeftoversBefore)); err == nil {
		for _, l := range strings.Split(string(data), "\n") {
			before[l] = true
		}
	}
	// A node that ran before the script keeps starting processes and
	// writing CNI results (of its own slot) and log links (under its own
	// state directory, not $WORK).
	var left []string
	for _, l := range cluster.NodeLeftovers() {
		m := nodeSlot.FindStringSubmatch(l)
		switch {
		case before[l]:
		case strings.HasPrefix(l, "log link ") && !strings.Contains(l, ts.Getenv("WORK")):
		case m != nil && before["network namespace tutor-n"+m[1]+m[2]]:
		default:
			left = append(left, l)
		}
	}
	if len(left) > 0 {
		ts.Fatalf("the real node left:\n%s", strings.Join(left, "\n"))
	}
}

// volatile are the JSON report's fields that differ between two runs of
// the same posts: when and how long, and process ids in what the
// teardown says.
var (
	volatileKeys = map[string]bool{"started": true, "durationMs": true}
	pidText      = regexp.MustCompile(`pid \d+`)
)

// sameReport is `same-report A B`: the two JSON reports hold the same
// runs but for times and process ids.
func sameReport(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) != 2 {
		ts.Fatalf("usage: same-report A B")
	}
	var docs [2]any
	for i, f := range args {
		if err := json.Unmarshal([]byte(ts.ReadFile(f)), &docs[i]); err != nil {
			ts.Fatalf("%s: %v", f, err)
		}
		docs[i] = stable(docs[i])
	}
	same := reflect.DeepEqual(docs[0], docs[1])
	if same == neg {
		a, _ := json.MarshalIndent(docs[0], "", "  ")
		b, _ := json.MarshalIndent(docs[1], "", "  ")
		ts.Logf("%s:\n%s\n%s:\n%s", args[0], a, args[1], b)
		ts.Fatalf("reports %s and %s: same=%v", args[0], args[1], same)
	}
}

// stable drops the volatile fields of a decoded JSON document.
func stable(v any) any {
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			if volatileKeys[k] {
				delete(v, k)
				continue
			}
			v[k] = stable(x)
		}
	case []any:
		for i, x := range v {
			v[i] = stable(x)
		}
	case string:
		return pidText.ReplaceAllString(v, "pid N")
	}
	return v
}

// replace is `replace FILE OLD NEW`: it replaces the one occurrence of OLD
// in FILE by NEW, and fails when OLD occurs zero or several times, so a
// script that edits a copy of a tutorial says exactly what it changed.
func replace(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 3 {
		ts.Fatalf("usage: replace FILE OLD NEW")
	}
	path := ts.MkAbs(args[0])
	data, err := os.ReadFile(path)
	ts.Check(err)
	if n := strings.Count(string(data), args[1]); n != 1 {
		ts.Fatalf("%s holds %q %d times, want once", args[0], args[1], n)
	}
	ts.Check(os.WriteFile(path, []byte(strings.Replace(string(data), args[1], args[2], 1)), 0o644))
}
