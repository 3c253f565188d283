package execute

import (
	"strings"

	"github.com/tutor-run/tutor/engine/model"
)

// entry is one row of the table: the steps it runs and how to build
// their executor.
type entry struct {
	// name says what the row runs, as a post writes it.
	name string
	// kind is the kind of the steps the row runs.
	kind model.Kind
	// command, when set, picks the commands of that kind that tutor runs
	// itself, by their words (aliases expanded, a trailing & dropped; two
	// or more). Nil means every step of the kind.
	command func(x *Registry, st *model.Step, words []string) bool
	// build makes the executor of a step the row runs.
	build func(x *Registry, st *model.Step, words []string) Executor
}

// table lists the executors, first match wins: the commands tutor runs
// itself instead of handing them to the shell come before the row of
// their kind. A new tool is a file with its command and build funcs and
// a row here.
var table = []entry{
	{"cilium hubble port-forward &", model.KindBackground, isHubbleForward, newHubbleForward},
	{"helm", model.KindShell, isHelm, newHelm},
	{"hubble observe", model.KindShell, isObserve, newObserve},
	{"cilium status", model.KindShell, isCiliumStatus, newCiliumStatus},

	{"shell", model.KindShell, nil, newShell},
	{"background", model.KindBackground, nil, newBackground},
	{"file", model.KindFile, nil, newFile},
	{"env", model.KindEnv, nil, newEnv},
	{"manifest", model.KindManifest, nil, newManifest},
	{"assert", model.KindAssert, nil, newAssert},
}

// Registry picks the executor of each step of one run from the table. It
// holds what the run's executors share (the helm client and home, the
// connection to Hubble); Close releases them.
type Registry struct {
	deps Deps
	// kinds add or replace the executors of step kinds; commands tutor
	// runs itself still go to their tools.
	kinds  map[model.Kind]Executor
	helm   *helmRunner
	hubble *hubbleConn
}

// NewRegistry returns the registry of a run with deps; kinds add or
// replace the executors of step kinds (runner.Options.Executors).
func NewRegistry(deps Deps, kinds map[model.Kind]Executor) *Registry {
	x := &Registry{deps: deps.withDefaults(), kinds: kinds}
	x.helm = &helmRunner{deps: &x.deps}
	x.hubble = &hubbleConn{server: x.deps.HubbleServer, clients: x.deps.Clients}
	return x
}

// For returns the executor of st; false when this build has none for
// st's kind.
func (x *Registry) For(st *model.Step) (Executor, bool) {
	w := x.words(st)
	for _, e := range table {
		if e.kind != st.Kind || (e.command != nil && (w == nil || !e.command(x, st, w))) {
			continue
		}
		if k, ok := x.kinds[st.Kind]; ok && e.command == nil {
			return k, true
		}
		return e.build(x, st, w), true
	}
	k, ok := x.kinds[st.Kind]
	return k, ok
}

// words splits a shell or background step's command into words once, for
// the rows that recognise commands; nil when it is not a simple command
// of two words or more.
func (x *Registry) words(st *model.Step) []string {
	if st.Kind != model.KindShell && st.Kind != model.KindBackground {
		return nil
	}
	w, ok := model.Words(strings.TrimSuffix(strings.TrimSpace(st.Command), "&"), x.deps.Aliases)
	if !ok || len(w) < 2 {
		return nil
	}
	return w
}

// Close releases what the run's executors shared: the connection to
// Hubble and the run's own helm home.
func (x *Registry) Close() {
	x.hubble.close()
	x.helm.close()
}
