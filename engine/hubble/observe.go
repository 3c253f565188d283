package hubble

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/cilium/cilium/api/v1/flow"
	"github.com/cilium/cilium/api/v1/observer"
	monitorAPI "github.com/cilium/cilium/pkg/monitor/api"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/timestamppb"
)

// DefaultLast is how many flows `hubble observe` shows when no --last,
// --first, --since or --until bounds them.
const DefaultLast = 20

// Errors an ArgError wraps.
var (
	ErrUnknownFlag = errors.New("unknown flag")
	ErrFollow      = errors.New("a post cannot be checked against an endless stream: drop --follow (or use --last N)")
	ErrBadValue    = errors.New("bad value")
	ErrNoValue     = errors.New("flag needs a value")
)

// ArgError says which `hubble observe` argument could not be translated.
type ArgError struct {
	Flag, Value string
	Err         error
}

func (e *ArgError) Error() string {
	if e.Value != "" {
		return fmt.Sprintf("hubble observe %s %q: %v", e.Flag, e.Value, e.Err)
	}
	return fmt.Sprintf("hubble observe %s: %v", e.Flag, e.Err)
}

func (e *ArgError) Unwrap() error { return e.Err }

// Observe is a `hubble observe` command line translated.
type Observe struct {
	// Request is what the command asks the Observer API for.
	Request *observer.GetFlowsRequest
	// Output is the -o format: compact (the default), dict, json, jsonpb or table.
	Output string
	// Server is --server, "" for the default.
	Server string
}

// ObserveArgs translates the arguments of `hubble observe` (with or
// without the leading "hubble observe") into a GetFlowsRequest; relative
// --since/--until count back from now.
func ObserveArgs(args []string) (*observer.GetFlowsRequest, error) {
	o, err := ParseObserve(args, time.Now())
	if err != nil {
		return nil, err
	}
	return o.Request, nil
}

// ParseObserve translates a `hubble observe` command line, building the
// filters as the hubble CLI does: flags named from-* and to-* and the
// verdict, port-less type and protocol flags narrow every filter, while
// the symmetric ones (--pod, --label, --ip, --port, --namespace) make a
// "from" filter and a "to" filter that either may match. After --not, the
// next filter flag goes to the blacklist.
func ParseObserve(args []string, now time.Time) (*Observe, error) {
	if len(args) > 0 && args[0] == "hubble" {
		args = args[1:]
	}
	if len(args) > 0 && args[0] == "observe" {
		args = args[1:]
	}
	p := &observeParser{o: &Observe{Request: &observer.GetFlowsRequest{}, Output: "compact"}, now: now}
	if err := p.parse(args); err != nil {
		return nil, err
	}
	req := p.o.Request
	req.Whitelist = p.white.filters()
	req.Blacklist = p.black.filters()
	if req.Number == 0 && req.Since == nil && req.Until == nil {
		req.Number = DefaultLast
	}
	return p.o, nil
}

type observeParser struct {
	o            *Observe
	now          time.Time
	white, black tracker
	not          bool
}

// valueFlags take a value; the others are booleans.
var valueFlags = map[string]bool{
	"from-pod": true, "to-pod": true, "pod": true,
	"from-namespace": true, "to-namespace": true, "namespace": true,
	"from-label": true, "to-label": true, "label": true,
	"from-ip": true, "to-ip": true, "ip": true,
	"from-fqdn": true, "to-fqdn": true, "fqdn": true,
	"from-service": true, "to-service": true, "service": true,
	"from-port": true, "to-port": true, "port": true,
	"verdict": true, "protocol": true, "type": true, "traffic-direction": true,
	"drop-reason-desc": true, "node-name": true,
	"last": true, "first": true, "since": true, "until": true, "output": true, "server": true,
}

var shortFlags = map[string]string{"n": "namespace", "l": "label", "o": "output", "f": "follow", "t": "type"}

func (p *observeParser) parse(args []string) error {
	for i := 0; i < len(args); i++ {
		arg := args[i]
		name, value, hasValue := strings.Cut(strings.TrimLeft(arg, "-"), "=")
		switch {
		case !strings.HasPrefix(arg, "-") || arg == "-" || arg == "--":
			return &ArgError{Flag: arg, Err: ErrUnknownFlag}
		case !strings.HasPrefix(arg, "--"):
			long, ok := shortFlags[name[:1]]
			if !ok {
				return &ArgError{Flag: arg, Err: ErrUnknownFlag}
			}
			if len(name) > 1 && !hasValue { // -nbasics
				value, hasValue = name[1:], true
			}
			name = long
		}
		flag := "--" + name
		if valueFlags[name] && !hasValue {
			if i+1 >= len(args) {
				return &ArgError{Flag: flag, Err: ErrNoValue}
			}
			i++
			value = args[i]
		}
		if err := p.set(name, value); err != nil {
			var ae *ArgError
			if errors.As(err, &ae) {
				return err
			}
			return &ArgError{Flag: flag, Value: value, Err: err}
		}
	}
	return nil
}

