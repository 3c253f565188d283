package learn

import (
	"context"
	"errors"
	"io"
	"strings"
	"testing"
	"time"
)

// readAll reads keys until an error and returns them and the error.
func readAll(t *testing.T, k *keyReader) ([]rune, error) {
	t.Helper()
	var keys []rune
	for range 20 {
		r, err := k.next(context.Background())
		if err != nil {
			return keys, err
		}
		keys = append(keys, r)
	}
	t.Fatal("too many keys")
	return nil, nil
}

func TestKeyReader(t *testing.T) {
	raw := func() (func(), error) { return func() {}, nil }
	tests := []struct {
		name string
		in   string
		raw  func() (func(), error)
		want []rune
	}{
		{"lines: first character, empty is Enter", "run\n\nskip it\n  c\nq", nil, []rune{'r', keyEnter, 's', 'c', 'q'}},
		{"lines: CRLF", "s\r\n\r\n", nil, []rune{'s', keyEnter}},
		{"raw: keystrokes", "sc\rq", raw, []rune{'s', 'c', keyEnter, 'q'}},
		{"raw: newline is Enter, Ctrl-C kept", "\n\x03", raw, []rune{keyEnter, keyCtrlC}},
		{"raw: an arrow key is one Escape", "\x1b[A", raw, []rune{keyEscape}},
		{"raw: UTF-8", "é", raw, []rune{'é'}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := readAll(t, newKeyReader(strings.NewReader(tt.in), tt.raw))
			if !errors.Is(err, io.EOF) {
				t.Errorf("err = %v, want EOF", err)
			}
			if string(got) != string(tt.want) {
				t.Errorf("keys = %q, want %q", string(got), string(tt.want))
			}
		})
	}
}

func TestKeyReaderRawModeIsRestored(t *testing.T) {
	entered, restored := 0, 0
	k := newKeyReader(strings.NewReader("ab"), func() (func(), error) {
		entered++
		return func() { restored++ }, nil
	})
	for range 2 {
		restore, err := k.enterRaw()
		if err != nil {
			t.Fatal(err)
		}
		if _, err := k.next(context.Background()); err != nil {
			t.Fatal(err)
		}
		restore()
	}
	if entered != 2 || restored != 2 {
		t.Errorf("raw mode entered %d, restored %d times; want 2 and 2", entered, restored)
	}
}

func TestKeyReaderFallsBackToLines(t *testing.T) {
	k := newKeyReader(strings.NewReader("skip\n"), func() (func(), error) { return nil, errors.New("not a tty") })
	if _, err := k.enterRaw(); err == nil {
		t.Fatal("enterRaw should report the failure")
	}
	if !k.lineMode() {
		t.Fatal("the reader should fall back to lines")
	}
	if r, err := k.next(context.Background()); err != nil || r != 's' {
		t.Errorf("next = %q, %v; want 's'", r, err)
	}
}

func TestKeyReaderCancelKeepsTheRead(t *testing.T) {
	pr, pw := io.Pipe()
	k := newKeyReader(pr, nil)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	if _, err := k.next(ctx); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want the context's", err)
	}
	go pw.Write([]byte("n\n"))
	if r, err := k.next(context.Background()); err != nil || r != 'n' {
		t.Errorf("next after a cancel = %q, %v; want 'n'", r, err)
	}
}
