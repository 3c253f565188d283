package runner

import (
	"context"
	"fmt"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"k8s.io/client-go/tools/clientcmd"

	"github.com/tutor-run/tutor/engine/model"
	"github.com/tutor-run/tutor/engine/shell"
)

// SandboxContext is the kube context of `tutor sandbox`; it is always
// allowed.
const SandboxContext = "tutor-sandbox"

// ContextError refuses a cluster step: the current kube context is one the
// tutorial neither names nor creates, so running the step could change a
// cluster nobody meant to touch.
type ContextError struct {
	Context string
	Allowed []string
}

func (e *ContextError) Error() string {
	if e.Context == "" {
		return "refusing to run a cluster step: no current kube context (point KUBECONFIG at a cluster, or run with --sandbox)"
	}
	return fmt.Sprintf("refusing to run a cluster step against kube context %q, which the tutorial does not name or create (allowed: %s); "+
		"allow it with --context %s or in the frontmatter (tutor: {contexts: [%s]}), or run with --sandbox",
		e.Context, strings.Join(e.Allowed, ", "), e.Context, e.Context)
}

// contextGuard knows which kube contexts a run may use.
type contextGuard struct {
	allowed []string
	session *shell.Session
}

// newContextGuard allows the sandbox, the contexts the frontmatter and the
// run name, and those the post creates itself (az aks get-credentials,
// kind create cluster, kubectl config use-context/set-context).
func newContextGuard(t *model.Tutorial, extra []string, sess *shell.Session) *contextGuard {
	g := &contextGuard{session: sess, allowed: []string{SandboxContext}}
	g.allowed = append(g.allowed, t.Settings.Contexts...)
	g.allowed = append(g.allowed, extra...)
	for _, st := range t.Steps() {
		g.allowed = append(g.allowed, createdContexts(st.Command)...)
	}
	slices.Sort(g.allowed)
	g.allowed = slices.Compact(g.allowed)
	return g
}

var (
	azCredentials = regexp.MustCompile(`\baz\s+aks\s+get-credentials\b`)
	kindCreate    = regexp.MustCompile(`\bkind\s+create\s+cluster\b`)
	useContext    = regexp.MustCompile(`\b(?:kubectl|k)\s+config\s+(?:use-context|set-context|rename-context\s+\S+)\s+([^\s;|&]+)`)
)

// createdContexts returns the kube contexts a command creates or selects.
func createdContexts(cmd string) []string {
	var out []string
	words := strings.Fields(cmd)
	flag := func(names ...string) string {
		for i, w := range words {
			for _, n := range names {
				if w == n && i+1 < len(words) {
					return strings.Trim(words[i+1], `"'`)
				}
				if v, ok := strings.CutPrefix(w, n+"="); ok {
					return strings.Trim(v, `"'`)
				}
			}
		}
		return ""
	}
	switch {
	case azCredentials.MatchString(cmd):
		if c := flag("--context"); c != "" {
			out = append(out, c)
		} else if n := flag("-n", "--name"); n != "" {
			out = append(out, n)
		}
	case kindCreate.MatchString(cmd):
		name := flag("--name")
		if name == "" {
			name = "kind"
		}
		out = append(out, "kind-"+name)
	}
	for _, m := range useContext.FindAllStringSubmatch(cmd, -1) {
		out = append(out, strings.Trim(m[1], `"'`))
	}
	return out
}

// clusterCommand matches a command word that talks to the cluster.
var clusterCommand = regexp.MustCompile(`(?:^|[;&|(]\s*|\bexec\s+|\$\(\s*)(?:command\s+)?(kubectl|helm|cilium|hubble)\b`)

// isClusterStep reports whether a step acts on the cluster: manifests,
// cluster claims, and commands that run kubectl, helm, cilium or hubble
// (aliases expanded).
func isClusterStep(st *model.Step, aliases map[string]string) bool {
	switch st.Kind {
	case model.KindManifest, model.KindAssert:
		return true
	case model.KindShell, model.KindBackground:
		return clusterCommand.MatchString(expandAliases(st.Command, aliases))
	}
	return false
}

// expandAliases replaces alias words at the start of simple commands.
func expandAliases(cmd string, aliases map[string]string) string {
	var b strings.Builder
	for _, line := range strings.Split(cmd, "\n") {
		words := strings.Fields(line)
		for i, w := range words {
			start := i == 0 || strings.HasSuffix(words[i-1], "|") || strings.HasSuffix(words[i-1], ";") ||
				strings.HasSuffix(words[i-1], "&&") || words[i-1] == "||"
			if exp, ok := aliases[w]; ok && start {
				words[i] = exp
			}
		}
		b.WriteString(strings.Join(words, " "))
		b.WriteByte('\n')
	}
	return b.String()
}

// check returns a *ContextError unless the session's current kube
// context is allowed. It reads KUBECONFIG from the session, since a step
// such as az aks get-credentials may have changed it.
func (g *contextGuard) check(ctx context.Context) error {
	current, err := g.currentContext(ctx)
	if err != nil {
		return err
	}
	if current != "" && slices.Contains(g.allowed, current) {
		return nil
	}
	return &ContextError{Context: current, Allowed: g.allowed}
}

func (g *contextGuard) currentContext(ctx context.Context) (string, error) {
	kubeconfig, err := g.session.Getenv(ctx, "KUBECONFIG")
	if err != nil {
		return "", err
	}
	rules := clientcmd.NewDefaultClientConfigLoadingRules()
	if kubeconfig != "" {
		rules.ExplicitPath = ""
		rules.Precedence = filepath.SplitList(kubeconfig)
	}
	cfg, err := rules.Load()
	if err != nil {
		return "", fmt.Errorf("reading kubeconfig: %w", err)
	}
	return cfg.CurrentContext, nil
}
