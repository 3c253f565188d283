package runner

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/tutor-run/tutor/engine/model"
	"github.com/tutor-run/tutor/engine/result"
)

// fakeCluster is a cluster with no Cilium until its Provide installs it;
// az is never there. It logs what the run asks of it, as the observer
// logs what the run shows.
type fakeCluster struct {
	cilium bool
	fail   error
	log    *[]string
}

func (f *fakeCluster) probe(_ context.Context, c string) (bool, string) {
	switch c {
	case "cilium", "hubble":
		return f.cilium, "no Cilium agent in the cluster"
	case "pods":
		return true, ""
	}
	return false, "the az CLI is not installed"
}

func (f *fakeCluster) provide(context.Context) (*Provided, error) {
	*f.log = append(*f.log, "provide cilium")
	if f.fail != nil {
		return nil, f.fail
	}
	f.cilium = true
	return &Provided{What: "installed the Cilium chart 1.14.0", Notes: []string{"version: from the post"}}, nil
}

// setupLog is an observer that logs sections starting and setups done.
type setupLog struct {
	result.NopObserver
	log *[]string
}

func (o setupLog) SectionStarted(s *model.Section) { *o.log = append(*o.log, "start "+s.ID) }

func (o setupLog) SetupDone(s *model.Section, item result.SetupItem) {
	*o.log = append(*o.log, "setup before "+s.ID+": "+item.What+item.Error)
}

func TestProvideBeforeFirstNeedingSection(t *testing.T) {
	const needsCilium = "<!-- tutor: needs cilium -->\n\n```console\n$ echo cilium-things\n```\n\n"
	const post = "# Create\n\n```console\n$ az aks create -n lab -g rg\n$ cilium status\n```\n\n" +
		"# Local\n\n```console\n$ echo hi\nhi\n```\n\n" +
		"# Status\n\n" + needsCilium +
		"# Again\n\n" + needsCilium +
		"# Flows\n\n<!-- tutor: needs hubble -->\n\n```console\n$ echo flows\n```\n"
	tests := []struct {
		name   string
		fail   error
		log    string
		status string
		setup  string
		exit   int
	}{
		{
			name: "installed once, before the first section that needs it and would run",
			// Create misses az too: it would be skipped all the same, so
			// nothing is installed for it.
			log:    "start local | provide cilium | setup before status: installed the Cilium chart 1.14.0 | start status | start again | start flows",
			status: "create=skipped local=passed status=passed again=passed flows=passed",
			setup:  "Status: installed the Cilium chart 1.14.0 [version: from the post]",
		},
		{
			name:   "a failed install fails the section, and is not tried again",
			fail:   errors.New("chart not found"),
			log:    "start local | provide cilium | setup before status: bringing cilium for the postchart not found",
			status: "create=skipped local=passed status=failed again=skipped flows=skipped",
			setup:  "Status: bringing cilium for the post [] chart not found",
			exit:   result.ExitEnvironment,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var log []string
			f := &fakeCluster{fail: tt.fail, log: &log}
			res := runPost(t, post, Options{
				IO:        IO{Observer: setupLog{log: &log}},
				Selection: Selection{KeepGoing: true},
				Cluster: Cluster{Probe: f.probe, ClusterProvided: true,
					Provide: map[string]ProvideFunc{"cilium": f.provide}},
			})
			if got := strings.Join(log, " | "); got != tt.log {
				t.Errorf("log:\n got  %s\n want %s", got, tt.log)
			}
			if got := statuses(res); got != tt.status {
				t.Errorf("statuses: %s, want %s", got, tt.status)
			}
			var setup []string
			for _, it := range res.Setup {
				s := it.Before + ": " + it.What + " " + "[" + strings.Join(it.Notes, "; ") + "]"
				if it.Error != "" {
					s += " " + it.Error
				}
				setup = append(setup, s)
			}
			if got := strings.Join(setup, "\n"); got != tt.setup {
				t.Errorf("setup %q, want %q", got, tt.setup)
			}
			if got := res.ExitCode(); got != tt.exit {
				t.Errorf("exit %d, want %d", got, tt.exit)
			}
		})
	}
}

// TestProvideForHubble checks that a section that misses only Hubble
// gets Cilium installed, the Hubble Relay coming with its chart, and that
// nothing is installed when Cilium is there without a relay.
func TestProvideForHubble(t *testing.T) {
	const post = "# Flows\n\n<!-- tutor: needs hubble -->\n\n```console\n$ echo flows\n```\n"
	for _, cilium := range []bool{false, true} {
		var log []string
		f := &fakeCluster{log: &log}
		probe := func(ctx context.Context, c string) (bool, string) {
			if c == "cilium" && cilium {
				return true, ""
			}
			return f.probe(ctx, c)
		}
		res := runPost(t, post, Options{Cluster: Cluster{Probe: probe, ClusterProvided: true, Provide: map[string]ProvideFunc{"cilium": f.provide}}})
		want, wantLog := "flows=passed", "provide cilium"
		if cilium {
			want, wantLog = "flows=skipped", ""
		}
		if got := statuses(res); got != want {
			t.Errorf("cilium there %v: statuses %s, want %s", cilium, got, want)
		}
		if got := strings.Join(log, " | "); got != wantLog {
			t.Errorf("cilium there %v: log %q, want %q", cilium, got, wantLog)
		}
	}
}

// TestProvideWhenThePostDoesNot checks that Provide is left alone when a
// step of the post that will run installs Cilium, and asked when the
// post's install will not run.
func TestProvideWhenThePostDoesNot(t *testing.T) {
	const status = "# Status\n\n<!-- tutor: needs cilium -->\n\n```console\n$ echo status\n```\n\n"
	tests := []struct {
		name, post string
		sections   []string
		want       bool
	}{
		{"no install in the post", status, nil, true},
		{"an install later in the post", status + "# Install\n\n```console\n$ helm install cilium cilium/cilium -n kube-system\n```\n", nil, false},
		{"an upgrade --install of an oci chart", status + "# Install\n\n```console\n$ helm upgrade --install cilium oci://example.com/charts/cilium\n```\n", nil, false},
		{"cilium-cli's install", status + "# Install\n\n```console\n$ cilium install --version 1.14.0\n```\n", nil, false},
		{"an install of another chart", status + "# Install\n\n```console\n$ helm install web bitnami/nginx\n```\n", nil, true},
		{"an install in a section that needs az", status + "# Install\n\n```console\n$ az aks get-credentials -n lab -g rg\n$ helm install cilium cilium/cilium\n```\n", nil, true},
		{"an install the post skips", status + "# Install\n\n<!-- tutor: skip not here -->\n\n```console\n$ helm install cilium cilium/cilium\n```\n", nil, true},
		{"an install not selected", status + "# Install\n\n```console\n$ helm install cilium cilium/cilium\n```\n", []string{"status"}, true},
		{"an install before the need, in the section", "# Status\n\n```console\n$ helm install cilium cilium/cilium\n$ cilium status\n```\n", nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tu := mustRead(t, tt.post)
			sel, err := selectSections(tu, Options{Selection: Selection{Sections: tt.sections}})
			if err != nil {
				t.Fatal(err)
			}
			f := &fakeCluster{log: new([]string)}
			r := &run{opts: withDefaults(Options{Cluster: Cluster{Probe: f.probe}}), tutorial: tu, selected: sel, probes: f.probe}
			if got := !r.postBrings(context.Background(), tu.Sections[0], "cilium"); got != tt.want {
				t.Errorf("tutor provides: %v, want %v", got, tt.want)
			}
		})
	}
}
