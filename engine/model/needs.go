package model

import "strings"

// ToolNeeds returns the capabilities (see Capabilities) that the running
// steps of s need by what they do, in order of first need, passing over
// the steps skip reports (nil skips none): az, cilium and hubble for
// commands that start with them, cilium for a cilium-ok claim and hubble
// for a flow claim. A helm install or upgrade brings what the steps after
// it in the section need, so they add nothing. The runner and the
// planning of CI shards both decide by it.
func (s *Section) ToolNeeds(aliases map[string]string, skip func(*Step) bool) []string {
	var need []string
	add := func(c string) {
		for _, n := range need {
			if n == c {
				return
			}
		}
		need = append(need, c)
	}
	for _, st := range s.Steps {
		if !st.Runs() || skip != nil && skip(st) {
			continue
		}
		if st.InstallsChart(aliases) {
			break
		}
		switch {
		case st.Kind == KindAssert && st.Claim != nil:
			switch st.Claim.What {
			case ClaimCiliumOK:
				add("cilium")
			case ClaimFlows, ClaimNoFlows:
				add("hubble")
			}
		case st.Kind == KindShell || st.Kind == KindBackground:
			line, _, _ := strings.Cut(st.Command, "\n")
			word, _, _ := strings.Cut(strings.TrimSpace(ExpandAliases(line, aliases)), " ")
			switch word {
			case "az", "cilium", "hubble":
				add(word)
			}
		}
	}
	return need
}

// InstallsChart reports whether st is a helm install or upgrade.
func (st *Step) InstallsChart(aliases map[string]string) bool {
	if st.Kind != KindShell {
		return false
	}
	w, ok := Words(st.Command, aliases)
	return ok && len(w) > 1 && w[0] == "helm" && (w[1] == "install" || w[1] == "upgrade")
}
