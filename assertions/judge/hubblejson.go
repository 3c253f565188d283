package judge

import (
	"strings"

	"github.com/cilium/cilium/api/v1/flow"
	"github.com/tutor-run/tutor/engine/hubble/flowfmt"
	"google.golang.org/protobuf/encoding/protojson"
)

// compactFlows turns `hubble observe -o json|jsonpb` output (one
// GetFlowsResponse or Flow per line) into compact lines, so that flows
// are judged by kind whatever format the post pasted them in. Text that is
// not such JSON is returned as it is.
func compactFlows(text string) string {
	t := strings.TrimSpace(text)
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
