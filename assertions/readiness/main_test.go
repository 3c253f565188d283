package readiness_test

import (
	"os"
	"testing"

	"github.com/tutor-run/tutor/engine/kube/kubetest"
)

func TestMain(m *testing.M) { os.Exit(kubetest.Main(m)) }
