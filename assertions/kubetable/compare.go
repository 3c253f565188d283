package kubetable

import (
	"fmt"
	"slices"
	"strings"

	"github.com/tutor-run/tutor/assertions"
)

// Result is Compare's verdict on a pasted `kubectl get` output, with the
// names of the post it bound to live names.
type Result struct {
	assertions.Result
	// Bindings pair names of the post with the live names of the rows
	// they were paired with, where the two differ, in the order read.
	// They are filled in whether or not the claim holds.
	Bindings []Binding `json:"bindings,omitempty"`
	// Addresses pair the addresses of the post's address columns
	// (EXTERNAL-IP, CLUSTER-IP, IP) with the live ones, where the two
	// differ: a later `curl http://172.171.45.48` must reach the live
	// Service, not a stranger's host.
	Addresses []Binding `json:"addresses,omitempty"`
}

// Binding ties a name that existed in the post author's cluster to the
// live object that stands for it, such as {"pod",
// "basicdeploy-65ff8695df-p58zr", "basicdeploy-7c9d5d6f4b-k2x7p"}.
type Binding struct {
	// Kind is the table's kind ("pod", "replicaset.apps", "node"), or ""
	// when it is unknown.
	Kind string `json:"kind,omitempty"`
	// Expected is the name as the post shows it, without a kind/ prefix.
	Expected string `json:"expected"`
	// Actual is the live name.
	Actual string `json:"actual"`
}

// Compare checks that the live `kubectl get` output actual still says
// what the post's pasted output expected says, column by column (see the
// package documentation for the rules). When either side is not a table it
// falls back to assertions.Output.
func Compare(expected, actual string) Result {
	et, err := Parse(expected)
	var at []Table
	if err == nil {
		at, err = Parse(actual)
	}
	if err != nil {
		return Result{Result: assertions.Output(expected, actual)}
	}
	var c comparison
	used := make([]bool, len(at))
	for _, e := range et {
		k := -1
		for i := range at {
			if !used[i] && at[i].Kind == e.Kind {
				k = i
				break
			}
		}
		if k < 0 {
			c.missingTable(e)
			continue
		}
		used[k] = true
		c.table(e, at[k])
	}
	for i, a := range at {
		if !used[i] {
			c.extraTable(a)
		}
	}
	return c.result()
}

// comparison gathers the differences found table by table, the bindings,
// and both sides' tables rendered for the Diff.
type comparison struct {
	problems []string
	bindings []Binding
	// addresses are the bound addresses (see Result.Addresses).
	addresses []Binding
	bound     map[Binding]bool
	exp, act  []string
	counts    []string // "3 nodes", one per table of the post
	// renders add both sides of a table to exp and act, in order; they
	// run only when there is a Diff to show.
	renders []func()
	// drifts are the distinct differences of drift columns.
	drifts []driftCount
}

// driftCount is one difference of a drift column and how many rows have it.
type driftCount struct {
	what string
	rows int
}

func (c *comparison) result() Result {
	r := Result{Bindings: c.bindings, Addresses: c.addresses}
	if len(c.problems) == 0 {
		r.OK = true
		r.Message = strings.Join(c.counts, ", ") + " match"
		if n := len(c.bindings); n > 0 {
			r.Message += fmt.Sprintf(", %d %s bound", n, pick(n, "name", "names"))
		}
		if d := c.driftNote(); d != "" {
			r.Message += " (" + d + ")"
		}
		return r
	}
	r.Message = c.problems[0]
	if n := len(c.problems) - 1; n > 0 {
		r.Message += fmt.Sprintf(" (and %d more %s)", n, pick(n, "difference", "differences"))
	}
	for _, add := range c.renders {
		add()
	}
	r.Diff = assertions.Diff(strings.Join(c.exp, "\n\n"), strings.Join(c.act, "\n\n"))
	return r
}

// drifted counts a drift cell: the post's e is the live a.
func (c *comparison) drifted(col, e, a string) {
	d := fmt.Sprintf("%s %s → %s", col, e, a)
	for i := range c.drifts {
		if c.drifts[i].what == d {
			c.drifts[i].rows++
			return
		}
	}
	c.drifts = append(c.drifts, driftCount{d, 1})
}

