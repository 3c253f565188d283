package judge

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// A pair is a pasted output and the output of a later run, labelled by
// whether a careful reader would call them the same claim.
type pair struct {
	file, name string
	line       int
	same       bool
	why        string
	source     string
	command    string
	pasted     string
	run        string
}

// family is the pairs file a pair comes from, less its extension.
func (p pair) family() string { return strings.TrimSuffix(filepath.Base(p.file), ".pairs") }

// readPairs parses a .pairs file:
//
//	=== NAME same|broken
//	why: one sentence
//	source: where the outputs come from
//	$ command
//	--- pasted
//	lines
//	--- run
//	lines
//
// Lines before the first === are comments.
func readPairs(file string) ([]pair, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	var (
		ps   []pair
		cur  *pair
		into *string
	)
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	n := 0
	for sc.Scan() {
		n++
		l := sc.Text()
		switch {
		case strings.HasPrefix(l, "=== "):
			f := strings.Fields(strings.TrimPrefix(l, "=== "))
			if len(f) != 2 || (f[1] != "same" && f[1] != "broken") {
				return nil, fmt.Errorf("%s:%d: want \"=== NAME same|broken\"", file, n)
			}
			ps = append(ps, pair{file: file, name: f[0], line: n, same: f[1] == "same"})
			cur, into = &ps[len(ps)-1], nil
		case cur == nil:
		case into == nil && strings.HasPrefix(l, "why: "):
			cur.why = strings.TrimPrefix(l, "why: ")
		case into == nil && strings.HasPrefix(l, "source: "):
			cur.source = strings.TrimPrefix(l, "source: ")
		case into == nil && strings.HasPrefix(l, "$ "):
			cur.command = strings.TrimPrefix(l, "$ ")
		case l == "--- pasted":
			into = &cur.pasted
		case l == "--- run":
			into = &cur.run
		case into != nil:
			*into += l + "\n"
		case strings.TrimSpace(l) != "":
			return nil, fmt.Errorf("%s:%d: unexpected line before --- pasted: %q", file, n, l)
		}
	}
	for _, p := range ps {
		if p.why == "" || p.source == "" || p.command == "" || p.pasted == "" {
			return nil, fmt.Errorf("%s:%d: pair %s needs why:, source:, $ command and --- pasted", file, p.line, p.name)
		}
	}
	return ps, sc.Err()
}

func corpus(tb testing.TB) []pair {
	files, err := filepath.Glob("testdata/pairs/*.pairs")
	if err != nil || len(files) == 0 {
		tb.Fatalf("no pairs under testdata/pairs: %v", err)
	}
	var all []pair
	seen := map[string]string{}
	for _, f := range files {
		ps, err := readPairs(f)
		if err != nil {
			tb.Fatal(err)
		}
		for _, p := range ps {
			if prev, ok := seen[p.name]; ok {
				tb.Fatalf("%s:%d: pair name %s already used in %s", p.file, p.line, p.name, prev)
			}
			seen[p.name] = p.file
		}
		all = append(all, ps...)
	}
	return all
}

var corpusAliases = map[string]string{"k": "kubectl"}

// TestJudgeCorpus judges every labelled pair: a faithful rerun must pass
// and a changed claim must fail. With -v it logs the counts by family,
// label and rule.
func TestJudgeCorpus(t *testing.T) {
	type key struct{ family, label, rule string }
	counts := map[key][2]int{} // right, total
	for _, p := range corpus(t) {
		v := Output(p.command, p.pasted, p.run, corpusAliases)
		label := "broken"
		if p.same {
			label = "same"
		}
		k := key{p.family(), label, v.Rule.String()}
		c := counts[k]
		c[1]++
		if v.OK == p.same {
			c[0]++
		} else if p.same {
			t.Errorf("%s:%d: %s (same: %s) failed by rule %s: %s\n%s", p.file, p.line, p.name, p.why, v.Rule, v.Message, v.Diff)
		} else {
			t.Errorf("%s:%d: %s (broken: %s) passed by rule %s: %s", p.file, p.line, p.name, p.why, v.Rule, v.Message)
		}
		counts[k] = c
	}
	keys := make([]key, 0, len(counts))
	for k := range counts {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		a, b := keys[i], keys[j]
		if a.family != b.family {
			return a.family < b.family
		}
		if a.label != b.label {
			return a.label > b.label
		}
		return a.rule < b.rule
	})
	var total [2]int
	for _, k := range keys {
		c := counts[k]
		total[0] += c[0]
		total[1] += c[1]
		t.Logf("%-14s %-7s %-14s %d/%d judged right", k.family, k.label, k.rule, c[0], c[1])
	}
	t.Logf("all %d/%d judged right", total[0], total[1])
}

func BenchmarkJudgeCorpus(b *testing.B) {
	ps := corpus(b)
	b.ReportAllocs()
	for b.Loop() {
		for _, p := range ps {
			Output(p.command, p.pasted, p.run, corpusAliases)
		}
	}
}
