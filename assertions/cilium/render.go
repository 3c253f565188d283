package cilium

import (
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/tutor-run/tutor/assertions/ciliumstatus"
)

// logo is cilium-cli's, one row per component line (the last row is the
// fifth component's).
var logo = []string{` /¯¯\__/¯¯\`, ` \__/¯¯\__/`, ` /¯¯\__/¯¯\`, ` \__/¯¯\__/`, `    \__/`}

// Render prints s the way cilium-cli's summary looks, without colour:
// the logo beside the component lines, then the workloads, containers,
// Cluster Pods, Helm chart version, image versions, errors and warnings.
// ciliumstatus.Parse reads it back.
func Render(s ciliumstatus.Status) string {
	var b strings.Builder
	w := tabwriter.NewWriter(&b, 0, 0, 4, ' ', 0)
	fmt.Fprintln(w, `    /¯¯\`)
	for i, c := range s.Components {
		art := ""
		if i < len(logo) {
			art = logo[i]
		}
		fmt.Fprintf(w, "%s\t%s:\t%s\n", art, c.Name, c.State)
	}
	fmt.Fprintln(w)
	for _, wl := range s.Workloads {
		fmt.Fprintf(w, "%s\t%s\t%s\n", wl.Kind, wl.Name, wl)
	}
	header := "Containers:"
	for _, c := range s.Containers {
		fmt.Fprintf(w, "%s\t%s\t%s\n", header, c.Name, c)
		header = ""
	}
	if s.Pods != nil {
		fmt.Fprintf(w, "Cluster Pods:\t%s\n", s.Pods)
	}
	fmt.Fprintf(w, "Helm chart version:\t%s\n", s.HelmChart)
	header = "Image versions"
	for _, img := range s.Images {
		fmt.Fprintf(w, "%s\t%s\t%s: %d\n", header, img.Workload, img.Image, img.Count)
		header = ""
	}
	for _, warnings := range []bool{false, true} {
		header = map[bool]string{false: "Errors:", true: "Warnings:"}[warnings]
		for _, p := range s.Problems {
			if p.Warning == warnings {
				fmt.Fprintf(w, "%s\t%s\t%s\t%s\n", header, p.Workload, p.Pod, p.Message)
				header = ""
			}
		}
	}
	w.Flush()
	return b.String()
}