// driftNote is "drift: VERSION v1.31.3 → v1.37.2 (3 rows)", one part per
// distinct drift, or "".
func (c *comparison) driftNote() string {
	parts := make([]string, len(c.drifts))
	for i, d := range c.drifts {
		parts[i] = fmt.Sprintf("%s (%d %s)", d.what, d.rows, pick(d.rows, "row", "rows"))
	}
	if len(parts) == 0 {
		return ""
	}
	return "drift: " + strings.Join(parts, "; ")
}

func (c *comparison) problem(format string, args ...any) {
	c.problems = append(c.problems, fmt.Sprintf(format, args...))
}

func (c *comparison) bind(b Binding) {
	if c.bound == nil {
		c.bound = make(map[Binding]bool)
	}
	if !c.bound[b] {
		c.bound[b] = true
		c.bindings = append(c.bindings, b)
	}
}

func (c *comparison) bindAddress(b Binding) {
	for _, a := range c.addresses {
		if a == b {
			return
		}
	}
	c.addresses = append(c.addresses, b)
}

func (c *comparison) missingTable(e Table) {
	kind, n := kindFor(e), len(e.Rows)
	c.counts = append(c.counts, count(n, kind))
	if kind == "" {
		c.problem("the output has no table like the post's at line %d", e.Line)
	} else {
		c.problem("the post shows %s (line %d), the cluster has none", count(n, kind), e.Line)
	}
	c.renders = append(c.renders, func() { c.exp = append(c.exp, render(e.Columns, e.Rows)) })
}

func (c *comparison) extraTable(a Table) {
	c.problem("the cluster also has %s, which the post does not show", count(len(a.Rows), kindFor(a)))
	c.renders = append(c.renders, func() { c.act = append(c.act, render(a.Columns, a.Rows)) })
}

// table compares one table of the post with the live one of its kind.
func (c *comparison) table(e, a Table) {
	kind := kindFor(e)
	colMap := mapColumns(e.Columns, a.Columns)
	var lacking []string
	for i, col := range e.Columns {
		if colMap[i] < 0 {
			lacking = append(lacking, col)
		}
	}
	if len(lacking) > 0 {
		c.problem("the output lacks the %s %s of the post's table at line %d",
			pick(len(lacking), "column", "columns"), strings.Join(lacking, ", "), e.Line)
	}

	eName, aName := columnIndex(e.Columns, "NAME"), columnIndex(a.Columns, "NAME")
	if eName < 0 || aName < 0 { // no names: pair rows in order
		eName, aName = -1, -1
	}
	eNS, aNS := columnIndex(e.Columns, "NAMESPACE"), columnIndex(a.Columns, "NAMESPACE")
	if eNS < 0 || aNS < 0 {
		eNS, aNS = -1, -1
	}
	var expRows [][]string
	wild := false
	for _, r := range e.Rows {
		if isWildcard(r) {
			wild = true
			continue
		}
		expRows = append(expRows, r)
	}
	if slices.ContainsFunc(a.Rows, isWildcard) { // no kubectl prints one; keep Compare(x, x) true
		a.Rows = slices.DeleteFunc(slices.Clone(a.Rows), isWildcard)
	}
	ek, ak := rowKeys(expRows, e.Kind, eName, eNS), rowKeys(a.Rows, a.Kind, aName, aNS)
	pairOf, paired := pairRows(ek, ak)
	c.counts = append(c.counts, count(len(expRows), kind))

	c.rowDifferences(kind, ek, ak, pairOf, paired, wild)
	for i, er := range expRows {
		if j := pairOf[i]; j >= 0 {
			c.cells(kind, e.Columns, colMap, er, a.Rows[j], &ek[i], &ak[j], i, j)
		}
	}
	c.renders = append(c.renders, func() { c.renderPair(e, a, colMap, pairOf, paired) })
}

