package runner

import (
	"github.com/tutor-run/tutor/engine/model"
)

// toolExecutor picks the executor of a shell step that tutor runs itself
// rather than through the shell: helm through the helm SDK, `hubble
// observe` through the Observer API, `cilium status` from the cluster's
// objects when the cilium CLI is missing. Nil means the step's kind
// decides.
func (r *run) toolExecutor(st *model.Step) Executor {
	if st.Kind == model.KindBackground && isHubblePortForward(st, r.tutorial.Settings.Aliases) && !r.hasTool("cilium") {
		return hubbleForwardStandIn{}
	}
	if st.Kind != model.KindShell {
		return nil
	}
	aliases := r.tutorial.Settings.Aliases
	if _, ok := isHelm(st, aliases); ok {
		return r.helm
	}
	if _, ok := isObserve(st, aliases); ok {
		return observeExecutor{r.hubble}
	}
	if isCiliumStatus(st, aliases) {
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
