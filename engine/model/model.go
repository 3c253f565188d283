// Package model holds the plan of a tutorial: its sections and the steps they
// run, with the claims each step makes. It is a plain value produced by the
// reader and consumed by the planner, the runner and the reporters; nothing in
// it runs anything.
package model

import (
	"fmt"
	"time"
)

// Pos is a place in a tutorial file. Line is 1-based; Offset is the byte
// offset of the start of that place in the file.
type Pos struct {
	File   string `json:"file,omitempty"`
	Line   int    `json:"line"`
	Offset int    `json:"offset"`
}

// String formats p as file:line, the form every diagnostic uses.
func (p Pos) String() string {
	if p.File == "" {
		return fmt.Sprintf("%d", p.Line)
	}
	return fmt.Sprintf("%s:%d", p.File, p.Line)
}

// Span is a byte range [Start, End) of the tutorial source. Update mode
// rewrites exactly these bytes.
type Span struct {
	Start int `json:"start"`
	End   int `json:"end"`
}

// Kind names what a step does. The runner keeps one executor per kind.
type Kind string

// The step kinds.
const (
	// KindShell runs a command in the tutorial's shell session.
	KindShell Kind = "shell"
	// KindBackground starts a command that keeps running while later steps
	// run; it is stopped when the run ends.
	KindBackground Kind = "background"
	// KindManifest applies (or deletes) a YAML manifest.
	KindManifest Kind = "manifest"
	// KindEnv sets environment variables in the shell session.
	KindEnv Kind = "env"
	// KindIllustration is a block the post shows but does not run.
	KindIllustration Kind = "illustration"
	// KindAssert checks a claim about the cluster's state.
	KindAssert Kind = "assert"
	// KindFile writes a block the post asks the reader to save ("create a
	// file named app.yaml") to Path in the run's working directory.
	KindFile Kind = "file"
)

// Tutorial is a parsed post.
type Tutorial struct {
	File     string       `json:"file"`
	Title    string       `json:"title,omitempty"`
	Settings Settings     `json:"settings"`
	Sections []*Section   `json:"sections"`
	Warnings []Diagnostic `json:"warnings,omitempty"`
	// UsesPrompts is true when any shell block of the post holds a prompt
	// line; blocks without prompts are then illustrations.
	UsesPrompts bool `json:"usesPrompts"`
	// ChartValues are the blocks the post shows as a chart's values with
	// no helm step to take them, in order (see ChartValues).
	ChartValues []ChartValues `json:"chartValues,omitempty"`
	// ChartVersions are the chart versions the post names, in order (see
	// Tutorial.ChartVersion).
	ChartVersions []ChartVersion `json:"chartVersions,omitempty"`
}

// Steps returns every step of every section, in order.
func (t *Tutorial) Steps() []*Step {
	var all []*Step
	for _, s := range t.Sections {
		all = append(all, s.Steps...)
	}
	return all
}

// Settings are the tutorial-wide options from the `tutor:` frontmatter key.
type Settings struct {
	// Aliases maps a command word to its expansion; `k` means `kubectl`
	// unless the frontmatter says otherwise.
	Aliases map[string]string `json:"aliases,omitempty"`
	// Env is set in the shell session before the first step, in order.
	Env []EnvVar `json:"env,omitempty"`
	// Timeout is the default per-step timeout; zero means the runner's.
	Timeout time.Duration `json:"timeout,omitempty"`
	// Prompts are extra prompt regular expressions (matched at line start).
	Prompts []string `json:"prompts,omitempty"`
	// Contexts are the kube contexts the tutorial may run against.
	Contexts []string `json:"contexts,omitempty"`
	// Sandbox shapes the local cluster of `tutor run --sandbox`.
	Sandbox SandboxSettings `json:"sandbox"`
	// Skip, when set, says why the post opts out of runs that find posts
	// in a directory or by a glob (engine/posts); naming the file still
	// runs it.
	Skip string `json:"skip,omitempty"`
}

// SandboxSettings shape the local cluster a tutorial is rehearsed on, so
// that its pasted outputs (node names and count) can match.
type SandboxSettings struct {
	Nodes      int    `json:"nodes,omitempty" yaml:"nodes"`
	NodePrefix string `json:"nodePrefix,omitempty" yaml:"nodePrefix"`
	// RealNodes is how many of the nodes run their pods for real.
	RealNodes int `json:"realNodes,omitempty" yaml:"realNodes"`
}

// EnvVar is one NAME=value assignment.
type EnvVar struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

