package runner

import (
	"regexp"
	"strings"

	"github.com/tutor-run/tutor/engine/model"
)

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
