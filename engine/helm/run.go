package helm

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"helm.sh/helm/v3/pkg/action"
	"helm.sh/helm/v3/pkg/chart"
	"helm.sh/helm/v3/pkg/release"
	"helm.sh/helm/v3/pkg/storage/driver"
)

// Result is what a command did.
type Result struct {
	// Output is what the helm CLI would print.
	Output string
	// Release, Namespace, Status ("deployed"), Revision, Chart (the chart
	// name), ChartVersion and AppVersion describe the release an install,
	// upgrade or status command left; they are empty for other verbs.
	Release, Namespace, Status string
	Revision                   int
	Chart, ChartVersion        string
	AppVersion                 string
	// Overrides are the values Options.Overrides set over the
	// command's; Notes(Overrides) says them.
	Overrides []Applied
}

// Run runs cmd. values is the block attached to the step (may be nil); it
// is merged above values files and below --set items.
func (c *Client) Run(ctx context.Context, cmd Command, values map[string]any) (Result, error) {
	switch cmd.Verb {
	case "repo add":
		return c.repoAdd(cmd)
	case "repo update":
		return c.repoUpdate(cmd)
	case "install":
		return c.install(ctx, cmd, values)
	case "upgrade":
		return c.upgrade(ctx, cmd, values)
	case "uninstall":
		return c.uninstall(cmd)
	case "list":
		return c.list(cmd)
	case "status":
		return c.status(cmd)
	}
	return Result{}, &UnsupportedError{Arg: cmd.Verb, Reason: "verb"}
}

func timeout(cmd Command) time.Duration {
	if cmd.Timeout > 0 {
		return cmd.Timeout
	}
	return DefaultTimeout
}

// install runs `helm install`.
func (c *Client) install(ctx context.Context, cmd Command, block map[string]any) (Result, error) {
	cfg, ns, err := c.config(cmd)
	if err != nil {
		return Result{}, err
	}
	ch, vals, applied, err := c.chartAndValues(ctx, cmd, block)
	if err != nil {
		return Result{}, err
	}
	in := action.NewInstall(cfg)
	in.Namespace, in.ReleaseName, in.GenerateName = ns, cmd.Release, cmd.GenerateName
	in.CreateNamespace, in.Wait, in.WaitForJobs, in.Atomic = cmd.CreateNamespace, cmd.Wait, cmd.WaitForJobs, cmd.Atomic
	in.Timeout, in.Description, in.Version = timeout(cmd), cmd.Description, cmd.Version
	if in.GenerateName {
		if in.ReleaseName, _, err = in.NameAndChart([]string{cmd.Chart}); err != nil {
			return Result{}, fmt.Errorf("helm install: %w", err)
		}
	}
	rel, err := in.RunWithContext(ctx, ch, vals)
	res, err := deployed("", rel, err, in.ReleaseName)
	res.Overrides = applied
	return res, err
}

// upgrade runs `helm upgrade`, installing when --install is given and the
// release does not exist.
func (c *Client) upgrade(ctx context.Context, cmd Command, block map[string]any) (Result, error) {
	cfg, ns, err := c.config(cmd)
	if err != nil {
		return Result{}, err
	}
	if cmd.Install {
		h := action.NewHistory(cfg)
		h.Max = 1
		if _, err := h.Run(cmd.Release); errors.Is(err, driver.ErrReleaseNotFound) {
			msg := fmt.Sprintf("Release %q does not exist. Installing it now.\n", cmd.Release)
			io.WriteString(c.o.Out, msg)
			res, err := c.install(ctx, cmd, block)
			res.Output = msg + res.Output
			return res, err
		} else if err != nil {
			return Result{}, fmt.Errorf("helm upgrade: %w", err)
		}
	}
	ch, vals, applied, err := c.chartAndValues(ctx, cmd, block)
	if err != nil {
		return Result{}, err
	}
	up := action.NewUpgrade(cfg)
	up.Namespace, up.Install = ns, cmd.Install
	up.Wait, up.WaitForJobs, up.Atomic = cmd.Wait, cmd.WaitForJobs, cmd.Atomic
	up.Timeout, up.Description, up.Version = timeout(cmd), cmd.Description, cmd.Version
	up.ReuseValues, up.ResetValues = cmd.ReuseValues, cmd.ResetValues
	rel, err := up.RunWithContext(ctx, cmd.Release, ch, vals)
	res, err := deployed(fmt.Sprintf("Release %q has been upgraded. Happy Helming!\n", cmd.Release), rel, err, cmd.Release)
	res.Overrides = applied
	return res, err
}

// chartAndValues loads the chart an install or upgrade deploys and the
// values it deploys it with, Options.Overrides' last, and what those
// replaced.
func (c *Client) chartAndValues(ctx context.Context, cmd Command, block map[string]any) (*chart.Chart, map[string]any, []Applied, error) {
	ch, err := c.loadChart(cmd)
	if err != nil {
		return nil, nil, nil, err
	}
	vals, err := c.mergeValues(cmd, block)
	if err != nil {
		return nil, nil, nil, err
	}
	if c.o.Overrides == nil {
		return ch, vals, nil, nil
	}
	ovs, err := c.o.Overrides(ctx, ch.Metadata)
	if err != nil {
		return nil, nil, nil, &OverridesError{Chart: ch.Metadata.Name, Err: err}
	}
	return ch, vals, Set(vals, ovs), nil
}

// deployed turns the outcome of an install or upgrade into a Result, or a
// *ReleaseError when the release is not deployed.
func deployed(header string, rel *release.Release, err error, name string) (Result, error) {
	if rel == nil || rel.Info == nil {
		if err == nil {
			err = errors.New("no release returned")
		}
		return Result{}, fmt.Errorf("helm: release %q: %w", name, err)
	}
	res := resultOf(rel)
	if err != nil || rel.Info.Status != release.StatusDeployed {
		return res, &ReleaseError{Release: rel.Name, Status: rel.Info.Status.String(), Description: rel.Info.Description, Err: err}
	}
	res.Output = header + statusText(rel)
	return res, nil
}

// resultOf describes rel.
func resultOf(rel *release.Release) Result {
	res := Result{Release: rel.Name, Namespace: rel.Namespace, Revision: rel.Version}
	if rel.Info != nil {
		res.Status = rel.Info.Status.String()
	}
	if rel.Chart != nil && rel.Chart.Metadata != nil {
		res.Chart, res.ChartVersion, res.AppVersion = rel.Chart.Metadata.Name, rel.Chart.Metadata.Version, rel.Chart.Metadata.AppVersion
	}
	return res
}

// statusText prints rel as `helm install` and `helm status` do.
func statusText(rel *release.Release) string {
	var b strings.Builder
	fmt.Fprintf(&b, "NAME: %s\n", rel.Name)
	if !rel.Info.LastDeployed.IsZero() {
		fmt.Fprintf(&b, "LAST DEPLOYED: %s\n", rel.Info.LastDeployed.Format(time.ANSIC))
	}
	fmt.Fprintf(&b, "NAMESPACE: %s\n", rel.Namespace)
	fmt.Fprintf(&b, "STATUS: %s\n", rel.Info.Status)
	fmt.Fprintf(&b, "REVISION: %d\n", rel.Version)
	tests := 0
	for _, h := range rel.Hooks {
		for _, e := range h.Events {
			if e == release.HookTest {
				tests++
			}
		}
	}
	if tests == 0 {
		b.WriteString("TEST SUITE: None\n")
	}
	if notes := strings.TrimSpace(rel.Info.Notes); notes != "" {
		fmt.Fprintf(&b, "NOTES:\n%s\n", notes)
	}
	return b.String()
}
