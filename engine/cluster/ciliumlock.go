package cluster

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/tutor-run/tutor/engine/internal/installdir"
)

// ciliumLockFile is the machine's Cilium lock: one Cilium agent runs on a
// machine at a time (see PrepareCilium), so runs that want one take
// turns through it.
const ciliumLockFile = "/run/lock/tutor-cilium.lock"

// CiliumTurn takes the machine's Cilium lock, waiting while another
// process holds it, and returns its release; waiting, when not nil, is
// called once if it has to wait. Runs side by side (a sharded docs CI,
// the tests of several packages) then run Cilium one after another
// instead of the second failing. A process that exits releases the lock.
func CiliumTurn(ctx context.Context, waiting func()) (release func(), err error) {
	if err := os.MkdirAll(filepath.Dir(ciliumLockFile), 0o755); err != nil {
		return nil, fmt.Errorf("cilium lock: %w", err)
	}
	release, err = installdir.Lock(ctx, ciliumLockFile, waiting)
	if err != nil {
		return nil, fmt.Errorf("waiting for the Cilium lock %s: %w", ciliumLockFile, err)
	}
	return release, nil
}
