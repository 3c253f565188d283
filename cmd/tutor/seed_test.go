package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tutor-run/tutor/cmd/tutor/cli"
	"github.com/tutor-run/tutor/engine/plan"
)

// seedPath finds the unmodified seed article: $TUTOR_SEED, or shared/
// beside the repository as laid out for developers and CI.
func seedPath(t *testing.T) string {
	if p := os.Getenv("TUTOR_SEED"); p != "" {
		return p
	}
	p, err := filepath.Abs("../../../shared/seed/aks-cilium-101-article.md")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(p); err != nil {
		t.Skipf("seed article not found at %s (set TUTOR_SEED to its path): %v", p, err)
	}
	return p
}

// TestSeedPlan: `tutor plan` takes the seed post as it is, lists every
// transcript command and manifest, and does not plan the pasted help table
// or the helm values block as commands; lint flags the manifest without
// apiVersion.
func TestSeedPlan(t *testing.T) {
	seed := seedPath(t)
	var out, errOut bytes.Buffer
	streams := cli.IOStreams{In: strings.NewReader(""), Out: &out, ErrOut: &errOut}
	if code := cli.Execute(context.Background(), streams, []string{"plan", "--json", seed}); code != 0 {
		t.Fatalf("plan exit %d: %s", code, errOut.String())
	}
	var p plan.JSON
	if err := json.Unmarshal(out.Bytes(), &p); err != nil {
		t.Fatal(err)
	}
	var commands []string
	manifests, illustrations := 0, 0
	for _, s := range p.Sections {
		for _, st := range s.Steps {
			switch st.Kind {
			case "shell", "background":
				commands = append(commands, st.Command)
			case "manifest":
				manifests++
			case "illustration":
				illustrations++
				if st.Command != "" {
					t.Errorf("illustration at line %d has a command %q", st.Line, st.Command)
				}
			}
		}
	}
	for _, want := range []string{
		"az aks create -n aks-cnicilium", "az aks get-credentials -n aks-cnicilium -g rsg-ciliumlab",
		"cilium status", "k get no", "k get all -n basics",
		"k exec testpod -- curl -i -X GET http://172.171.45.48", "k exec testpod -- curl -i -X GET http://10.0.189.143",
		"cilium hubble port-forward&", "hubble observe",
		"hubble observe --to-pod basics/basicdeploy-65ff8695df-p58zr --from-pod default/testpod",
		"k create ns client", "k run client --image=nginx -n client",
		"k exec -n basics basicdeploy-65ff8695df-p58zr -- curl -i -X GET http://google.com",
		"k exec -n basics basicdeploy-65ff8695df-p58zr -- curl -i -X GET http://github.com",
		"hubble observe --from-pod basics/basicdeploy-65ff8695df-p58zr",
	} {
		found := false
		for _, c := range commands {
			found = found || strings.HasPrefix(strings.TrimSpace(c), want)
		}
		if !found {
			t.Errorf("plan lacks the command %q", want)
		}
	}
	for _, c := range commands {
		if strings.HasPrefix(c, "--") || strings.Contains(c, "ParamName") {
			t.Errorf("planned %q as a command", c)
		}
	}
	if got, want := len(commands), 18; got != want {
		t.Errorf("%d commands planned, want %d: %q", got, want, commands)
	}
	if got, want := manifests, 9; got != want {
		t.Errorf("%d manifests planned, want %d", got, want)
	}
	if illustrations != 2 {
		t.Errorf("%d illustrations, want 2 (the helm values and the help table)", illustrations)
	}

	out.Reset()
	if code := cli.Execute(context.Background(), streams, []string{"lint", seed}); code != 1 {
		t.Errorf("lint exit %d, want 1 (warnings)", code)
	}
	if !strings.Contains(out.String(), "manifest has no apiVersion") {
		t.Errorf("lint did not flag the manifest without apiVersion:\n%s", out.String())
	}
}
