package judge

import (
	"fmt"
	"strings"

	"github.com/cilium/cilium/api/v1/flow"
	"github.com/tutor-run/tutor/engine/hubble/flowfmt"
	"google.golang.org/protobuf/encoding/protojson"
)

// compactFlows turns `hubble observe -o json|jsonpb` output (one
// GetFlowsResponse or Flow per line) and `-o table` output into compact
// lines, so that flows are judged by kind whatever format the post pasted
// them in. Other text is returned as it is.
func compactFlows(text string) string {
	t := strings.TrimSpace(text)
	if strings.HasPrefix(t, "TIMESTAMP ") {
		return tableFlows(t)
	}
	if !strings.HasPrefix(t, "{") {
		return text
	}
	fs, err := flowfmt.ReadJSONPB(strings.NewReader(t))
	if err != nil || len(fs) == 0 {
		fs = fs[:0]
		opts := protojson.UnmarshalOptions{DiscardUnknown: true}
		for _, l := range strings.Split(t, "\n") {
			if strings.TrimSpace(l) == "" {
				continue
			}
			f := &flow.Flow{}
			if opts.Unmarshal([]byte(l), f) != nil {
				return text
			}
			fs = append(fs, f)
		}
	}
	var b strings.Builder
	for _, f := range fs {
		b.WriteString(flowfmt.Compact(f))
		b.WriteByte('\n')
	}
	return b.String()
}

// tableFlows rewrites the rows of `hubble observe -o table` (TIMESTAMP,
// SOURCE, DESTINATION, TYPE, VERDICT, SUMMARY and, in newer versions,
// NODE) as the compact lines they stand for. Cells are cut where the
// header's columns start, since TYPE and SUMMARY hold spaces.
func tableFlows(t string) string {
	lines := strings.Split(t, "\n")
	header := lines[0]
	cols := map[string]int{}
	var starts []int
	for i := 0; i < len(header); {
		if header[i] == ' ' {
			i++
			continue
		}
		j := i
		for j < len(header) && !(header[j] == ' ' && (j+1 >= len(header) || header[j+1] == ' ')) {
			j++
		}
		cols[header[i:j]] = len(starts)
		starts = append(starts, i)
		i = j
	}
	for _, c := range []string{"TIMESTAMP", "SOURCE", "DESTINATION", "TYPE", "VERDICT", "SUMMARY"} {
		if _, ok := cols[c]; !ok {
			return t
		}
	}
	var b strings.Builder
	for _, row := range lines[1:] {
		if strings.TrimSpace(row) == "" {
			continue
		}
		cell := func(name string) string {
			k := cols[name]
			from := min(starts[k], len(row))
			to := len(row)
			if k+1 < len(starts) {
				to = min(starts[k+1], len(row))
			}
			return strings.TrimSpace(row[from:to])
		}
		// The table prints no identities (a kind does not count them), and
		// puts a response's sender first, where a compact line puts the
		// client first and points the arrow back.
		src, arrow, dst := cell("SOURCE"), "->", cell("DESTINATION")
		if strings.Contains(cell("TYPE"), "-response") {
			src, arrow, dst = dst, "<-", src
		}
		fmt.Fprintf(&b, "%s: %s (ID:0) %s %s (ID:0) %s %s (%s)\n", cell("TIMESTAMP"), src, arrow, dst, cell("TYPE"), cell("VERDICT"), cell("SUMMARY"))
	}
	return b.String()
}
