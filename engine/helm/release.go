package helm

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"text/tabwriter"

	"helm.sh/helm/v3/pkg/action"
	"helm.sh/helm/v3/pkg/storage/driver"
)

// Uninstall removes a release (teardown). gone reports that it was already
// gone, which is not an error.
func (c *Client) Uninstall(ctx context.Context, release, namespace string) (gone bool, err error) {
	if err := ctx.Err(); err != nil {
		return false, err
	}
	_, gone, err = c.uninstallRelease(Command{Verb: "uninstall", Release: release, Namespace: namespace})
	return gone, err
}

func (c *Client) uninstallRelease(cmd Command) (out string, gone bool, err error) {
	cfg, _, err := c.config(cmd)
	if err != nil {
		return "", false, err
	}
	un := action.NewUninstall(cfg)
	un.Wait, un.Timeout = cmd.Wait, timeout(cmd)
	res, err := un.Run(cmd.Release)
	if errors.Is(err, driver.ErrReleaseNotFound) {
		return "", true, nil
	}
	if err != nil {
		return "", false, fmt.Errorf("helm uninstall %s: %w", cmd.Release, err)
	}
	if res != nil && res.Info != "" {
		out = res.Info + "\n"
	}
	return out + fmt.Sprintf("release %q uninstalled\n", cmd.Release), false, nil
}

// uninstall runs `helm uninstall`; a missing release is an error here, as
// in helm.
func (c *Client) uninstall(cmd Command) (Result, error) {
	out, gone, err := c.uninstallRelease(cmd)
	if err != nil {
		return Result{}, err
	}
	if gone {
		return Result{}, fmt.Errorf("helm uninstall: release %q: %w", cmd.Release, driver.ErrReleaseNotFound)
	}
	return Result{Output: out}, nil
}

// status runs `helm status`.
func (c *Client) status(cmd Command) (Result, error) {
	cfg, _, err := c.config(cmd)
	if err != nil {
		return Result{}, err
	}
	rel, err := action.NewStatus(cfg).Run(cmd.Release)
	if err != nil {
		return Result{}, fmt.Errorf("helm status %s: %w", cmd.Release, err)
	}
	res := resultOf(rel)
	res.Output = statusText(rel)
	return res, nil
}

// list runs `helm list`, printing its table.
func (c *Client) list(cmd Command) (Result, error) {
	cfg, _, err := c.config(cmd)
	if err != nil {
		return Result{}, err
	}
	l := action.NewList(cfg)
	l.AllNamespaces = cmd.AllNamespaces
	l.SetStateMask()
	rels, err := l.Run()
	if err != nil {
		return Result{}, fmt.Errorf("helm list: %w", err)
	}
	var b strings.Builder
	w := tabwriter.NewWriter(&b, 0, 8, 1, '\t', 0)
	fmt.Fprintln(w, "NAME\tNAMESPACE\tREVISION\tUPDATED\tSTATUS\tCHART\tAPP VERSION")
	for _, r := range rels {
		var chart, app string
		if r.Chart != nil && r.Chart.Metadata != nil {
			chart = r.Chart.Metadata.Name + "-" + r.Chart.Metadata.Version
			app = r.Chart.Metadata.AppVersion
		}
		fmt.Fprintf(w, "%s\t%s\t%d\t%s\t%s\t%s\t%s\n", r.Name, r.Namespace, r.Version,
			r.Info.LastDeployed.Format("2006-01-02 15:04:05.999999999 -0700 MST"), r.Info.Status, chart, app)
	}
	w.Flush()
	return Result{Output: b.String()}, nil
}
