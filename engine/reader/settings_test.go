package reader

import (
	"strings"
	"testing"
)

// TestReadSettings reads the tutor.skip opt-out from the frontmatter
// alone, as engine/posts does for every post it finds, and checks that a
// full Read agrees.
func TestReadSettings(t *testing.T) {
	const body = "# Post\n\n```console\n$ true\n```\n"
	for _, tc := range []struct {
		name string
		src  string
		skip string
		real int    // tutor.sandbox.realNodes
		err  string // in the error; "" for none
	}{
		{name: "no frontmatter", src: body},
		{name: "frontmatter without tutor", src: "---\ntitle: x\n---\n" + body},
		{name: "opted out", src: "---\ntutor:\n  skip: needs a GPU\n---\n" + body, skip: "needs a GPU"},
		{name: "opted out, flow style", src: "---\ntutor: {skip: \"drafts are not run\"}\n---\n" + body, skip: "drafts are not run"},
		{name: "reason trimmed", src: "---\ntutor:\n  skip: '  later  '\n---\n" + body, skip: "later"},
		{name: "a bool is no reason", src: "---\ntutor:\n  skip: true\n---\n" + body, err: "post.md:3: tutor.skip: say in words why"},
		{name: "an empty reason", src: "---\ntutor:\n  skip: \"\"\n---\n" + body, err: "post.md:3: tutor.skip: say in words why"},
		{name: "a list is no reason", src: "---\ntutor:\n  skip: [a]\n---\n" + body, err: "post.md:3: tutor.skip: say in words why"},
		{name: "unknown setting", src: "---\ntutor:\n  skipp: x\n---\n" + body, err: `post.md:3: tutor: unknown setting "skipp" (known: aliases, contexts, env, prompts, sandbox, skip, timeout)`},
		{name: "a real node", src: "---\ntutor:\n  sandbox: {nodes: 3, realNodes: 1}\n---\n" + body, real: 1},
		{name: "two real nodes", src: "---\ntutor:\n  sandbox: {realNodes: 2}\n---\n" + body, err: "post.md:3: tutor.sandbox.realNodes: want 0 or 1, got 2"},
		{name: "unclosed", src: "---\ntutor:\n  skip: x\n" + body, err: "post.md:1: frontmatter is not closed"},
		{name: "too long", src: "---\n#" + strings.Repeat("x", MaxFrontmatterSize) + "\n---\n" + body, err: "post.md:1: frontmatter is 64.0 KiB long"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, err := ReadSettings("post.md", []byte(tc.src))
			switch {
			case tc.err == "" && err != nil:
				t.Fatalf("unexpected error: %v", err)
			case tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err)):
				t.Fatalf("error %v, want it to contain %q", err, tc.err)
			case tc.err != "":
				return
			}
			if got, want := s.Skip, tc.skip; got != want {
				t.Errorf("ReadSettings skip %q, want %q", got, want)
			}
			if got, want := s.Sandbox.RealNodes, tc.real; got != want {
				t.Errorf("ReadSettings realNodes %d, want %d", got, want)
			}
			if got, want := s.Aliases["k"], "kubectl"; got != want {
				t.Errorf("alias k = %q, want %q", got, want)
			}
			tut, err := Read("post.md", []byte(tc.src))
			if err != nil {
				t.Fatalf("Read: %v", err)
			}
			if got, want := tut.Settings.Skip, tc.skip; got != want {
				t.Errorf("Read skip %q, want %q", got, want)
			}
		})
	}
}
