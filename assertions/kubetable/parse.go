package kubetable

import (
	"errors"
	"fmt"
	"strings"

	"github.com/tutor-run/tutor/assertions"
)

// Table is one table kubectl printed: a header and the rows under it.
type Table struct {
	// Kind is the resource prefix the rows' names share in `get all`
	// output ("pod", "service", "deployment.apps"), or "" for a plain get.
	Kind string
	// Columns are the header's column names, in order ("NAME", "PORT(S)",
	// "NOMINATED NODE").
	Columns []string
	// Rows hold one trimmed cell per column; a cell left blank is "".
	Rows [][]string
	// Line is the 1-based line of the header within the parsed text.
	Line int
}

// Parse reads the kubectl tables in text: blocks of non-blank lines, each
// headed by a line of upper-case column names. It fails, naming the lines,
// when a block does not start with a header or when text holds no table.
func Parse(text string) ([]Table, error) {
	lines := strings.Split(text, "\n")
	var tables []Table
	var errs []error
	for i := 0; i < len(lines); {
		if isBlank(lines[i]) {
			i++
			continue
		}
		j := i + 1
		for j < len(lines) && !isBlank(lines[j]) {
			j++
		}
		t, err := parseBlock(lines[i:j], i+1)
		if err != nil {
			errs = append(errs, err)
		} else {
			tables = append(tables, t)
		}
		i = j
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	if len(tables) == 0 {
		return nil, errors.New("no table")
	}
	return tables, nil
}

// span is a run of text on a line: col is the display column (in runes) of
// its first character and end the column after its last; from and to are
// byte offsets.
type span struct {
	col, end int
	from, to int
}

// parseBlock parses one block of lines, the first of which is line number
// first of the text.
func parseBlock(block []string, first int) (Table, error) {
	header := cleanLine(block[0])
	t := Table{Line: first}
	cols := spans(header)
	collapsed := false
	if len(cols) == 1 && strings.Contains(strings.TrimSpace(header), " ") {
		// Whitespace collapsed to single spaces: read words.
		t.Columns, collapsed = joinHeaderWords(strings.Fields(header)), true
	} else {
		for _, s := range cols {
			t.Columns = append(t.Columns, header[s.from:s.to])
		}
	}
	if !isHeader(t.Columns) {
		return Table{}, fmt.Errorf("line %d: not a table header: %q", first, assertions.Clip(header))
	}
	var words []span // reused from row to row
	for i, raw := range block[1:] {
		line := cleanLine(raw)
		if collapsed {
			row, err := wordRow(line, len(t.Columns))
			if err != nil {
				return Table{}, fmt.Errorf("line %d: %v", first+1+i, err)
			}
			t.Rows = append(t.Rows, row)
			continue
		}
		words = appendWords(words[:0], line)
		t.Rows = append(t.Rows, alignedRow(line, words, cols))
	}
	t.Kind = kindOf(t)
	return t, nil
}

// alignedRow cuts line, whose words are words, into one cell per header
// column. A cell starts at a gap of two or more spaces, or at a word that
// starts exactly where a column does; it goes to the column whose start is
// nearest, but always to the right of the previous cell's. Text beyond the
// last column joins it.
func alignedRow(line string, words, cols []span) []string {
	row := make([]string, len(cols))
	from := 0 // where the current cell starts
	c := -1
	for k, w := range words {
		newCell := k == 0 || w.col-words[k-1].end >= 2 || startsColumn(cols, w.col)
		if newCell && c < len(cols)-1 {
			c = max(nearest(cols, w.col), c+1)
			from = w.from
		}
		row[c] = line[from:w.to]
	}
	return row
}

// nearest returns the index of the column whose start is nearest col.
func nearest(cols []span, col int) int {
	best := 0
	for i, s := range cols {
		if abs(s.col-col) < abs(cols[best].col-col) {
			best = i
		}
	}
	return best
}

func startsColumn(cols []span, col int) bool {
	for _, s := range cols {
		if s.col == col {
			return true
		}
	}
	return false
}

// wordRow reads a row whose spacing was collapsed: one word per column,
// except that a parenthesised group ("(5m ago)") joins the word before it.
func wordRow(line string, n int) ([]string, error) {
	if strings.TrimSpace(line) == "..." {
		row := make([]string, n)
		row[0] = "..."
		return row, nil
	}
	var row []string
	depth := 0
	for _, w := range strings.Fields(line) {
		if (depth > 0 || strings.HasPrefix(w, "(")) && len(row) > 0 {
			row[len(row)-1] += " " + w
		} else {
			row = append(row, w)
		}
		depth += strings.Count(w, "(") - strings.Count(w, ")")
		depth = max(depth, 0)
	}
	if len(row) != n {
		return nil, fmt.Errorf("%d values under %d columns: %q", len(row), n, assertions.Clip(line))
	}
	return row, nil
}

// twoWordColumns are the kubectl column names with a space in them, which
// a collapsed header would otherwise split.
var twoWordColumns = map[string]bool{
	"NOMINATED NODE": true, "READINESS GATES": true, "LAST SEEN": true,
	"FIRST SEEN": true, "ACCESS MODES": true, "RECLAIM POLICY": true,
	"NODE SELECTOR": true,
}

func joinHeaderWords(words []string) []string {
	var cols []string
	for i := 0; i < len(words); i++ {
		if i+1 < len(words) && twoWordColumns[words[i]+" "+words[i+1]] {
			cols = append(cols, words[i]+" "+words[i+1])
			i++
			continue
		}
		cols = append(cols, words[i])
	}
	return cols
}

// isHeader reports whether cols look like kubectl column names: upper-case
// words, with lower case allowed only in parentheses ("CPU(cores)").
func isHeader(cols []string) bool {
	if len(cols) == 0 {
		return false
	}
	for _, c := range cols {
		upper, depth := false, 0
		for _, r := range c {
			switch {
			case r == '(':
				depth++
			case r == ')':
				depth--
			case r >= 'A' && r <= 'Z':
				upper = true
			case r >= 'a' && r <= 'z':
				if depth == 0 {
					return false
				}
			case r >= '0' && r <= '9', strings.ContainsRune(" -_./:%", r):
			default:
				return false
			}
		}
		if !upper {
			return false
		}
	}
	return true
}

// kindOf returns the kind/ prefix every row's NAME shares, or "".
func kindOf(t Table) string {
	name := columnIndex(t.Columns, "NAME")
	if name < 0 {
		return ""
	}
	kind := ""
	for _, row := range t.Rows {
		if isWildcard(row) {
			continue
		}
		k, _, ok := strings.Cut(row[name], "/")
		if !ok || k == "" || strings.ContainsAny(k, " \t") || (kind != "" && k != kind) {
			return ""
		}
		kind = k
	}
	return kind
}
