package update

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"

	"github.com/tutor-run/tutor/engine/goldentest"
)

// vocabulary are lines a random run may print. None reads as a prompt or
// a fence, which Rewrite rightly refuses (see prompt.txtar, fence.txtar).
var vocabulary = []string{
	"", "...", "ok", "NAME   READY   STATUS    RESTARTS   AGE",
	"web-65ff8695df-p58zr   1/1   Running   0   5m12s",
	"web-7c9d5d6f4b-k2x7p   0/1   Pending   0   1s",
	"2026-01-02T10:00:00Z started", "  indented line", "\tleading tab",
	"tab\tinside", "trailing spaces   ", "colour \x1b[32mgreen\x1b[0m",
	"crlf line\r", "progress 10%\rprogress 100%", "10.0.0.12:31234",
	"token " + secret, "   ", "Ready", "NotReady",
}

// randomOutput mutates the lines a step pasted into what a random run
// prints instead.
func randomOutput(r *rand.Rand, pasted string) string {
	var lines []string
	if pasted != "" {
		lines = strings.Split(pasted, "\n")
	}
	for n := r.IntN(4); n >= 0; n-- {
		word := vocabulary[r.IntN(len(vocabulary))]
		switch k := r.IntN(max(len(lines), 1)); r.IntN(5) {
		case 0:
			if len(lines) > 0 {
				lines = append(lines[:k], lines[k+1:]...)
			}
		case 1:
			lines = append(lines[:k], append([]string{word}, lines[k:]...)...)
		case 2:
			if len(lines) > 0 {
				lines[k] = word
			}
		case 3:
			if len(lines) > 0 {
				lines[k] = strings.ReplaceAll(lines[k], " ", "  ")
			}
		default:
			lines = append(lines, word)
		}
	}
	return strings.Join(lines, "\n") + "\n"
}

// TestRandomRuns rewrites every golden post with random runs (random
// outputs, some exit statuses broken, LF or CRLF): the bytes outside the
// changed spans never change, the rewritten outputs pass, and a second
// rewrite changes nothing.
func TestRandomRuns(t *testing.T) {
	goldentest.Run(t, "testdata/*.txtar", func(t *testing.T, file string, ar *txtar.Archive) {
		g := newGolden(t, file, ar)
		for seed := uint64(0); seed < 150; seed++ {
			t.Run(fmt.Sprint(seed), func(t *testing.T) {
				r := rand.New(rand.NewPCG(seed, 7))
				post := g.post
				if r.IntN(3) == 0 {
					post = crlf(post)
				}
				tu := read(t, post)
				outs := map[int]printed{}
				for i, st := range tu.Steps() {
					if r.IntN(2) == 0 {
						continue
					}
					pasted := ""
					if st.Output != nil {
						pasted = st.Output.Text
					}
					p := printed{output: randomOutput(r, pasted)}
					if r.IntN(8) == 0 {
						p.exit = 1
					}
					outs[i+1] = p
				}
				out, changes, err := Rewrite(post, tu, runOf(tu, outs), opts)
				if err != nil {
					t.Fatalf("Rewrite: %v\nouts: %+v", err, outs)
				}
				if strings.Contains(string(out), secret) {
					t.Errorf("the rewritten post holds the secret")
				}
				checkInvariants(t, post, out, changes, outs)
				checkIdempotent(t, out, outs)
			})
		}
	})
}
