package posts

import (
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"
	"time"
)

func TestParseShard(t *testing.T) {
	for _, tc := range []struct {
		spec string
		i, n int
		err  string
	}{
		{spec: "1/1", i: 1, n: 1},
		{spec: "2/3", i: 2, n: 3},
		{spec: " 3 / 3 ", i: 3, n: 3},
		{spec: "0/3", err: "--shard 0/3: want a shard from 1 to 3"},
		{spec: "4/3", err: "--shard 4/3: want a shard from 1 to 3"},
		{spec: "1/0", err: "--shard 1/0: want at least 1 shard"},
		{spec: "-1/2", err: "--shard -1/2: want a shard from 1 to 2"},
		{spec: "2", err: "--shard 2: want I/N, the I-th of N shards (2/3)"},
		{spec: "a/b", err: "--shard a/b: want I/N with whole numbers (2/3)"},
		{spec: "1/2/3", err: "--shard 1/2/3: want I/N with whole numbers (2/3)"},
		{spec: "", err: "--shard : want I/N, the I-th of N shards (2/3)"},
	} {
		t.Run(tc.spec, func(t *testing.T) {
			i, n, err := ParseShard(tc.spec)
			if tc.err != "" {
				var se *ShardError
				if !errors.As(err, &se) || err.Error() != tc.err {
					t.Errorf("error %v, want *ShardError %q", err, tc.err)
				}
				return
			}
			if err != nil || i != tc.i || n != tc.n {
				t.Errorf("got %d/%d %v, want %d/%d", i, n, err, tc.i, tc.n)
			}
		})
	}
	if _, err := Shard(nil, 3, 2); err == nil {
		t.Error("Shard 3/2: no error")
	}
}

// randomPosts makes k posts with weights that often tie.
func randomPosts(r *rand.Rand, k int) []Post {
	posts := make([]Post, k)
	for j := range posts {
		posts[j] = Post{File: fmt.Sprintf("p%03d.md", j), Weight: time.Duration(r.IntN(12)) * 5 * time.Second}
	}
	return posts
}

func weightOf(ps []Post) (w time.Duration) {
	for _, p := range ps {
		w += p.Weight
	}
	return w
}

// TestShardProperties checks on random inputs that the shards cover every
// post once, do not depend on the input's order, and stay within the
// greedy bounds.
func TestShardProperties(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for iter := range 300 {
		posts := randomPosts(r, r.IntN(30))
		n := 1 + r.IntN(6)
		shuffled := slices.Clone(posts)
		r.Shuffle(len(shuffled), func(a, b int) { shuffled[a], shuffled[b] = shuffled[b], shuffled[a] })
		var all []string
		var heaviest, maxW, total time.Duration
		for _, p := range posts {
			heaviest = max(heaviest, p.Weight)
			total += p.Weight
		}
		for i := 1; i <= n; i++ {
			s, err := Shard(posts, i, n)
			if err != nil {
				t.Fatal(err)
			}
			again, _ := Shard(shuffled, i, n)
			if !reflect.DeepEqual(s, again) {
				t.Fatalf("iteration %d shard %d/%d depends on the input order:\n%v\n%v", iter, i, n, s, again)
			}
			for _, p := range s {
				all = append(all, p.File)
			}
			maxW = max(maxW, weightOf(s))
		}
		slices.Sort(all)
		var want []string
		for _, p := range posts {
			want = append(want, p.File)
		}
		if !slices.Equal(all, want) {
			t.Fatalf("iteration %d: the shards hold %v, want each of %v once", iter, all, want)
		}
		// Greedy list scheduling never exceeds the mean plus the
		// heaviest post.
		if bound := total/time.Duration(n) + heaviest; maxW > bound {
			t.Errorf("iteration %d: heaviest shard %s over the bound %s", iter, maxW, bound)
		}
	}
}

// TestShardLPTBound compares the heaviest shard with the best split,
// found by trying every assignment of small inputs: longest-processing-
// time first is within 4/3 - 1/(3n) of it.
func TestShardLPTBound(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for iter := range 200 {
		posts := randomPosts(r, 1+r.IntN(8))
		n := 2 + r.IntN(2)
		var maxW time.Duration
		for i := 1; i <= n; i++ {
			s, _ := Shard(posts, i, n)
			maxW = max(maxW, weightOf(s))
		}
		best := optimal(posts, n)
		if limit := float64(best) * (4.0/3 - 1/(3*float64(n))); float64(maxW) > limit+1 {
			t.Errorf("iteration %d: heaviest shard %s, best %s: over the LPT bound", iter, maxW, best)
		}
	}
}

// optimal is the least heaviest-shard weight over every assignment.
func optimal(posts []Post, n int) time.Duration {
	load := make([]time.Duration, n)
	best := time.Duration(1<<62 - 1)
	var try func(k int)
	try = func(k int) {
		if k == len(posts) {
			best = min(best, slices.Max(load))
			return
		}
		for s := range load {
			load[s] += posts[k].Weight
			try(k + 1)
			load[s] -= posts[k].Weight
		}
	}
	try(0)
	return best
}

// TestMatrix checks the JSON GitHub Actions reads, and that there is no
// shard without posts.
func TestMatrix(t *testing.T) {
	posts := []Post{
		{File: "docs/a.md", Weight: 40 * time.Second, Needs: []string{"cluster"}},
		{File: "docs/b.md", Weight: 30 * time.Second, Needs: []string{}},
		{File: "docs/c.md", Weight: 20 * time.Second, Needs: []string{"az", "cluster"}},
		{File: "docs/d.md", Weight: 10*time.Second + 500*time.Millisecond, Needs: []string{"internet"}},
	}
	for _, tc := range []struct {
		name  string
		posts []Post
		n     int
		want  string
	}{
		{name: "two", posts: posts, n: 2, want: `{"include":[` +
			`{"shard":"1/2","index":1,"total":2,"posts":["docs/a.md","docs/d.md"],"weightMs":50500,"needs":["cluster","internet"]},` +
			`{"shard":"2/2","index":2,"total":2,"posts":["docs/b.md","docs/c.md"],"weightMs":50000,"needs":["az","cluster"]}]}`},
		{name: "more shards than posts", posts: posts[1:3], n: 5, want: `{"include":[` +
			`{"shard":"1/2","index":1,"total":2,"posts":["docs/b.md"],"weightMs":30000,"needs":[]},` +
			`{"shard":"2/2","index":2,"total":2,"posts":["docs/c.md"],"weightMs":20000,"needs":["az","cluster"]}]}`},
		{name: "no post", posts: nil, n: 3, want: `{"include":[]}`},
		{name: "no shard", posts: posts, n: 0, want: `{"include":[]}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := json.Marshal(Matrix(tc.posts, tc.n))
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tc.want {
				t.Errorf("matrix\n got %s\nwant %s", got, tc.want)
			}
		})
	}
}
