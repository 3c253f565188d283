package update

import (
	"strings"

	"github.com/tutor-run/tutor/assertions"
	"github.com/tutor-run/tutor/engine/linediff"
	"github.com/tutor-run/tutor/engine/normalize"
)

// wildcard is an expected-output line that stands for zero or more lines
// (see assertions.Output).
const wildcard = "..."

// piece is one line of a rewritten output: the post's line post, kept as
// written, or (post < 0) a line of the run's output.
type piece struct {
	post int
	text string
}

// merge decides the lines of a rewritten output. Lines of the post that
// still match a line of the run once normalized are kept as written, so
// their timestamps, ages and hashes do not churn; a `...` line is kept
// when it still stands for at least one line of the run; every other line
// is the run's. The result always passes assertions.Output against actual:
// when keeping wildcards would not, they are given up, and when keeping
// lines at all would not, the run's output is taken whole.
func merge(post []postLine, actual []string) []piece {
	want := strings.Join(actual, "\n")
	for _, keepWildcards := range []bool{true, false} {
		pieces := align(post, actual, keepWildcards)
		if assertions.Output(joinPieces(post, pieces), want).OK {
			return pieces
		}
	}
	pieces := make([]piece, len(actual))
	for j, a := range actual {
		pieces[j] = piece{post: -1, text: a}
	}
	return pieces
}

// align pairs the post's lines with the run's by a line diff of their
// normalized forms: equal lines keep the post's text, changed ones take
// the run's.
func align(post []postLine, actual []string, keepWildcards bool) []piece {
	ne := make([]string, len(post))
	for i, p := range post {
		ne[i] = normalize.Line(p.text)
	}
	na := make([]string, len(actual))
	for j, a := range actual {
		na[j] = normalize.Line(a)
	}
	var out []piece
	i, j := 0, 0
	ops := linediff.Lines(ne, na, diffTimeout)
	for k := 0; k < len(ops); {
		if ops[k].Kind == linediff.Equal {
			for n := 0; n < ops[k].N; n++ {
				out = append(out, piece{post: i})
				i, j = i+1, j+1
			}
			k++
			continue
		}
		// A hunk: the changed lines between two runs of equal ones.
		var dels, ins []int
		for ; k < len(ops) && ops[k].Kind != linediff.Equal; k++ {
			for n := 0; n < ops[k].N; n++ {
				if ops[k].Kind == linediff.Delete {
					dels, i = append(dels, i), i+1
				} else {
					ins, j = append(ins, j), j+1
				}
			}
		}
		isWild := func(d int) bool { return keepWildcards && ne[d] == wildcard }
		out = append(out, hunk(dels, ins, isWild, actual)...)
	}
	return out
}

// hunk resolves one changed stretch. Without a wildcard among the deleted
// post lines, the run's lines replace them. With one, the deleted lines
// before the first wildcard and after the last are replaced one for one by
// the run's first and last lines, and the first wildcard is kept for the
// run's lines left between, if any.
func hunk(dels, ins []int, isWild func(int) bool, actual []string) []piece {
	first, last := -1, -1
	for k, d := range dels {
		if isWild(d) {
			if first < 0 {
				first = k
			}
			last = k
		}
	}
	var out []piece
	fresh := func(js []int) {
		for _, j := range js {
			out = append(out, piece{post: -1, text: actual[j]})
		}
	}
	if first < 0 {
		fresh(ins)
		return out
	}
	head := min(first, len(ins))
	tail := min(len(dels)-1-last, len(ins)-head)
	fresh(ins[:head])
	if len(ins)-head-tail > 0 {
		out = append(out, piece{post: dels[first]})
	}
	fresh(ins[len(ins)-tail:])
	return out
}

// joinPieces is the text the pieces make, as the reader will see it.
func joinPieces(post []postLine, pieces []piece) string {
	texts := make([]string, len(pieces))
	for i, p := range pieces {
		texts[i] = p.text
		if p.post >= 0 {
			texts[i] = post[p.post].text
		}
	}
	return strings.Join(texts, "\n")
}
