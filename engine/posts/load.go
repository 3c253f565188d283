package posts

import (
	"errors"
	"path/filepath"
	"runtime"
	"slices"
	"sync"
	"time"

	"github.com/tutor-run/tutor/engine/kubecontext"
	"github.com/tutor-run/tutor/engine/model"
	"github.com/tutor-run/tutor/engine/reader"
	"github.com/tutor-run/tutor/engine/result"
)

// Post is a post of a run, with what splitting runs between machines
// needs to know about it.
type Post struct {
	File string `json:"file"`
	// Steps counts the steps that run (those of skipped sections and
	// skipped or shown blocks do not).
	Steps int `json:"steps"`
	// Weight is how long the post takes: its duration in the latest
	// earlier report, or else an estimate from its steps (Estimated).
	Weight    time.Duration `json:"weight"`
	Estimated bool          `json:"estimated,omitempty"`
	// Needs is what the machine that runs the post must give it, sorted:
	// "cluster" (a step talks to a cluster the post does not make itself:
	// give it one, or --sandbox), and the capabilities of
	// model.Capabilities its sections need ("az", "cilium", "hubble",
	// "internet", "pods").
	Needs []string `json:"needs"`
	// Problem, when set, is why the post cannot be read; its run reports
	// it in full.
	Problem string `json:"problem,omitempty"`
	// Tutorial is the post as read, nil when it has a Problem.
	Tutorial *model.Tutorial `json:"-"`
}

// What an estimate counts: a run's own start, and each step by what it
// does. Shell steps are quick; manifests wait for their workloads; helm
// installs pull charts and images; claims about the cluster poll.
const (
	estimatePost     = 5 * time.Second
	estimateCommand  = 2 * time.Second
	estimateManifest = 20 * time.Second
	estimateHelm     = 60 * time.Second
	estimateClaim    = 10 * time.Second
)

// Load reads files (as Find returns them) and weighs each post by
// timings, the runs of earlier reports, matched by their tutorial's
// file path, cleaned: the latest by start time of those that ran to
// their end (not interrupted, not failed as a whole). A post that cannot
// be read is kept with its Problem, so that its run reports it; a file
// that cannot be opened is an error.
func Load(files []string, timings []*result.Run) ([]Post, error) {
	measured := map[string]*result.Run{}
	for _, r := range timings {
		if r == nil || r.Tutorial == nil || r.Interrupted || r.Failed != nil {
			continue
		}
		f := filepath.Clean(r.Tutorial.File)
		if old, ok := measured[f]; !ok || !r.Started.Before(old.Started) {
			measured[f] = r
		}
	}
	posts := make([]Post, len(files))
	errs := make([]error, len(files))
	// Parsing is most of the time; posts are independent, so they are
	// read side by side, each into its own slot.
	work := make(chan int)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(files)) {
		wg.Go(func() {
			for i := range work {
				posts[i], errs[i] = load(files[i])
			}
		})
	}
	for i := range files {
		work <- i
	}
	close(work)
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	for i := range posts {
		if r, ok := measured[filepath.Clean(posts[i].File)]; ok {
			posts[i].Weight, posts[i].Estimated = r.Duration, false
		}
	}
	return posts, nil
}

// load reads one post and estimates its weight.
func load(f string) (Post, error) {
	p := Post{File: f, Needs: []string{}, Estimated: true}
	t, err := reader.ReadFile(f)
	var re *reader.Error
	switch {
	case errors.As(err, &re):
		p.Problem = re.Diagnostics[0].String()
		p.Weight = estimatePost
	case err != nil:
		return p, err
	default:
		p.Tutorial = t
		p.Steps, p.Weight = weigh(t)
		p.Needs = needs(t)
	}
	return p, nil
}

// runningSteps calls f with each step of t that runs, in order.
func runningSteps(t *model.Tutorial, f func(*model.Step)) {
	for _, s := range t.Sections {
		if s.Skip != "" {
			continue
		}
		for _, st := range s.Steps {
			if st.Runs() {
				f(st)
			}
		}
	}
}

// weigh counts the steps of t that run and estimates how long they take.
func weigh(t *model.Tutorial) (int, time.Duration) {
	n, d := 0, estimatePost
	runningSteps(t, func(st *model.Step) {
		n++
		switch {
		case st.Kind == model.KindManifest && !st.NoWait && !st.Delete:
			d += estimateManifest
		case st.Kind == model.KindAssert:
			d += estimateClaim
		case st.InstallsChart(t.Settings.Aliases):
			d += estimateHelm
		default:
			d += estimateCommand
		}
		d += st.Window
	})
	return n, d
}

// needs returns what the post needs from the machine that runs it, by
// the rule the runner checks a section with (its needs directive and
// model.Section.ToolNeeds), over the sections that are not skipped; and
// a cluster when a step talks to one and no step makes its own (kind
// create cluster, az aks get-credentials, a use-context).
func needs(t *model.Tutorial) []string {
	out := []string{}
	add := func(cs []string) {
		for _, c := range cs {
			if !slices.Contains(out, c) {
				out = append(out, c)
			}
		}
	}
	for _, s := range t.Sections {
		if s.Skip == "" {
			add(s.Needs)
			add(s.ToolNeeds(t.Settings.Aliases, nil))
		}
	}
	talks, creates := false, false
	runningSteps(t, func(st *model.Step) {
		talks = talks || st.TalksToCluster(t.Settings.Aliases)
		creates = creates || len(kubecontext.Created(st.Command)) > 0
	})
	if talks && !creates {
		add([]string{"cluster"})
	}
	slices.Sort(out)
	return out
}
