package report

import (
	"io"
	"time"

	"github.com/tutor-run/tutor/engine/model"
	"github.com/tutor-run/tutor/engine/result"
)

// start is the fixed clock of every test.
var start = time.Date(2024, 5, 1, 10, 0, 0, 0, time.UTC)

func fixedClock() time.Time { return start }

const fixtureFile = "docs/cilium-quickstart.md"

func shellStep(line int, cmd string) *model.Step {
	return &model.Step{Kind: model.KindShell, Pos: model.Pos{File: fixtureFile, Line: line}, Command: cmd}
}

func section(id, title string, line int) *model.Section {
	return &model.Section{ID: id, Title: title, Level: 2, Pos: model.Pos{File: fixtureFile, Line: line}}
}

// fixtureRun is a run with a section of every outcome: passed (with a
// hidden setup step, an illustration and an eventually step), failed with
// a diff, errored, blocked, skipped, and a cleanup section.
func fixtureRun() *result.Run {
	sections := []*result.Section{
		createCluster(), installCilium(), checkPods(), connectivity(),
		{Section: section("observe-flows-with-hubble", "Observe flows with Hubble", 90), Status: result.Blocked,
			Reason: `an earlier section failed: "Check the pods & services"`},
		{Section: section("optional-tetragon", "Optional: Tetragon", 110), Status: result.Skipped,
			Reason: "not selected by --section"},
		cleanUp(),
	}
	tut := &model.Tutorial{File: fixtureFile, Title: "Cilium quickstart", UsesPrompts: true}
	for _, s := range sections {
		tut.Sections = append(tut.Sections, s.Section)
	}
	return &result.Run{
		Tutorial: tut,
		Started:  start,
		Duration: 409150 * time.Millisecond,
		Sections: sections,
		Tools:    map[string]string{"tutor": "dev", "bash": "5.2.21", "cilium": "v0.16.4"},
		Setup: []result.SetupItem{{Before: "Check the pods & services", What: "installed the Cilium chart 1.14.0 (release kube-system/cilium)",
			Notes: []string{"version 1.14.0: cilium status at line 41", "values: the block at line 30, read as Cilium's"}}},
	}
}

func createCluster() *result.Section {
	setup := shellStep(20, "kubectl wait --for=condition=Ready nodes --all --timeout=60s")
	setup.Hidden = true
	illustration := shellStep(24, "kind get clusters")
	illustration.Kind = model.KindIllustration
	return &result.Section{
		Section: section("create-a-cluster", "Create a cluster", 10), Status: result.Passed, Duration: 12300 * time.Millisecond,
		Steps: []*result.Step{
			{Step: shellStep(13, "kind create cluster --name tutor"), Status: result.Passed, Attempts: 1, Duration: 12100 * time.Millisecond,
				Output: "Creating cluster \"tutor\" ...\n ✓ Ensuring node image (kindest/node:v1.29.2) 🖼\nSet kubectl context to \"kind-tutor\"\n"},
			{Step: setup, Status: result.Passed, Attempts: 1, Duration: 180 * time.Millisecond,
				Output: "node/tutor-control-plane condition met\n"},
			{Step: illustration, Status: result.Skipped, Reason: "illustration"},
		},
	}
}

func installCilium() *result.Section {
	wait := shellStep(40, "cilium status --wait")
	wait.Eventually = &model.Eventually{Within: 2 * time.Minute, Every: 20 * time.Second}
	return &result.Section{
		Section: section("install-cilium", "Install Cilium", 30), Status: result.Passed, Duration: 65 * time.Second,
		Steps: []*result.Step{
			{Step: shellStep(33, "cilium install \\\n  --version 1.15.4 \\\n  --set hubble.relay.enabled=true"),
				Status: result.Passed, Attempts: 1, Duration: 4200 * time.Millisecond,
				Output: "ℹ️  Using Cilium version 1.15.4\n\x1b[32m✅\x1b[0m Cilium was successfully installed!\n"},
			{Step: wait, Status: result.Passed, Attempts: 3, Duration: 60800 * time.Millisecond,
				Output: "    /¯¯\\\n /¯¯\\__/¯¯\\    Cilium:             OK\n"},
		},
	}
}