// rowDifferences reports the rows of the post left unpaired and, unless
// the post has a "..." row, the live rows left unpaired: in terms of the
// row count when the counts differ.
func (c *comparison) rowDifferences(kind string, ek, ak []rowKey, pairOf []int, paired []bool, wild bool) {
	var missing, extra []string
	for i := range ek {
		if pairOf[i] < 0 {
			missing = append(missing, ek[i].label(i))
		}
	}
	for j := range ak {
		if !paired[j] && !wild {
			extra = append(extra, ak[j].label(j))
		}
	}
	if len(missing)+len(extra) == 0 {
		return
	}
	head := plural(kind) + " differ"
	if len(ek) != len(ak) && !wild {
		head = fmt.Sprintf("the post shows %s, the cluster has %d", count(len(ek), kind), len(ak))
	}
	var parts []string
	if len(missing) > 0 {
		parts = append(parts, "missing: "+list(missing))
	}
	if len(extra) > 0 {
		parts = append(parts, "not in the post: "+list(extra))
	}
	c.problem("%s (%s)", head, strings.Join(parts, "; "))
}

// cells compares the cells of the post's row er (the i-th, keyed ek) with
// those of the live row ar it was paired with (the j-th, keyed ak), and
// binds the two names when they differ.
func (c *comparison) cells(kind string, cols []string, colMap []int, er, ar []string, ek, ak *rowKey, i, j int) {
	who := ak.label(j)
	if ak.name != "" || ak.ns != "" {
		who = singular(kind) + " " + who
	}
	if ek.name != ak.name {
		who += " (" + ek.label(i) + " in the post)"
		if ek.name != "" && ak.name != "" {
			c.bind(Binding{Kind: kind, Expected: ek.name, Actual: ak.name})
		}
	}
	for ci, col := range cols {
		aj := colMap[ci]
		switch {
		case aj < 0 || sameCell(col, er[ci], ar[aj]):
		case classes[col] == drift:
			c.drifted(col, er[ci], ar[aj])
		default:
			c.problem("%s: %s is %q, the post says %q", who, col, ar[aj], er[ci])
		}
		if aj >= 0 && addressColumns[col] && isAddress(er[ci]) && isAddress(ar[aj]) && er[ci] != ar[aj] {
			// The post's later commands use the author's address (curl
			// http://172.171.45.48): they must reach the live one.
			c.bindAddress(Binding{Kind: kind, Expected: er[ci], Actual: ar[aj]})
		}
	}
}

// addressColumns hold addresses a post copies into later commands.
var addressColumns = map[string]bool{"EXTERNAL-IP": true, "CLUSTER-IP": true, "IP": true, "INTERNAL-IP": true, "ADDRESS": true}

// isAddress reports whether a cell is one address (an IPv4 or IPv6
// address or a host name), not <pending>, <none> or a list.
func isAddress(cell string) bool {
	if cell == "" || strings.ContainsAny(cell, "<>, ") {
		return false
	}
	return strings.Count(cell, ".") == 3 || strings.Count(cell, ":") >= 2 || strings.Count(cell, ".") >= 2
}

// mapColumns returns, for each column of the post, the index of the live
// column of the same name, or -1. A name the header repeats maps to the
// same occurrence of it.
func mapColumns(exp, act []string) []int {
	m := make([]int, len(exp))
	for i, col := range exp {
		nth := 0
		for _, c := range exp[:i] {
			if c == col {
				nth++
			}
		}
		m[i] = -1
		for j, c := range act {
			if c == col {
				if nth == 0 {
					m[i] = j
					break
				}
				nth--
			}
		}
	}
	return m
}

// kindFor is a table's kind: its kind/ prefix, or the kind its header
// belongs to.
func kindFor(t Table) string {
	if t.Kind != "" {
		return t.Kind
	}
	return guessKind(t.Columns)
}

// list joins up to three names, then says how many more there are.
func list(names []string) string {
	const most = 3
	if len(names) <= most {
		return strings.Join(names, ", ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(names[:most], ", "), len(names)-most)
}

func pick(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
