package model

import (
	"regexp"
	"strings"
)

// clusterCommand matches a command word that talks to the cluster.
var clusterCommand = regexp.MustCompile(`(?:^|[;&|(]\s*|\bexec\s+|\$\(\s*)(?:command\s+)?(kubectl|helm|cilium|hubble)\b`)

// TalksToCluster reports whether the step acts on a cluster: manifests,
// cluster claims, and commands that run kubectl, helm, cilium or hubble
// (aliases expanded). The runner skips such steps when the section that
// made the cluster was skipped; engine/posts says such a post needs a
// cluster.
func (s *Step) TalksToCluster(aliases map[string]string) bool {
	switch s.Kind {
	case KindManifest, KindAssert:
		return true
	case KindShell, KindBackground:
		return clusterCommand.MatchString(ExpandAliases(s.Command, aliases))
	}
	return false
}

// ExpandAliases replaces alias words at the start of simple commands.
func ExpandAliases(cmd string, aliases map[string]string) string {
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
