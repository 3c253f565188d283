package runner

import (
	"strings"

	"github.com/tutor-run/tutor/assertions/ciliumstatus"
	"github.com/tutor-run/tutor/engine/execute"
	"github.com/tutor-run/tutor/engine/model"
)

// toolExecutor picks the executor of a step that tutor runs itself rather
// than through the shell: helm through the helm SDK, `hubble observe`
// through the Observer API, `cilium status` from the cluster's objects and
// `cilium hubble port-forward &` by its own port-forward when the cilium
// CLI is missing. Nil means the step's kind decides. The command is split
// into words once, here, and handed to the executor.
func (r *run) toolExecutor(st *model.Step) execute.Executor {
	if st.Kind != model.KindShell && st.Kind != model.KindBackground {
		return nil
	}
	aliases := r.tutorial.Settings.Aliases
	w, ok := model.Words(strings.TrimSuffix(strings.TrimSpace(st.Command), "&"), aliases)
	switch {
	case !ok || len(w) < 2:
		return nil
	case st.Kind == model.KindBackground:
		if len(w) >= 3 && w[0] == "cilium" && w[1] == "hubble" && w[2] == "port-forward" && !r.hasTool("cilium") {
			return hubbleForwardStandIn{}
		}
		return nil
	case w[0] == "helm":
		return helmStep{r.helm, w[1:]}
	case w[0] == "hubble" && w[1] == "observe":
		return observeExecutor{r.hubble, w}
	case ciliumstatus.IsCiliumStatus(st.Command, aliases):
		return ciliumStatusExecutor{r}
	}
	return nil
}

// hasTool reports whether a program is on the session's PATH.
func (r *run) hasTool(name string) bool {
	path, _ := lookupEnv(r.opts.Env, "PATH")
	_, err := lookPath(name, path)
	return err == nil
}
