// Package syncio has the one writer tutor shares between goroutines.
package syncio

import (
	"io"
	"sync"
)

// Writer serializes the writes to W, so goroutines writing at once (a
// step's output and a heartbeat, posts run side by side) never mix one
// write into another.
type Writer struct {
	mu sync.Mutex
	W  io.Writer
}

// Write writes p to W while no other write is in progress.
func (w *Writer) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.W.Write(p)
}

// Locked runs f while no write is in progress, for reading what was
// written (W a bytes.Buffer) without a write in the middle.
func (w *Writer) Locked(f func()) {
	w.mu.Lock()
	defer w.mu.Unlock()
	f()
}
