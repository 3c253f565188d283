package hubble_test

import (
	"os"
	"testing"

	"github.com/tutor-run/tutor/engine/kube/kubetest"
)

// The port-forward tests share one local control plane, started by the
// first test that needs it.
func TestMain(m *testing.M) { os.Exit(kubetest.Main(m)) }
