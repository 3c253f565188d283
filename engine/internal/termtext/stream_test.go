package termtext

import (
	"strings"
	"sync"
	"testing"
)

func TestStream(t *testing.T) {
	var mu sync.Mutex
	var out strings.Builder
	prints := 0
	w := NewStream(&mu, func(b []byte) string { return "[" + string(b) + "]" }, func(s string) { prints++; out.WriteString(s) })
	w.Write([]byte("one\ntw"))
	w.Write([]byte("o\nthree\npart"))
	if got, want := out.String(), "[one][two][three]"; got != want {
		t.Errorf("after writes: %q, want %q", got, want)
	}
	if prints != 2 {
		t.Errorf("%d prints, want one per Write", prints)
	}
	long := strings.Repeat("x", MaxLine-1) + "é" // é straddles MaxLine
	w.Write([]byte("\n" + long))
	if got, want := out.String(), "[one][two][three][part]["+strings.Repeat("x", MaxLine-1)+"]"; got != want {
		t.Errorf("a long line is not cut before the rune that straddles MaxLine")
	}
	mu.Lock()
	w.Close()
	mu.Unlock()
	w.Write([]byte("late\n"))
	if got := out.String(); !strings.HasSuffix(got, "[é]") {
		t.Errorf("Close did not print the partial line, or a late write was printed: %q", got[len(got)-10:])
	}
	before := prints
	mu.Lock()
	w.Close()
	mu.Unlock()
	var none *Stream
	none.Close()
	if prints != before {
		t.Errorf("closing a closed Stream printed again")
	}
}

// TestOutputLines: a step's output line is cleaned, dimly prefixed when
// colour is on, and ends with its newline.
func TestOutputLines(t *testing.T) {
	if got, want := OutputLines(false)([]byte("10%\r100% \x1b[32mdone\x1b[0m\r")), OutputPrefix+"100% done\n"; got != want {
		t.Errorf("without colour: %q, want %q", got, want)
	}
	if got, want := OutputLines(true)([]byte("\x1b[32mok")), "\x1b[2m"+OutputPrefix+"\x1b[0m\x1b[32mok\x1b[0m\n"; got != want {
		t.Errorf("with colour: %q, want %q", got, want)
	}
}
