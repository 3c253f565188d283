package ciliumstatus

import (
	"fmt"
	"strings"
)

// Status holds the facts of one `cilium status` summary.
type Status struct {
	// Components are the state lines next to the logo, in printed order.
	Components []Component
	// Workloads are the Deployment and DaemonSet lines, in printed order.
	Workloads []Workload
	// Containers are the pod phase counts per workload, in printed order.
	Containers []Containers
	// Pods is the Cluster Pods line; nil when the output has none.
	Pods *Pods
	// HelmChart is the Helm chart version ("" when none is shown).
	HelmChart string
	// Images are the image lines, in printed order.
	Images []Image
	// Problems are the Errors: and Warnings: lines.
	Problems []Problem
}

// Component is one state line: "Hubble Relay: disabled".
type Component struct {
	// Name is the component as printed ("Cilium", "Envoy DaemonSet").
	Name string
	// State is its state.
	State State
}

// State is a component's state: OK (the zero value), disabled, or a number
// of errors and warnings.
type State struct {
	// Disabled is true when the component is not deployed.
	Disabled bool
	// Reason says why, as printed in parentheses ("using embedded mode").
	Reason string
	// Errors and Warnings count what the agents and deployments reported.
	Errors, Warnings int
}

// Kind is the significant part of a state: "OK", "disabled", "errors" or
// "warnings" (errors win over warnings).
func (s State) Kind() string {
	switch {
	case s.Errors > 0:
		return "errors"
	case s.Warnings > 0:
		return "warnings"
	case s.Disabled:
		return "disabled"
	}
	return "OK"
}

// String prints the state as cilium-cli does: "OK", "disabled (using
// embedded mode)", "1 errors, 2 warnings".
func (s State) String() string {
	var parts []string
	if s.Errors > 0 {
		parts = append(parts, fmt.Sprintf("%d errors", s.Errors))
	}
	if s.Warnings > 0 {
		parts = append(parts, fmt.Sprintf("%d warnings", s.Warnings))
	}
	if s.Disabled {
		d := "disabled"
		if s.Reason != "" {
			d += " (" + s.Reason + ")"
		}
		parts = append(parts, d)
	}
	if len(parts) == 0 {
		return "OK"
	}
	return strings.Join(parts, ", ")
}

// Workload is one Deployment or DaemonSet line.
type Workload struct {
	// Kind is "Deployment" or "DaemonSet" (or "StatefulSet").
	Kind string
	// Name is the workload's name.
	Name string
	// Desired, Ready, Available and Unavailable count pods.
	Desired, Ready, Available, Unavailable int
}

// Key is "Kind name", the workload's identity.
func (w Workload) Key() string { return w.Kind + " " + w.Name }

// Settled reports whether every desired pod is ready and available.
func (w Workload) Settled() bool {
	return w.Ready == w.Desired && w.Available == w.Desired && w.Unavailable == 0
}

// String prints the counts as cilium-cli does, leaving out zero parts:
// "Desired: 3, Ready: 3/3, Available: 3/3".
func (w Workload) String() string {
	var parts []string
	if w.Desired > 0 {
		parts = append(parts, fmt.Sprintf("Desired: %d", w.Desired))
	}
	if w.Ready > 0 {
		parts = append(parts, fmt.Sprintf("Ready: %d/%d", w.Ready, w.Desired))
	}
	if w.Available > 0 {
		parts = append(parts, fmt.Sprintf("Available: %d/%d", w.Available, w.Desired))
	}
	if w.Unavailable > 0 {
		parts = append(parts, fmt.Sprintf("Unavailable: %d/%d", w.Unavailable, w.Desired))
	}
	return strings.Join(parts, ", ")
}

// Containers counts a workload's pods by phase ("Running", "Pending" ...).
type Containers struct {
	// Name is the workload's name.
	Name string
	// Phases counts pods per phase; empty when the line shows none.
	Phases map[string]int
}

// String prints the counts as "Pending: 1, Running: 2", phases sorted.
func (c Containers) String() string {
	var parts []string
	for _, p := range sortedKeys(c.Phases) {
		parts = append(parts, fmt.Sprintf("%s: %d", p, c.Phases[p]))
	}
	return strings.Join(parts, ", ")
}

// Pods is the Cluster Pods line.
type Pods struct {
	// Managed counts the pods Cilium manages; -1 when unknown.
	Managed int
	// Total counts the pods that could be (not on the host network).
	Total int
}

// Known reports whether the managed count is known.
func (p Pods) Known() bool { return p.Managed >= 0 }

// String prints "9/9 managed by Cilium", or "?/9 ..." when unknown.
func (p Pods) String() string {
	m := "?"
	if p.Known() {
		m = fmt.Sprint(p.Managed)
	}
	return fmt.Sprintf("%s/%d managed by Cilium", m, p.Total)
}

// Image is one Image versions line.
type Image struct {
	// Workload is the name of the workload that runs the image.
	Workload string
	// Image is the reference as printed, digest included.
	Image string
	// Count is how many pods run it.
	Count int
}

// Problem is one Errors: or Warnings: line.
type Problem struct {
	// Warning is true for a Warnings: line.
	Warning bool
	// Workload, Pod and Message are the line's columns.
	Workload, Pod, Message string
}

// Component returns the state of the named component and whether the
// status shows it; "Hubble" and "Hubble Relay" name the same component.
func (s Status) Component(name string) (State, bool) {
	for _, c := range s.Components {
		if canonical(c.Name) == canonical(name) {
			return c.State, true
		}
	}
	return State{}, false
}

// canonical maps the older component names to the current ones.
func canonical(name string) string {
	if name == "Hubble" {
		return "Hubble Relay"
	}
	return name
}
