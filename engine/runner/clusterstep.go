package runner

import (
	"github.com/tutor-run/tutor/engine/model"
)

// isClusterStep reports whether a step acts on the cluster (see
// model.Step.TalksToCluster, which engine/posts shares).
func isClusterStep(st *model.Step, aliases map[string]string) bool {
	return st.TalksToCluster(aliases)
}

// expandAliases replaces alias words at the start of simple commands.
func expandAliases(cmd string, aliases map[string]string) string {
	return model.ExpandAliases(cmd, aliases)
}
