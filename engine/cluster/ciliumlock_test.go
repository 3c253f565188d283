package cluster

import (
	"context"
	"testing"
	"time"
)

// TestCiliumTurn: a second taker waits, says so once, and gets its turn
// when the first releases; a cancelled wait returns an error.
func TestCiliumTurn(t *testing.T) {
	ctx := context.Background()
	release, err := CiliumTurn(ctx, nil)
	if err != nil {
		t.Skipf("no lock here: %v", err)
	}
	short, cancel := context.WithTimeout(ctx, 300*time.Millisecond)
	defer cancel()
	if _, err := CiliumTurn(short, nil); err == nil {
		t.Fatal("a second turn while the first holds the lock")
	}
	waited := 0
	got := make(chan error)
	go func() {
		r, err := CiliumTurn(ctx, func() { waited++ })
		if err == nil {
			r()
		}
		got <- err
	}()
	time.Sleep(600 * time.Millisecond)
	release()
	if err := <-got; err != nil {
		t.Fatal(err)
	}
	if waited != 1 {
		t.Errorf("waiting called %d times, want 1", waited)
	}
}
