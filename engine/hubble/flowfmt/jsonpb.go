package flowfmt

import (
	"bufio"
	"fmt"
	"io"

	"github.com/cilium/cilium/api/v1/flow"
	"github.com/cilium/cilium/api/v1/observer"
	"google.golang.org/protobuf/encoding/protojson"
)

// ReadJSONPB reads the output of `hubble observe -o jsonpb`: one
// GetFlowsResponse per line ({"flow":{...},"node_name":...}). Lines that
// hold no flow (lost events, node status) and blank lines are skipped.
func ReadJSONPB(r io.Reader) ([]*flow.Flow, error) {
	var out []*flow.Flow
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 16<<20)
	opts := protojson.UnmarshalOptions{DiscardUnknown: true}
	for n := 1; sc.Scan(); n++ {
		if len(sc.Bytes()) == 0 {
			continue
		}
		var res observer.GetFlowsResponse
		if err := opts.Unmarshal(sc.Bytes(), &res); err != nil {
			return out, fmt.Errorf("jsonpb line %d: %w", n, err)
		}
		if f := res.GetFlow(); f != nil {
			out = append(out, f)
		}
	}
	return out, sc.Err()
}

// WriteJSONPB writes flows as `hubble observe -o jsonpb` does, one
// GetFlowsResponse per line, so that ReadJSONPB reads them back.
func WriteJSONPB(w io.Writer, flows []*flow.Flow) error {
	bw := bufio.NewWriter(w)
	for _, f := range flows {
		res := &observer.GetFlowsResponse{
			ResponseTypes: &observer.GetFlowsResponse_Flow{Flow: f},
			NodeName:      f.GetNodeName(),
			Time:          f.GetTime(),
		}
		data, err := protojson.Marshal(res)
		if err != nil {
			return err
		}
		bw.Write(data)
		bw.WriteByte('\n')
	}
	return bw.Flush()
}
