package execute

import (
	"context"
	"time"

	"github.com/tutor-run/tutor/engine/helm"
	"github.com/tutor-run/tutor/engine/kube"
	"github.com/tutor-run/tutor/engine/shell"
)

// Deps are what executors need from the run that uses them: what they act
// through, the run's settings, and callbacks for what the run must
// remember for its teardown.
type Deps struct {
	// Session is the tutorial's bash session.
	Session *shell.Session
	// Clients give the cluster the session points at now.
	Clients *KubeClients
	// Aliases are the tutorial's command aliases.
	Aliases map[string]string
	// Path is the PATH that tools (helm, cilium) are looked for in.
	Path string
	// Dir is the run's working directory, where helm finds local charts
	// and values files.
	Dir string
	// Now is the run's clock; nil means time.Now.
	Now func() time.Time
	// SectionStarted is when the running section began: flow claims look
	// at the flows since then. Nil means the claim's own start.
	SectionStarted func() time.Time

	// HelmHome is tutor's helm home (repositories, caches); empty means a
	// fresh one for the run, removed by Registry.Close.
	HelmHome string
	// HelmMirrors serve chart repository URLs from local directories.
	HelmMirrors map[string]string
	// HelmOverrides, when set, gives chart values that win over a helm
	// step's own (the sandbox's for its node); the step's notes list them.
	HelmOverrides helm.Overrides
	// AfterRelease, when set, is called after a helm install or upgrade
	// succeeds, with the chart's name; its error is an environment
	// failure of the step.
	AfterRelease func(ctx context.Context, chart, release, namespace string) error
	// HubbleServer is the address of a Hubble Observer API to ask; empty
	// means a port-forward to hubble-relay.
	HubbleServer string
	// RecordFlows makes executors keep the Hubble flows they fetch in
	// Outcome.Flows, for a recording.
	RecordFlows bool

	// OnApply, when set, is told the objects a manifest step created or
	// changed, with the client that applied them.
	OnApply func(c *kube.Client, objs []kube.Object)
	// OnStart, when set, is told about the process a background step
	// started.
	OnStart func(cmd string, bg *shell.Background)
	// OnInstall, when set, is told about a helm release a step installed.
	OnInstall func(c *helm.Client, release, namespace string)
}

// withDefaults fills in the funcs left nil.
func (d Deps) withDefaults() Deps {
	if d.Now == nil {
		d.Now = time.Now
	}
	if d.SectionStarted == nil {
		d.SectionStarted = d.Now
	}
	if d.OnApply == nil {
		d.OnApply = func(*kube.Client, []kube.Object) {}
	}
	if d.OnInstall == nil {
		d.OnInstall = func(*helm.Client, string, string) {}
	}
	return d
}

// hasTool reports whether a program is on the run's PATH.
func (d *Deps) hasTool(name string) bool {
	_, err := shell.LookPath(name, d.Path)
	return err == nil
}