func (p *observeParser) set(name, value string) error {
	req := p.o.Request
	switch name {
	case "follow":
		return &ArgError{Flag: "--follow", Err: ErrFollow}
	case "not":
		p.not = true
		return nil
	case "last", "first":
		n, err := strconv.ParseUint(value, 10, 64)
		if err != nil {
			return fmt.Errorf("%w: want a count", ErrBadValue)
		}
		req.Number, req.First = n, name == "first"
		return nil
	case "since", "until":
		ts, err := parseTime(value, p.now)
		if err != nil {
			return err
		}
		if name == "since" {
			req.Since = ts
		} else {
			req.Until = ts
		}
		return nil
	case "output":
		switch value {
		case "compact", "dict", "json", "jsonpb", "table":
			p.o.Output = value
			return nil
		}
		return fmt.Errorf("%w: want compact, dict, json, jsonpb or table", ErrBadValue)
	case "server":
		p.o.Server = value
		return nil
	}
	if !valueFlags[name] {
		return ErrUnknownFlag
	}
	t := &p.white
	if p.not {
		t, p.not = &p.black, false
	}
	return t.set(name, value)
}

// parseTime reads a duration back from now ("5m") or an RFC 3339 time.
func parseTime(v string, now time.Time) (*timestamppb.Timestamp, error) {
	if d, err := time.ParseDuration(v); err == nil {
		return timestamppb.New(now.Add(-d)), nil
	}
	for _, layout := range []string{time.RFC3339Nano, time.RFC3339, "2006-01-02T15:04:05", "2006-01-02"} {
		if t, err := time.Parse(layout, v); err == nil {
			return timestamppb.New(t), nil
		}
	}
	return nil, fmt.Errorf("%w: want a duration (5m) or an RFC 3339 time", ErrBadValue)
}

// tracker builds the "from" (left) and "to" (right) FlowFilters.
type tracker struct {
	left, right      *flow.FlowFilter
	ns, srcNs, dstNs []string
}

func (t *tracker) both(fn func(*flow.FlowFilter)) { t.onLeft(fn); t.onRight(fn) }

func (t *tracker) onLeft(fn func(*flow.FlowFilter)) {
	if t.left == nil {
		t.left = &flow.FlowFilter{}
	}
	fn(t.left)
}

func (t *tracker) onRight(fn func(*flow.FlowFilter)) {
	if t.right == nil {
		t.right = &flow.FlowFilter{}
	}
	fn(t.right)
}

// split puts v on the source side of the left filter and the destination
// side of the right one.
func (t *tracker) split(v string, src, dst func(*flow.FlowFilter) *[]string) {
	t.onLeft(func(f *flow.FlowFilter) { *src(f) = append(*src(f), v) })
	t.onRight(func(f *flow.FlowFilter) { *dst(f) = append(*dst(f), v) })
}

func (t *tracker) filters() []*flow.FlowFilter {
	if t.left == nil && t.right == nil && len(t.ns)+len(t.srcNs)+len(t.dstNs) == 0 {
		return nil
	}
	if t.left == nil {
		t.left = &flow.FlowFilter{}
	}
	if t.right == nil {
		t.right = &flow.FlowFilter{}
	}
	for _, f := range []*flow.FlowFilter{t.left, t.right} {
		inNamespaces(&f.SourcePod, &f.SourceService, t.srcNs)
		inNamespaces(&f.DestinationPod, &f.DestinationService, t.dstNs)
	}
	inNamespaces(&t.left.SourcePod, &t.left.SourceService, t.ns)
	inNamespaces(&t.right.DestinationPod, &t.right.DestinationService, t.ns)
	if proto.Equal(t.left, t.right) {
		return []*flow.FlowFilter{t.left}
	}
	return []*flow.FlowFilter{t.left, t.right}
}

// inNamespaces confines pod and service names to namespaces: a name
// without a namespace gets each of them, and no name means "any pod".
func inNamespaces(pods, services *[]string, namespaces []string) {
	if len(namespaces) == 0 {
		return
	}
	if len(*pods) == 0 && len(*services) == 0 {
		*pods = []string{""}
	}
	for _, names := range []*[]string{pods, services} {
		var out []string
		for _, n := range *names {
			if strings.Contains(n, "/") {
				out = append(out, n)
				continue
			}
			for _, ns := range namespaces {
				out = append(out, ns+"/"+n)
			}
		}
		*names = out
	}
}

// typeFilter reads --type: a monitor event name (trace, drop, l7,
// policy-verdict, ...) or number, with an optional ":subtype" (a trace
// observation point such as to-overlay, or a number).
func typeFilter(v string) (*flow.EventTypeFilter, error) {
	name, sub, hasSub := strings.Cut(v, ":")
	tf := &flow.EventTypeFilter{}
	if t, ok := monitorAPI.MessageTypeNames[name]; ok {
		tf.Type = int32(t)
	} else if n, err := strconv.ParseUint(name, 10, 8); err == nil {
		tf.Type = int32(n)
	} else {
		return nil, fmt.Errorf("%w: unknown event type %q", ErrBadValue, name)
	}
	if !hasSub {
		return tf, nil
	}
	tf.MatchSubType = true
	if tf.Type == monitorAPI.MessageTypeTrace {
		for k, point := range monitorAPI.TraceObservationPoints {
			if point == sub {
				tf.SubType = int32(k)
				return tf, nil
			}
		}
	}
	n, err := strconv.ParseUint(sub, 10, 8)
	if err != nil {
		return nil, fmt.Errorf("%w: unknown event sub-type %q", ErrBadValue, sub)
	}
	tf.SubType = int32(n)
	return tf, nil
}
