package redact

import (
	"bytes"
	"math/rand/v2"
	"strings"
	"testing"
)

// writeChunks writes s to a Writer of r in pieces of the given sizes
// (cycled) and returns what came out after Close.
func writeChunks(t *testing.T, r *Redactor, s string, sizes []int) string {
	t.Helper()
	var out bytes.Buffer
	w := r.Writer(&out)
	for i := 0; len(s) > 0; i++ {
		n := min(sizes[i%len(sizes)], len(s))
		if _, err := w.Write([]byte(s[:n])); err != nil {
			t.Fatalf("Write: %v", err)
		}
		s = s[n:]
	}
	if err := w.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	return out.String()
}

func TestWriterMatchesString(t *testing.T) {
	r := New([]string{"AZURE_CLIENT_SECRET=s3cr3t-value", "ML_PASSWORD=line1\nline2"})
	inputs := []string{
		"the secret is s3cr3t-value, twice: s3cr3t-value\n",
		"token: kubeconfig-u-abc12:x9z8y7w6v5\npassword: hunter2hunter2\n",
		"multi line5\n line1\nline2 end\n",
		"-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAwJ0s1Q8mZ\nq8Vx3kT2bLw==\n-----END RSA PRIVATE KEY-----\nafter\n",
		"> Authorization: Bearer " + jwt + "\n> Accept: */*\n",
		"no newline at the end s3cr3t-val",
		"progress 10%\rprogress 50%\rs3cr3t-value\rdone\n",
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for _, in := range inputs {
		want := r.String(in)
		for _, sizes := range [][]int{{1}, {2}, {3, 5, 7}, {len(in)}, {rng.IntN(9) + 1, rng.IntN(9) + 1, rng.IntN(9) + 1}} {
			if got := writeChunks(t, r, in, sizes); got != want {
				t.Errorf("chunks %v of %q:\n got %q\nwant %q", sizes, in, got, want)
			}
		}
	}
}

func TestWriterMatchesStringOnMixedOutput(t *testing.T) {
	r := New([]string{"AZURE_CLIENT_SECRET=s3cr3t-value"})
	in := repeat(2)[:256<<10]
	want := r.String(in)
	rng := rand.New(rand.NewPCG(3, 4))
	for range 5 {
		sizes := []int{rng.IntN(4000) + 1, rng.IntN(100) + 1, rng.IntN(17) + 1}
		if got := writeChunks(t, r, in, sizes); got != want {
			t.Errorf("chunks %v: the output differs from String", sizes)
		}
	}
}

func TestWriterPassesCompleteLinesOn(t *testing.T) {
	r := New([]string{"MY_TOKEN=tok-9f8e7d6c"})
	var out bytes.Buffer
	w := r.Writer(&out)
	w.Write([]byte("Waiting for rollout...\npartial tok-9f"))
	if got, want := out.String(), "Waiting for rollout...\n"; got != want {
		t.Errorf("after the first write: %q, want %q", got, want)
	}
	w.Write([]byte("8e7d6c done\n"))
	if got, want := out.String(), "Waiting for rollout...\npartial [REDACTED:MY_TOKEN] done\n"; got != want {
		t.Errorf("after the second write: %q, want %q", got, want)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := w.Write([]byte("x")); err == nil {
		t.Error("Write after Close succeeded")
	}
}

func TestWriterLongLines(t *testing.T) {
	r := New([]string{"MY_TOKEN=tok-9f8e7d6c"})
	long := strings.Repeat("x", 3*maxPending) + " tok-9f8e7d6c " + strings.Repeat("y", maxPending)
	got := writeChunks(t, r, long, []int{4096})
	if strings.Contains(got, "tok-9f8e7d6c") || len(got) != len(long)-len("tok-9f8e7d6c")+len("[REDACTED:MY_TOKEN]") {
		t.Errorf("a long line came out wrong (%d bytes)", len(got))
	}
}

func TestWriterSwallowsHugePEM(t *testing.T) {
	r := New(nil)
	body := strings.Repeat("QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo=\n", maxPEM/36+10)
	in := "-----BEGIN PRIVATE KEY-----\n" + body + "-----END PRIVATE KEY-----\nafter\n"
	got := writeChunks(t, r, in, []int{8192})
	if want := "-----BEGIN PRIVATE KEY-----\n[REDACTED]-----END PRIVATE KEY-----\nafter\n"; got != want {
		t.Errorf("got %q, want %q", got[:min(len(got), 200)], want)
	}
}