// Section is the part of a post under one heading.
type Section struct {
	// ID is stable and unique within the tutorial: the slug of the title,
	// with -2, -3, ... appended when titles repeat.
	ID    string `json:"id"`
	Title string `json:"title"`
	Level int    `json:"level"`
	Pos   Pos    `json:"pos"`
	// Cleanup sections run after the others whatever happened.
	Cleanup bool `json:"cleanup,omitempty"`
	// Skip, when set, says why the whole section is not run.
	Skip string `json:"skip,omitempty"`
	// Tab, when set, makes the section one alternative of a group of tabs
	// (Microsoft Learn's `### [Azure CLI](#tab/azure-cli)`): one tab of a
	// group runs, the others are skipped.
	Tab *Tab `json:"tab,omitempty"`
	// Needs are capabilities the section needs besides those its steps
	// show (`needs` directive): one of Capabilities.
	Needs []string `json:"needs,omitempty"`
	// Prose is the section's markdown without its code blocks and
	// directives, for people stepping through the post.
	Prose string  `json:"prose,omitempty"`
	Steps []*Step `json:"steps"`
}

// Step is one thing the runner does and the claims it checks.
type Step struct {
	Kind Kind `json:"kind"`
	// Pos is where the command starts (the prompt line of a transcript).
	Pos Pos `json:"pos"`
	// Command is the command as written in the post: prompt removed,
	// continuation lines and here-documents kept, aliases not expanded.
	Command string `json:"command,omitempty"`
	// CommandSpan locates Command's lines in the source.
	CommandSpan Span `json:"commandSpan"`
	// Block is the fenced block the step comes from.
	Block *Block `json:"block,omitempty"`
	// Output is the expected output pasted after the command, if any.
	Output *Output `json:"output,omitempty"`
	// Expect are the explicit claims from directives. When one of them
	// matches output (contains, regex, similarity), it replaces the
	// comparison with the pasted Output.
	Expect []Expectation `json:"expect,omitempty"`
	// Exit is the claimed exit status.
	Exit ExitClaim `json:"exit"`
	// Timeout overrides the default per-step timeout when non-zero.
	Timeout time.Duration `json:"timeout,omitempty"`
	// Eventually re-runs the command until its claims hold.
	Eventually *Eventually `json:"eventually,omitempty"`
	// Ready is what a background step must print before the run goes on.
	Ready *Readiness `json:"ready,omitempty"`
	// Env holds the assignments of an env step.
	Env []EnvVar `json:"env,omitempty"`
	// Manifest is the YAML source of a manifest step.
	Manifest string `json:"manifest,omitempty"`
	// Delete makes a manifest step delete its objects instead of applying.
	Delete bool `json:"delete,omitempty"`
	// NoWait makes a manifest step return once applied, without waiting
	// for its workloads to become ready.
	NoWait bool `json:"noWait,omitempty"`
	// Claim is the cluster claim of an assert step.
	Claim *ClusterClaim `json:"claim,omitempty"`
	// Hidden steps come from a setup directive: the post does not show them.
	Hidden bool `json:"hidden,omitempty"`
	// Values is the values block a `values` directive attached to this
	// helm install or upgrade.
	Values *Values `json:"values,omitempty"`
	// Skip, when set, says why the step is not run.
	Skip string `json:"skip,omitempty"`
	// Note says how the reader took a command the post shows in a way that
	// cannot run unattended as written (a foreground port-forward started
	// in the background, a follow bounded by a window).
	Note string `json:"note,omitempty"`
	// Window, when non-zero, bounds a command that never ends on its own
	// (`kubectl get -w`, `tail -f`, `ping` without -c): it is stopped after
	// Window and what it printed by then is judged.
	Window time.Duration `json:"window,omitempty"`
	// Via, when set, is the non-interactive form of the interactive shell
	// the post opened before this command (`kubectl exec POD -- sh -c`): the
	// command runs through it, quoted as one argument.
	Via string `json:"via,omitempty"`
	// Unattended, when set, is what the run executes in place of Command:
	// the form of an interactive command that needs no terminal (kubectl
	// run -it ... -- sh becomes a kubectl run of a pod that sleeps, then a
	// wait for it to be ready). Command stays as the post wrote it.
	Unattended string `json:"unattended,omitempty"`
	// Path is where a file step writes its Content, relative to the run's
	// working directory.
	Path string `json:"path,omitempty"`
	// Content is what a file step writes.
	Content string `json:"content,omitempty"`
	// Placeholders are the values the command leaves to the reader
	// (`<pod-name>`, `{{< param "version" >}}`), in order of appearance;
	// a run fills them from --var or skips the step.
	Placeholders []Placeholder `json:"placeholders,omitempty"`
}

// Placeholder is one value a command leaves to the reader.
type Placeholder struct {
	// Text is the placeholder as written (`<pod-name>`).
	Text string `json:"text"`
	// Name is the key a value is looked up by (`pod-name`).
	Name string `json:"name"`
	// Env marks a variable the post uses but never sets ($MY_CLUSTER):
	// the command keeps it, and its value goes to the session's
	// environment.
	Env bool `json:"env,omitempty"`
}

