// Package kubecontext keeps a run to the kube contexts it may touch: the
// sandbox's, those the tutorial names or creates, and those the user
// allows.
package kubecontext

import (
	"context"
	"fmt"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"k8s.io/client-go/tools/clientcmd"

	"github.com/tutor-run/tutor/engine/model"
)

// Sandbox is the kube context of `tutor sandbox`; it is always allowed.
const Sandbox = "tutor-sandbox"

// Error refuses a cluster step: the current kube context is one the
// tutorial neither names nor creates, so running the step could change a
// cluster nobody meant to touch.
type Error struct {
	Context string
	Allowed []string
}

func (e *Error) Error() string {
	if e.Context == "" {
		return "refusing to run a cluster step: no current kube context (point KUBECONFIG at a cluster, or run with --sandbox)"
	}
	return fmt.Sprintf("refusing to run a cluster step against kube context %q, which the tutorial does not name or create (allowed: %s); "+
		"allow it with --context %s or in the frontmatter (tutor: {contexts: [%s]}), or run with --sandbox",
		e.Context, strings.Join(e.Allowed, ", "), e.Context, e.Context)
}

// Env is where the guard reads KUBECONFIG: the session, whose steps (az
// aks get-credentials) may have changed it.
type Env interface {
	Getenv(ctx context.Context, name string) (string, error)
}

// Guard knows which kube contexts a run may use.
type Guard struct {
	allowed []string
	env     Env
}

// NewGuard allows the sandbox, the contexts the frontmatter and the run
// name (extra), and those the post creates itself (az aks
// get-credentials, kind create cluster, kubectl config
// use-context/set-context).
func NewGuard(t *model.Tutorial, extra []string, env Env) *Guard {
	g := &Guard{env: env, allowed: []string{Sandbox}}
	g.allowed = append(g.allowed, t.Settings.Contexts...)
	g.allowed = append(g.allowed, extra...)
	for _, st := range t.Steps() {
		g.allowed = append(g.allowed, Created(st.Command)...)
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

// Created returns the kube contexts a command creates or selects.
func Created(cmd string) []string {
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

// Check returns an *Error unless the session's current kube context is
// allowed. It reads KUBECONFIG from the session, since a step such as az
// aks get-credentials may have changed it.
func (g *Guard) Check(ctx context.Context) error {
	current, err := g.currentContext(ctx)
	if err != nil {
		return err
	}
	if current != "" && slices.Contains(g.allowed, current) {
		return nil
	}
	return &Error{Context: current, Allowed: g.allowed}
}

func (g *Guard) currentContext(ctx context.Context) (string, error) {
	kubeconfig, err := g.env.Getenv(ctx, "KUBECONFIG")
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
