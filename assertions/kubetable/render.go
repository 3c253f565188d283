package kubetable

import "strings"

// renderPair renders the post's table as written and the live one in the
// post's column order, its rows in the order of the post's rows they
// pair with, and the unpaired ones where the post has "..." (or last).
// A live cell that counts as equal to the post's (a bound name, another
// node of the pool) is written as the post has it, so that only the
// differences Compare reports show in the Diff.
func (c *comparison) renderPair(e, a Table, colMap []int, pairOf []int, paired []bool) {
	var cols []string
	for i, aj := range colMap {
		if aj >= 0 {
			cols = append(cols, e.Columns[i])
		}
	}
	pickCells := func(r, post []string) []string {
		out := make([]string, 0, len(cols))
		for ci, aj := range colMap {
			switch {
			case aj < 0:
			case post != nil && sameCell(e.Columns[ci], post[ci], r[aj]):
				out = append(out, post[ci])
			default:
				out = append(out, r[aj])
			}
		}
		return out
	}
	var rows [][]string
	extrasAdded := false
	addExtras := func() {
		for j, r := range a.Rows {
			if !paired[j] {
				rows = append(rows, pickCells(r, nil))
			}
		}
		extrasAdded = true
	}
	i := 0
	for _, r := range e.Rows {
		if isWildcard(r) {
			if !extrasAdded {
				addExtras()
			}
			continue
		}
		if j := pairOf[i]; j >= 0 {
			rows = append(rows, pickCells(a.Rows[j], r))
		}
		i++
	}
	if !extrasAdded {
		addExtras()
	}
	c.exp = append(c.exp, render(e.Columns, e.Rows))
	c.act = append(c.act, render(cols, rows))
}

// render writes a table for the Diff: cells separated by three spaces
// (the Diff collapses them), ignored cells as placeholders.
func render(cols []string, rows [][]string) string {
	var b strings.Builder
	b.WriteString(strings.Join(cols, "   "))
	for _, r := range rows {
		b.WriteByte('\n')
		if isWildcard(r) {
			b.WriteString("...")
			continue
		}
		for i, cell := range r {
			if i > 0 {
				b.WriteString("   ")
			}
			b.WriteString(shown(cols[i], cell))
		}
	}
	return b.String()
}
