// Package standin holds what the sandbox does in place of parts of a real
// cluster that cannot run on this machine.
package standin

import (
	"context"
	_ "embed"
	"fmt"

	"github.com/tutor-run/tutor/engine/kube"
)

//go:embed cilium-crds.yaml
var ciliumCRDs string

// CiliumOperator registers the Cilium policy kinds, as cilium-operator
// does when it starts, once the Cilium chart is installed in the sandbox;
// a post's CiliumNetworkPolicy manifests then apply as on a real cluster.
// It waits until the kinds are served.
func CiliumOperator(ctx context.Context, c *kube.Client) error {
	objs, err := c.Apply(ctx, ciliumCRDs)
	if err != nil {
		return fmt.Errorf("sandbox: registering Cilium's policy kinds: %w", err)
	}
	if err := c.WaitReady(ctx, objs); err != nil {
		return fmt.Errorf("sandbox: Cilium's policy kinds: %w", err)
	}
	return nil
}
