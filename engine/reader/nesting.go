package reader

// nesting follows lists and blockquotes line by line the way CommonMark
// opens and continues them, closely enough to bound their depth from above
// without parsing: goldmark's time per line grows with the number of open
// containers, and its tree walks recurse once per level, so a post nested
// ten thousand levels deep would take minutes. Where the rules are cut
// short, it errs towards deeper: a lazy line keeps every container open.
type nesting struct {
	// open holds one entry per open container, outermost first: quote for
	// a blockquote, else the columns a list item's content is indented by,
	// counted from where its container's content starts.
	open []int
	// fence is the open code fence, if any: its character, its length and
	// how many containers hold it. Lines inside open no containers.
	fence      byte
	fenceLen   int
	fenceDepth int
	// para is set after a line of paragraph text, which a lazy line may
	// continue without repeating the containers' markers.
	para bool
	// opened is scratch space for the containers a line opens.
	opened []int
	// noFences reads the lines of code fences as markdown too. A fence
	// inside an HTML block is no fence to goldmark, so a nesting that
	// follows one would be hidden from a scan that believed it.
	noFences bool
}

const quote = -1

// line takes the next line, without its newline, and returns how many
// containers are open on it.
func (n *nesting) line(l []byte) int {
	if len(l) > 0 && l[len(l)-1] == '\r' {
		l = l[:len(l)-1]
	}
	pos, col := 0, 0
	matched := 0
	blank := isBlankLine(l)
	for matched < len(n.open) {
		w, p, c := indentAt(l, pos, col)
		if n.open[matched] == quote {
			if w > 3 || p >= len(l) || l[p] != '>' {
				break
			}
			pos, col = afterQuote(l, p, c)
		} else if !blank {
			if w < n.open[matched] {
				break
			}
			pos, col = consumeIndent(l, pos, col, n.open[matched])
		}
		matched++
	}
	if n.fence != 0 && !n.noFences {
		if matched >= n.fenceDepth {
			if isFenceClose(l[pos:], n.fence, n.fenceLen) {
				n.fence = 0
			}
			return len(n.open)
		}
		n.fence = 0 // its container ended, and the fence with it
	}
	if blank {
		n.open = n.open[:matched]
		n.para = false
		return len(n.open)
	}
	opened := n.opened[:0]
	for {
		w, p, c := indentAt(l, pos, col)
		if w > 3 || p >= len(l) {
			break
		}
		if l[p] == '>' {
			opened = append(opened, quote)
			pos, col = afterQuote(l, p, c)
			continue
		}
		mw := listMarker(l[p:])
		if mw == 0 || isThematicBreak(l[p:]) {
			break
		}
		sp, q, qc := indentAt(l, p+mw, c+mw)
		if q >= len(l) || sp > 4 {
			// An empty item, or indented code in the item: the
			// content starts one column after the marker.
			sp, q, qc = 1, min(p+mw+1, len(l)), c+mw+1
		}
		opened = append(opened, w+mw+sp)
		pos, col = q, qc
	}
	if len(opened) == 0 && matched < len(n.open) && n.para && (n.noFences || fenceOpen(l[pos:]) == 0) {
		return len(n.open) // a lazy continuation line
	}
	n.open = append(n.open[:matched], opened...)
	n.opened = opened
	if f := fenceOpen(l[pos:]); f != 0 && !n.noFences {
		n.fence, n.fenceLen, n.fenceDepth = f, fenceRun(l[pos:]), len(n.open)
		n.para = false
	} else {
		n.para = true
	}
	return len(n.open)
}

func isBlankLine(l []byte) bool {
	for _, c := range l {
		if c != ' ' && c != '\t' {
			return false
		}
	}
	return true
}

// indentAt measures the spaces and tabs at l[pos:], where pos is at column
// col (tabs stop every 4 columns). It returns their width in columns and
// the index and column after them.
func indentAt(l []byte, pos, col int) (width, next, nextCol int) {
	start := col
	for pos < len(l) && (l[pos] == ' ' || l[pos] == '\t') {
		if l[pos] == '\t' {
			col += 4 - col%4
		} else {
			col++
		}
		pos++
	}
	return col - start, pos, col
}

// consumeIndent skips up to w columns of indentation; a tab that spans the
// limit is taken whole.
func consumeIndent(l []byte, pos, col, w int) (int, int) {
	end := col + w
	for pos < len(l) && col < end && (l[pos] == ' ' || l[pos] == '\t') {
		if l[pos] == '\t' {
			col += 4 - col%4
		} else {
			col++
		}
		pos++
	}
	return pos, col
}

// afterQuote skips a '>' at l[p] and the one space that may follow it.
func afterQuote(l []byte, p, col int) (int, int) {
	p, col = p+1, col+1
	if p < len(l) && (l[p] == ' ' || l[p] == '\t') {
		p, col = p+1, col+1
	}
	return p, col
}

// listMarker returns the width of the list marker that starts b ("-", "+",
// "*", or up to nine digits and "." or ")", then a space, a tab or the end
// of the line), or 0.
func listMarker(b []byte) int {
	n := 0
	switch {
	case len(b) > 0 && (b[0] == '-' || b[0] == '+' || b[0] == '*'):
		n = 1
	default:
		for n < len(b) && n < 9 && b[n] >= '0' && b[n] <= '9' {
			n++
		}
		if n == 0 || n >= len(b) || (b[n] != '.' && b[n] != ')') {
			return 0
		}
		n++
	}
	if n < len(b) && b[n] != ' ' && b[n] != '\t' {
		return 0
	}
	return n
}

// isThematicBreak reports whether b is a line like "- - -" or "***".
func isThematicBreak(b []byte) bool {
	var mark byte
	count := 0
	for _, c := range b {
		switch {
		case c == ' ' || c == '\t':
		case mark == 0 && (c == '-' || c == '*' || c == '_'):
			mark = c
			count++
		case c == mark:
			count++
		default:
			return false
		}
	}
	return count >= 3
}

// fenceOpen returns the fence character when b, after up to three spaces,
// opens a code fence, else 0.
func fenceOpen(b []byte) byte {
	w, p, _ := indentAt(b, 0, 0)
	if w > 3 || fenceRun(b[p:]) < 3 {
		return 0
	}
	if b[p] == '`' {
		for _, c := range b[p+fenceRun(b[p:]):] {
			if c == '`' { // a backtick fence's info string has none
				return 0
			}
		}
	}
	return b[p]
}

// fenceRun returns the length of the run of backticks or tildes that starts
// b after up to three spaces.
func fenceRun(b []byte) int {
	_, p, _ := indentAt(b, 0, 0)
	if p >= len(b) || (b[p] != '`' && b[p] != '~') {
		return 0
	}
	n := 0
	for p+n < len(b) && b[p+n] == b[p] {
		n++
	}
	return n
}

// isFenceClose reports whether b closes a fence of char c and length n.
func isFenceClose(b []byte, c byte, n int) bool {
	w, p, _ := indentAt(b, 0, 0)
	if w > 3 || p >= len(b) || b[p] != c {
		return false
	}
	run := fenceRun(b)
	return run >= n && isBlankLine(b[p+run:])
}