// Tab is a section's place in a group of alternative tabs.
type Tab struct {
	// Group numbers the tab groups of a post from 1.
	Group int `json:"group"`
	// Name is the tab's label ("Azure CLI"); ID its anchor ("azure-cli").
	Name string `json:"name"`
	ID   string `json:"id"`
	// Default is the tab that runs unless --tab picks another.
	Default bool `json:"default,omitempty"`
}

// ReplacesOutput reports whether an explicit claim (contains, regex,
// similarity, output ignore) replaces the comparison with the pasted
// output; not-contains is checked besides it.
func (s *Step) ReplacesOutput() bool {
	for _, e := range s.Expect {
		if e.Kind != MatchNotContains {
			return true
		}
	}
	return false
}

// Runs reports whether the runner executes the step.
func (s *Step) Runs() bool { return s.Skip == "" && s.Kind != KindIllustration }

// Values is a block of chart values for a helm step: YAML, or the
// Terraform-like `"set1" = { ParamName = "k" ParamValue = "v" }` shape.
type Values struct {
	Text string `json:"text"`
	// Pos is the block's first content line.
	Pos Pos `json:"pos"`
}

// Capabilities are what a section can need from the machine or cluster
// besides a shell: the az CLI logged in, a Cilium agent, a Hubble Relay,
// access to the internet, and a node that really runs pods (the sandbox's
// simulated nodes do not run containers).
var Capabilities = []string{"az", "cilium", "hubble", "internet", "pods"}

// Block is a fenced code block of the post.
type Block struct {
	Info string `json:"info"`
	Pos  Pos    `json:"pos"`
	// Span covers the block's content lines (between the fences).
	Span Span `json:"span"`
}

// Output is expected output as pasted in the post.
type Output struct {
	Text string `json:"text"`
	Pos  Pos    `json:"pos"`
	Span Span   `json:"span"`
}

// MatchKind says how an Expectation compares output.
type MatchKind string

// The ways output can be claimed.
const (
	// MatchContains holds when the output contains Value.
	MatchContains MatchKind = "contains"
	// MatchRegex holds when the RE2 expression Value matches the output
	// (multi-line mode: ^ and $ match at line boundaries).
	MatchRegex MatchKind = "regex"
	// MatchSimilarity holds when the normalized output is at least
	// Threshold similar to the pasted Output (Innovation Engine's
	// expected_similarity).
	MatchSimilarity MatchKind = "similarity"
	// MatchNotContains holds when the output does not contain Value.
	MatchNotContains MatchKind = "not-contains"
	// MatchIgnore drops the comparison with the pasted output.
	MatchIgnore MatchKind = "ignore"
)

// Expectation is one explicit claim about a step's output.
type Expectation struct {
	Kind      MatchKind `json:"kind"`
	Value     string    `json:"value,omitempty"`
	Threshold float64   `json:"threshold,omitempty"`
	Pos       Pos       `json:"pos"`
}

// ExitClaim is the claimed exit status. The zero value claims 0.
type ExitClaim struct {
	// Any accepts every status.
	Any bool `json:"any,omitempty"`
	// NonZero accepts every status but 0.
	NonZero bool `json:"nonzero,omitempty"`
	// Code is the exact status claimed when neither Any nor NonZero.
	Code int `json:"code"`
}

// Accepts reports whether status satisfies the claim.
func (c ExitClaim) Accepts(status int) bool {
	switch {
	case c.Any:
		return true
	case c.NonZero:
		return status != 0
	default:
		return status == c.Code
	}
}

// String describes the claim for plans and reports.
func (c ExitClaim) String() string {
	switch {
	case c.Any:
		return "any"
	case c.NonZero:
		return "non-zero"
	default:
		return fmt.Sprintf("%d", c.Code)
	}
}

// Eventually re-runs a read-only command until its claims hold.
type Eventually struct {
	Within time.Duration `json:"within"`
	Every  time.Duration `json:"every"`
}

// Readiness is the line a background step must print before the run goes
// on, and how long to wait for it.
type Readiness struct {
	Pattern string        `json:"pattern"`
	Within  time.Duration `json:"within"`
}

// Severity ranks a Diagnostic.
type Severity string

// The severities.
const (
	SeverityError   Severity = "error"
	SeverityWarning Severity = "warning"
)

// Diagnostic is a problem found in a tutorial without running it.
type Diagnostic struct {
	Pos      Pos      `json:"pos"`
	Severity Severity `json:"severity"`
	Message  string   `json:"message"`
}

// String formats d as file:line: message (warnings say so).
func (d Diagnostic) String() string {
	if d.Severity == SeverityWarning {
		return fmt.Sprintf("%s: warning: %s", d.Pos, d.Message)
	}
	return fmt.Sprintf("%s: %s", d.Pos, d.Message)
}
