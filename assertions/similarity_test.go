package assertions

import (
	"math"
	"math/rand"
	"testing"
)

// refJaroWinkler is xrash/smetrics' JaroWinkler(a, b, 0.7, 4) written the
// way it is there (quadratic), to check the linear version against.
func refJaroWinkler(a, b string) float64 {
	var j float64
	switch {
	case len(a) == 0 && len(b) == 0:
		return 1
	case len(a) == 0 || len(b) == 0:
		return 0
	}
	la, lb := float64(len(a)), float64(len(b))
	window := int(math.Max(0, math.Floor(math.Max(la, lb)/2.0)-1))
	ma, mb := make([]bool, len(a)), make([]bool, len(b))
	matches := 0.0
	for i := 0; i < len(a); i++ {
		start := int(math.Max(0, float64(i-window)))
		end := int(math.Min(lb-1, float64(i+window)))
		for k := start; k <= end; k++ {
			if !mb[k] && a[i] == b[k] {
				ma[i], mb[k] = true, true
				matches++
				break
			}
		}
	}
	if matches == 0 {
		return 0
	}
	unaligned, k := 0, 0
	for i := 0; i < len(a); i++ {
		if !ma[i] {
			continue
		}
		for !mb[k] {
			k++
		}
		if a[i] != b[k] {
			unaligned++
		}
		k++
	}
	t := math.Floor(float64(unaligned / 2))
	j = ((matches / la) + (matches / lb) + ((matches - t) / matches)) / 3.0
	if j <= 0.7 {
		return j
	}
	p := 0
	for p < int(math.Min(la, math.Min(4, lb))) && a[p] == b[p] {
		p++
	}
	return j + 0.1*float64(p)*(1.0-j)
}

func TestJaroWinklerMatchesReference(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	word := func(alphabet string, n int) string {
		b := make([]byte, n)
		for i := range b {
			b[i] = alphabet[r.Intn(len(alphabet))]
		}
		return string(b)
	}
	pairs := [][2]string{
		{"", ""}, {"a", ""}, {"MARTHA", "MARHTA"}, {"DWAYNE", "DUANE"}, {"DIXON", "DICKSONX"},
		{getNodes, getAll}, {hubbleFlows, curlGoogle}, {ciliumStatus, ciliumStatus + "x"},
	}
	for i := 0; i < 2000; i++ {
		alphabet := []string{"ab", "abc ", "abcdefgh\n", "NotReady 0123"}[i%4]
		pairs = append(pairs, [2]string{word(alphabet, r.Intn(40)), word(alphabet, r.Intn(40))})
	}
	for _, p := range pairs {
		if got, want := jaroWinkler(p[0], p[1]), refJaroWinkler(p[0], p[1]); math.Abs(got-want) > 1e-12 {
			t.Fatalf("jaroWinkler(%q, %q) = %v, want %v", p[0], p[1], got, want)
		}
	}
}

func TestSimilarity(t *testing.T) {
	tests := []struct {
		name, expected, actual string
		threshold              float64
		ok                     bool
		message                string
	}{
		{"equal after normalizing", getNodes, "NAME STATUS ROLES AGE VERSION\n" +
			"aks-nodepool1-30325416-vmss000000 Ready agent 3d v1.28.5\n" +
			"aks-nodepool1-30325416-vmss000001 Ready agent 3d v1.28.5\n" +
			"aks-nodepool1-30325416-vmss000002 Ready agent 3d v1.28.5\n", 1, true, "similarity 1.000, threshold 1.000"},
		{"close enough", curlGoogle, curlGoogle + "X-Frame-Options: SAMEORIGIN\n", 0.9, true, ""},
		{"too far", getNodes, "Error from server (Forbidden): nodes is forbidden\n", 0.8, false, ""},
		{"empty both", "", "\n", 0.5, true, "similarity 1.000, threshold 0.500"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Similarity(tt.expected, tt.actual, tt.threshold)
			if got, want := r.OK, tt.ok; got != want {
				t.Fatalf("OK = %v, want %v (%s)", got, want, r.Message)
			}
			if tt.message != "" {
				if got, want := r.Message, tt.message; got != want {
					t.Errorf("Message = %q, want %q", got, want)
				}
			}
			if !tt.ok && r.Diff == "" {
				t.Errorf("no Diff for a failed claim")
			}
		})
	}
}
