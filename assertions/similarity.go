package assertions

import (
	"strings"
)

// Similarity checks Innovation Engine's expected_similarity claim: the
// Jaro-Winkler similarity of the normalized expected and actual texts
// (scaling 0.1, boost threshold 0.7, prefix 4, over bytes, as Innovation
// Engine computes it) must be at least threshold. The score is in [0, 1]
// and 1 means equal. Normalizing first keeps volatile values from pulling
// the score down.
func Similarity(expected, actual string, threshold float64) Result {
	exp, _ := prepare(expected)
	act, _ := prepare(actual)
	score := jaroWinkler(strings.TrimSuffix(exp, "\n"), strings.TrimSuffix(act, "\n"))
	if score >= threshold {
		return pass("similarity %.3f, threshold %.3f", score, threshold)
	}
	r := fail("similarity %.3f is below the threshold %.3f", score, threshold)
	r.Diff = unified(exp, act)
	return r
}

// jaroWinkler is xrash/smetrics' JaroWinkler(a, b, 0.7, 4), the function
// Innovation Engine calls, with the same result. It runs in linear time
// instead of time proportional to the product of the lengths, so it stays
// fast on long outputs.
func jaroWinkler(a, b string) float64 {
	j := jaro(a, b)
	if j <= 0.7 {
		return j
	}
	prefix := 0
	for prefix < min(4, len(a), len(b)) && a[prefix] == b[prefix] {
		prefix++
	}
	return j + 0.1*float64(prefix)*(1-j)
}

// jaro computes the Jaro similarity over bytes. A byte of a matches the
// first unmatched equal byte of b within the window around its position.
// For each byte value the matched positions of b at or after the window's
// start form a contiguous run of that value's positions (the window only
// moves right), so a cursor per value finds the first candidate without
// scanning the window.
func jaro(a, b string) float64 {
	if len(a) == 0 && len(b) == 0 {
		return 1
	}
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	window := max(len(a), len(b))/2 - 1
	window = max(window, 0)

	// pos lists the positions of b grouped by byte value; the positions
	// of value c are pos[first[c]:first[c+1]], in increasing order.
	var first [257]int32
	for i := 0; i < len(b); i++ {
		first[int(b[i])+1]++
	}
	for c := 1; c <= 256; c++ {
		first[c] += first[c-1]
	}
	var next [256]int32
	copy(next[:], first[:256])
	pos := make([]int32, len(b))
	for i := 0; i < len(b); i++ {
		pos[next[b[i]]] = int32(i)
		next[b[i]]++
	}
	copy(next[:], first[:256])

	matchedA := make([]bool, len(a))
	matchedB := make([]bool, len(b))
	matches := 0
	for i := 0; i < len(a); i++ {
		c := a[i]
		k, end := next[c], first[int(c)+1]
		for k < end && int(pos[k]) < i-window {
			k++
		}
		if k < end && int(pos[k]) <= i+window {
			matchedA[i], matchedB[pos[k]] = true, true
			matches++
			k++
		}
		next[c] = k
	}
	if matches == 0 {
		return 0
	}
	unaligned := 0
	for i, j := 0, 0; i < len(a); i++ {
		if !matchedA[i] {
			continue
		}
		for !matchedB[j] {
			j++
		}
		if a[i] != b[j] {
			unaligned++
		}
		j++
	}
	m := float64(matches)
	t := float64(unaligned / 2)
	return (m/float64(len(a)) + m/float64(len(b)) + (m-t)/m) / 3
}
