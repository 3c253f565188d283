package helm

import (
	"context"
	"strings"
	"testing"

	"github.com/tutor-run/tutor/engine/kube/kubetest"
)

// BenchmarkInstallCilium installs the Cilium 1.14.0 chart with the seed
// post's values (relay and UI on) from the mirror, with --wait, then
// uninstalls it. Run with -benchtime 3x.
func BenchmarkInstallCilium(b *testing.B) {
	dir := ciliumChartsDir(b)
	cl := kubetest.Cluster(b)
	c := newTestClient(b, cl.Kubeconfig(), dir)
	c.o.Out = discard{}
	run(b, c, "repo add cilium https://helm.cilium.io/", nil)
	values, err := ParseValues(seedBlock)
	if err != nil {
		b.Fatal(err)
	}
	cmd, err := Parse(strings.Fields("install cilium cilium/cilium --version 1.14.0 --namespace kube-system --wait"))
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	b.ResetTimer()
	for range b.N {
		if _, err := c.Run(ctx, cmd, values); err != nil {
			b.Fatal(err)
		}
		if gone, err := c.Uninstall(ctx, "cilium", "kube-system"); err != nil || gone {
			b.Fatalf("Uninstall = %v, %v", gone, err)
		}
	}
}

// BenchmarkParse parses the seed post's install line and values block.
func BenchmarkParse(b *testing.B) {
	line := strings.Fields("upgrade --install cilium cilium/cilium --version 1.14.0 --namespace kube-system --set hubble.relay.enabled=true --wait --timeout 10m")
	for range b.N {
		if _, err := Parse(line); err != nil {
			b.Fatal(err)
		}
		if _, err := ParseValues(seedBlock); err != nil {
			b.Fatal(err)
		}
	}
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }
