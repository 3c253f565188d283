package report

import (
	"fmt"
	"time"

	"github.com/tutor-run/tutor/engine/model"
	"github.com/tutor-run/tutor/engine/result"
)

// postRun is a run of file whose sections are given; the tutorial lists
// their models.
func postRun(file, title string, started time.Time, d time.Duration, sections ...*result.Section) *result.Run {
	tut := &model.Tutorial{File: file, Title: title}
	for _, s := range sections {
		s.Section.Pos.File = file
		for _, st := range s.Steps {
			if st.Step != nil {
				st.Step.Pos.File = file
			}
		}
		tut.Sections = append(tut.Sections, s.Section)
	}
	return &result.Run{Tutorial: tut, Started: started, Duration: d, Sections: sections,
		Tools: map[string]string{"tutor": "dev", "bash": "5.2.21"}}
}

// suiteFixture is three posts, listed out of order: one that failed with
// a diff, one that was malformed and one that passed.
func suiteFixture() []*result.Run {
	failing := postRun("docs/b-nodes.md", "Nodes", start.Add(time.Minute), 2100*time.Millisecond,
		&result.Section{Section: section("nodes", "Nodes", 1), Status: result.Failed, Duration: 2 * time.Second,
			Steps: []*result.Step{{Step: shellStep(3, "kubectl get nodes"), Status: result.Failed, Attempts: 1, Duration: 2 * time.Second,
				Output: "NAME     STATUS     AGE\nnode-1   NotReady   20m\n",
				Failure: &result.Failure{Kind: result.ClaimBroken, Claim: result.ClaimOutput, Message: "output differs from the post",
					Diff: "--- post\n+++ actual\n@@ -1,2 +1,2 @@\n NAME     STATUS     AGE\n-node-1   Ready      5m\n+node-1   NotReady   20m\n"}}}},
		&result.Section{Section: section("later", "Later", 10), Status: result.Blocked, Reason: `an earlier section failed: "Nodes"`,
			Steps: []*result.Step{{Step: shellStep(13, "touch never-created"), Status: result.Blocked, Reason: "an earlier section failed"}}},
	)
	malformed := postRun("docs/c-broken.md", "", start.Add(2*time.Minute), 0)
	malformed.Failed = &result.PostFailure{Message: "docs/c-broken.md:3: unknown directive \"expekt\"\ndocs/c-broken.md:8: code fence opened here is never closed", Status: result.ExitUsage}
	passing := postRun("docs/a-greet.md", "Greet | the reader", start, 1250*time.Millisecond,
		&result.Section{Section: section("greet", "Greet", 1), Status: result.Passed, Duration: 50 * time.Millisecond,
			Steps: []*result.Step{{Step: shellStep(3, "echo hello"), Status: result.Passed, Attempts: 1, Duration: 50 * time.Millisecond, Output: "hello\n"}}},
		&result.Section{Section: section("shout", "Shout", 8), Status: result.Passed, Duration: 1200 * time.Millisecond,
			Steps: []*result.Step{{Step: shellStep(10, "echo HELLO"), Status: result.Passed, Attempts: 1, Duration: 1200 * time.Millisecond, Output: "HELLO\n"}}},
	)
	return []*result.Run{failing, malformed, passing}
}

// everythingRun is a run that sets every field a report keeps: teardown,
// what was left behind, an interruption, a post failure, a step without
// a model, a forgiven and replayed step with notes and substitutions.
func everythingRun() *result.Run {
	run := fixtureRun()
	run.Applied = []string{"namespace demo", "deployment demo/web"}
	run.Teardown = []result.TeardownItem{{What: "deployment demo/web"}, {What: "namespace demo", Error: "timed out"}}
	run.LeftBehind = []string{"namespace demo"}
	run.Interrupted = true
	run.Failed = &result.PostFailure{Message: "ran out of time after \x1b[1m10m\x1b[0m", Status: result.ExitInterrupted}
	run.Sections = append(run.Sections, &result.Section{Status: result.Passed, Steps: []*result.Step{
		{Status: result.Passed, Output: "no model"},
		{Step: shellStep(140, "kubectl get pods web-6c9f8d7b5d-2xkqp"), Status: result.Failed, Forgiven: true, Replayed: true,
			Command: "kubectl get pods web-7d4b9c6f8-q9zlm", Substitutions: []string{"web-6c9f8d7b5d-2xkqp -> web-7d4b9c6f8-q9zlm"},
			Notes: []string{"cilium is v1.16.1, the post shows v1.15.4"}, ExitCode: 1, Attempts: 2,
			Failure: &result.Failure{Kind: result.ClaimBroken, Message: "exit status 1, the post claims 0"}},
	}})
	return run
}

// manyRuns is n passing runs of steps steps each, for the benchmarks.
func manyRuns(n, steps int) []*result.Run {
	runs := make([]*result.Run, n)
	for i := range runs {
		file := fmt.Sprintf("posts/%04d.md", i)
		var sts []*result.Step
		for j := range steps {
			sts = append(sts, &result.Step{Step: shellStep(10+j*4, fmt.Sprintf("echo step %d", j)), Status: result.Passed,
				Attempts: 1, Duration: 20 * time.Millisecond, Output: fmt.Sprintf("step %d\nof post %d\n", j, i)})
		}
		if i%10 == 0 {
			sts[steps-1].Status = result.Failed
			sts[steps-1].Failure = &result.Failure{Kind: result.ClaimBroken, Message: "output differs from the post",
				Diff: "--- post\n+++ actual\n@@ -1 +1 @@\n-step\n+steps\n"}
		}
		status := result.Passed
		if i%10 == 0 {
			status = result.Failed
		}
		runs[i] = postRun(file, fmt.Sprintf("Post %d", i), start.Add(time.Duration(i)*time.Second), time.Duration(steps)*20*time.Millisecond,
			&result.Section{Section: section("all", "All", 1), Status: status, Duration: time.Duration(steps) * 20 * time.Millisecond, Steps: sts})
	}
	return runs
}
