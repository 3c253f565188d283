package model

import (
	"regexp"
	"slices"
	"strings"
	"testing"
)

// TestClaimFormsGrammar checks that each form's grammar names every word
// that selects it, so that the documented grammar shows every alias.
func TestClaimFormsGrammar(t *testing.T) {
	word := regexp.MustCompile(`[a-z-]+`)
	for _, f := range ClaimForms {
		grammar := word.FindAllString(f.Grammar, -1)
		for _, w := range f.Words {
			if !slices.Contains(grammar, w) {
				t.Errorf("grammar %q of the %s claim does not show %q", f.Grammar, f.Words[0], w)
			}
		}
	}
	want := "cilium flow flows no node nodes po pod rollout service svc"
	if got := strings.Join(ClusterClaimWords, " "); got != want {
		t.Errorf("ClusterClaimWords = %s, want %s", got, want)
	}
	if got, want := FlowClaimGrammar(), `[no] flows|flow [from PEER] [to PEER] [port N] [verdict V] [reason "TEXT"] [direction ingress|egress] [type T] [dns NAME] [namespace NS] [label K=V] [protocol P]`; got != want {
		t.Errorf("FlowClaimGrammar() =\n%s\nwant\n%s", got, want)
	}
}