func checkPods() *result.Section {
	env := &model.Step{Kind: model.KindEnv, Pos: model.Pos{File: fixtureFile, Line: 52}, Env: []model.EnvVar{{Name: "NS", Value: "kube-system"}}}
	return &result.Section{
		Section: section("check-the-pods-services", "Check the pods & services", 50), Status: result.Failed, Duration: 350 * time.Millisecond,
		Steps: []*result.Step{
			{Step: env, Status: result.Passed, Attempts: 1, Duration: time.Millisecond},
			{Step: shellStep(55, "kubectl -n $NS get pods -l 'k8s-app in (cilium)' | grep <none>"),
				Status: result.Failed, Attempts: 1, Duration: 340 * time.Millisecond,
				Output: "NAME           READY   STATUS             RESTARTS\ncilium-x7k2p   0/1     CrashLoopBackOff   4\n\x00bell\x07 and bad \xff bytes\n",
				Failure: &result.Failure{Kind: result.ClaimBroken, Message: "output differs from the post\nexpected at docs/cilium-quickstart.md:57",
					Diff: "--- post\n+++ actual\n@@ -1,2 +1,3 @@\n NAME           READY   STATUS             RESTARTS\n-cilium-x7k2p   1/1     Running            0\n+cilium-x7k2p   0/1     CrashLoopBackOff   4\n+see ````the docs```` & <notes>\n"}},
			{Step: shellStep(60, "kubectl -n $NS logs ds/cilium"), Status: result.Blocked, Reason: "an earlier step failed"},
		},
	}
}

func connectivity() *result.Section {
	return &result.Section{
		// The runner records the section as failed; a step errored, so the
		// reports show it as errored.
		Section: section("run-the-connectivity-test", "Run the connectivity test", 70), Status: result.Failed, Duration: 5 * time.Minute,
		Steps: []*result.Step{
			{Step: shellStep(73, "cilium connectivity test"), Status: result.Errored, Attempts: 1, Duration: 5 * time.Minute,
				ExitCode: -1, Truncated: true,
				Output:  "ℹ️  Monitor aggregation detected\n[=] Test [no-policies] [1/62]\r[=] Test [no-policies] [2/62]\n",
				Failure: &result.Failure{Kind: result.EnvironmentFailed, Message: "timed out after 5m0s"}},
		},
	}
}

func cleanUp() *result.Section {
	sec := section("clean-up", "Clean up", 130)
	sec.Cleanup = true
	return &result.Section{
		Section: sec, Status: result.Passed, Duration: 31500 * time.Millisecond,
		Steps: []*result.Step{
			{Step: shellStep(133, "kind delete cluster --name tutor"), Status: result.Passed, Attempts: 1, Duration: 31500 * time.Millisecond,
				Output: "Deleting cluster \"tutor\" ..."},
		},
	}
}

// replay tells obs about run the way the runner would, writing each
// step's output in small chunks so that lines arrive in pieces.
func replay(obs result.Observer, run *result.Run) {
	for _, sec := range run.Sections {
		if len(sec.Steps) == 0 {
			obs.SectionFinished(sec)
			continue
		}
		for _, it := range run.Setup {
			if so, ok := obs.(result.SetupObserver); ok && it.Before == sec.Section.Title {
				so.SetupDone(sec.Section, it)
			}
		}
		obs.SectionStarted(sec.Section)
		for _, st := range sec.Steps {
			if st.Status == result.Skipped || st.Status == result.Blocked {
				obs.StepFinished(sec.Section, st)
				continue
			}
			for attempt := 1; attempt <= max(1, st.Attempts); attempt++ {
				w := obs.StepStarted(sec.Section, st.Step, attempt)
				out := "not ready yet\n"
				if attempt == max(1, st.Attempts) {
					out = st.Output
				}
				writeChunks(w, out, 7)
			}
			obs.StepFinished(sec.Section, st)
		}
		obs.SectionFinished(sec)
	}
}

// writeChunks writes s to w n bytes at a time.
func writeChunks(w io.Writer, s string, n int) {
	for len(s) > 0 {
		k := min(n, len(s))
		io.WriteString(w, s[:k])
		s = s[k:]
	}
}
