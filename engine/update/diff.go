package update

import (
	"bytes"
	"time"

	"github.com/tutor-run/tutor/engine/linediff"
)

// diffTimeout bounds the line diffs of pathological inputs; past it a diff
// is still correct, only less minimal.
const diffTimeout = time.Second

// Diff returns a unified diff (--- a/path, +++ b/path, @@ hunks with three
// lines of context) from old to new, for --diff previews; "" when they are
// equal. It applies with `patch -p1` or `git apply`. Lines keep their bytes,
// carriage returns included.
func Diff(path string, old, new []byte) string {
	if bytes.Equal(old, new) {
		return ""
	}
	a, b := linediff.Split(string(old)), linediff.Split(string(new))
	patch := linediff.Format{From: "a/" + path, To: "b/" + path}
	return patch.Write(a, b, linediff.Lines(a, b, diffTimeout))
}
