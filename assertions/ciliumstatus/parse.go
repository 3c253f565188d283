package ciliumstatus

import (
	"errors"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// ErrNotStatus is returned by Parse for a text with no component or
// workload line.
var ErrNotStatus = errors.New("not a cilium status summary: no component or workload line")

var (
	ansi = regexp.MustCompile("\x1b\\[[0-9;?]*[A-Za-z]")
	// logo is the leading run of the logo's characters (and spaces).
	logo = regexp.MustCompile(`^[ \t/¯\\_]*`)
	// componentLine is "Name: state" once the logo is gone.
	componentLine = regexp.MustCompile(`^([A-Z][A-Za-z]*(?: [A-Z][A-Za-z]*)?):\s+(\S.*)$`)
	workloadLine  = regexp.MustCompile(`^(Deployment|DaemonSet|StatefulSet)\s+(\S+)\s+(.*)$`)
	countPart     = regexp.MustCompile(`^(Desired|Ready|Available|Unavailable):\s*(\d+)(?:/(\d+))?$`)
	phasePart     = regexp.MustCompile(`^([A-Za-z]+):\s*(\d+)$`)
	podsLine      = regexp.MustCompile(`^Cluster Pods:\s+(\d+|\?)/(\d+) managed by Cilium`)
	imageRow      = regexp.MustCompile(`^(\S+)\s+(\S+):\s*(\d+)$`)
	stateCount    = regexp.MustCompile(`^(\d+) (errors?|warnings?)$`)
)

// knownComponents may appear without the logo (a post that trimmed it).
var knownComponents = map[string]bool{
	"Cilium": true, "Operator": true, "Envoy DaemonSet": true, "Hubble Relay": true,
	"Hubble": true, "ClusterMesh": true,
}

// section is the multi-line block a continuation line belongs to.
type section int

const (
	none section = iota
	containers
	images
	problems
)

// Parse reads a `cilium status` summary; see the package documentation
// for what it understands.
func Parse(text string) (Status, error) {
	var s Status
	sec, warning := none, false
	for _, raw := range strings.Split(ansi.ReplaceAllString(text, ""), "\n") {
		line := strings.TrimRight(raw, " \t\r")
		if strings.TrimSpace(line) == "" {
			sec = none
			continue
		}
		if name, state, ok := component(line); ok {
			if _, seen := s.Component(name); seen {
				s = Status{} // a repeated summary (--wait): keep the last one
			}
			s.Components = append(s.Components, Component{Name: name, State: parseState(state)})
			sec = none
			continue
		}
		indented := line[0] == ' ' || line[0] == '\t'
		line = strings.TrimSpace(line)
		switch {
		case indented && sec != none:
			s.continuation(sec, warning, line)
		case workloadLine.MatchString(line):
			m := workloadLine.FindStringSubmatch(line)
			s.Workloads = append(s.Workloads, parseWorkload(m[1], m[2], m[3]))
			sec = none
		case strings.HasPrefix(line, "Containers:"):
			sec = containers
			s.continuation(sec, false, strings.TrimSpace(strings.TrimPrefix(line, "Containers:")))
		case podsLine.MatchString(line):
			m := podsLine.FindStringSubmatch(line)
			p := Pods{Managed: -1}
			if m[1] != "?" {
				p.Managed, _ = strconv.Atoi(m[1])
			}
			p.Total, _ = strconv.Atoi(m[2])
			s.Pods, sec = &p, none
		case strings.HasPrefix(line, "Helm chart version:"):
			s.HelmChart, sec = strings.TrimSpace(strings.TrimPrefix(line, "Helm chart version:")), none
		case strings.HasPrefix(line, "Image versions"):
			sec = images
			s.continuation(sec, false, strings.TrimSpace(strings.TrimPrefix(line, "Image versions")))
		case strings.HasPrefix(line, "Errors:"), strings.HasPrefix(line, "Warnings:"):
			sec, warning = problems, strings.HasPrefix(line, "Warnings:")
			_, rest, _ := strings.Cut(line, ":")
			s.continuation(sec, warning, strings.TrimSpace(rest))
		default:
			sec = none
		}
	}
	if len(s.Components) == 0 && len(s.Workloads) == 0 {
		return s, ErrNotStatus
	}
	return s, nil
}

// component reads a component line: "Name: state" after a logo, or
// without one for the names cilium-cli prints.
func component(line string) (name, state string, ok bool) {
	prefix := logo.FindString(line)
	m := componentLine.FindStringSubmatch(line[len(prefix):])
	if m == nil || !(knownComponents[m[1]] || strings.Trim(prefix, " \t") != "") {
		return "", "", false
	}
	return m[1], m[2], true
}

// cutWord splits s at its first run of blanks.
func cutWord(s string) (word, rest string) {
	s = strings.TrimSpace(s)
	i := strings.IndexAny(s, " \t")
	if i < 0 {
		return s, ""
	}
	return s[:i], strings.TrimSpace(s[i:])
}

// continuation reads one row of a multi-line block.
func (s *Status) continuation(sec section, warning bool, row string) {
	switch sec {
	case containers:
		name, rest := cutWord(row)
		if name == "" {
			return
		}
		c := Containers{Name: name, Phases: map[string]int{}}
		for _, part := range splitParts(rest) {
			if m := phasePart.FindStringSubmatch(part); m != nil {
				c.Phases[m[1]], _ = strconv.Atoi(m[2])
			}
		}
		s.Containers = append(s.Containers, c)
	case images:
		if m := imageRow.FindStringSubmatch(row); m != nil {
			n, _ := strconv.Atoi(m[3])
			s.Images = append(s.Images, Image{Workload: m[1], Image: m[2], Count: n})
		}
	case problems:
		workload, rest := cutWord(row)
		pod, msg := cutWord(rest)
		if msg != "" {
			s.Problems = append(s.Problems, Problem{Warning: warning, Workload: workload, Pod: pod, Message: msg})
		}
	}
}

// parseWorkload reads "Desired: 3, Ready: 3/3, Available: 3/3".
func parseWorkload(kind, name, counts string) Workload {
	w := Workload{Kind: kind, Name: name}
	for _, part := range splitParts(counts) {
		m := countPart.FindStringSubmatch(part)
		if m == nil {
			continue
		}
		n, _ := strconv.Atoi(m[2])
		switch m[1] {
		case "Desired":
			w.Desired = n
		case "Ready":
			w.Ready = n
		case "Available":
			w.Available = n
		case "Unavailable":
			w.Unavailable = n
		}
		if m[3] != "" && w.Desired == 0 {
			w.Desired, _ = strconv.Atoi(m[3])
		}
	}
	return w
}

// parseState reads "OK", "disabled (using embedded mode)", "1 errors, 2
// warnings". Anything else counts as one error, so that an unknown state
// is never taken for OK.
func parseState(text string) State {
	var st State
	for _, part := range splitParts(text) {
		switch m := stateCount.FindStringSubmatch(part); {
		case part == "OK":
		case m != nil && strings.HasPrefix(m[2], "error"):
			st.Errors, _ = strconv.Atoi(m[1])
		case m != nil:
			st.Warnings, _ = strconv.Atoi(m[1])
		case strings.HasPrefix(part, "disabled"):
			st.Disabled = true
			st.Reason = strings.TrimSuffix(strings.TrimPrefix(strings.TrimSpace(strings.TrimPrefix(part, "disabled")), "("), ")")
		default:
			st.Errors++
		}
	}
	return st
}

// splitParts splits "a, b, c" into trimmed, non-empty parts.
func splitParts(s string) []string {
	var parts []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			parts = append(parts, p)
		}
	}
	return parts
}

func sortedKeys(m map[string]int) []string { return slices.Sorted(maps.Keys(m)) }
