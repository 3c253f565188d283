package posts

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// ShardError is a shard that is not I/N with 1 <= I <= N.
type ShardError struct {
	Spec   string
	Reason string
}

func (e *ShardError) Error() string {
	return fmt.Sprintf("--shard %s: %s", e.Spec, e.Reason)
}

// ParseShard reads "I/N", the I-th of N shards (1-based).
func ParseShard(spec string) (i, n int, err error) {
	is, ns, ok := strings.Cut(spec, "/")
	if !ok {
		return 0, 0, &ShardError{spec, "want I/N, the I-th of N shards (2/3)"}
	}
	i, erri := strconv.Atoi(strings.TrimSpace(is))
	n, errn := strconv.Atoi(strings.TrimSpace(ns))
	if erri != nil || errn != nil {
		return 0, 0, &ShardError{spec, "want I/N with whole numbers (2/3)"}
	}
	if err := checkShard(i, n); err != nil {
		return 0, 0, err
	}
	return i, n, nil
}

func checkShard(i, n int) error {
	spec := fmt.Sprintf("%d/%d", i, n)
	switch {
	case n < 1:
		return &ShardError{spec, "want at least 1 shard"}
	case i < 1 || i > n:
		return &ShardError{spec, fmt.Sprintf("want a shard from 1 to %d", n)}
	}
	return nil
}

// split deals posts into n shards, longest first, each to the shard
// that has the least weight so far (the lowest-numbered one on a tie);
// posts of equal weight go by file path. Each shard's posts are sorted
// by file path. Sorting first makes the split the same on every machine
// whatever order the posts came in.
func split(posts []Post, n int) [][]Post {
	order := slices.Clone(posts)
	slices.SortStableFunc(order, func(a, b Post) int {
		if a.Weight != b.Weight {
			if a.Weight > b.Weight {
				return -1
			}
			return 1
		}
		return strings.Compare(a.File, b.File)
	})
	shards := make([][]Post, n)
	load := make([]time.Duration, n)
	for _, p := range order {
		least := 0
		for s := 1; s < n; s++ {
			if load[s] < load[least] {
				least = s
			}
		}
		shards[least] = append(shards[least], p)
		load[least] += max(p.Weight, 0)
	}
	for _, s := range shards {
		slices.SortStableFunc(s, func(a, b Post) int { return strings.Compare(a.File, b.File) })
	}
	return shards
}

// Shard returns the i-th (1-based) of n shards of posts, balanced by
// Weight (longest-processing-time first, see split): every post is in
// exactly one shard, and every machine computes the same split from the
// same posts and weights. A shard may be empty when n exceeds the posts.
// A bad i or n is a *ShardError.
func Shard(posts []Post, i, n int) ([]Post, error) {
	if err := checkShard(i, n); err != nil {
		return nil, err
	}
	return split(posts, n)[i-1], nil
}

// ShardMatrix is the JSON GitHub Actions' strategy.matrix takes through
// fromJSON: one job per shard. (Matrix, the function, makes it; Go has
// no room for a type of the same name.)
type ShardMatrix struct {
	Include []MatrixShard `json:"include"`
}

// MatrixShard is one job of the matrix.
type MatrixShard struct {
	// Shard is "I/N", what tutor run --shard takes.
	Shard string `json:"shard"`
	Index int    `json:"index"`
	Total int    `json:"total"`
	// Posts are the shard's files, for tutor run to be given directly.
	Posts []string `json:"posts"`
	// WeightMs is the shard's total weight in milliseconds.
	WeightMs int64 `json:"weightMs"`
	// Needs is the union of its posts' needs, sorted.
	Needs []string `json:"needs"`
}

// Matrix splits posts into at most n shards, as Shard does, and
// describes each. With fewer posts than n there is one shard per post
// (so no job runs nothing); with no post the matrix is empty.
func Matrix(posts []Post, n int) ShardMatrix {
	n = min(n, len(posts))
	m := ShardMatrix{Include: []MatrixShard{}}
	if n < 1 {
		return m
	}
	for i, s := range split(posts, n) {
		ms := MatrixShard{Shard: fmt.Sprintf("%d/%d", i+1, n), Index: i + 1, Total: n, Posts: []string{}, Needs: []string{}}
		var w time.Duration
		for _, p := range s {
			ms.Posts = append(ms.Posts, p.File)
			w += max(p.Weight, 0)
			for _, c := range p.Needs {
				if !slices.Contains(ms.Needs, c) {
					ms.Needs = append(ms.Needs, c)
				}
			}
		}
		slices.Sort(ms.Needs)
		ms.WeightMs = w.Milliseconds()
		m.Include = append(m.Include, ms)
	}
	return m
}
