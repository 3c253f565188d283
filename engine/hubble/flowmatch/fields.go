package flowmatch

import (
	"fmt"
	"slices"
	"strings"

	"github.com/cilium/cilium/api/v1/flow"
)

// SplitName splits a "[namespace/]name-prefix" filter value; without a
// slash the namespace is "default", as in Hubble.
func SplitName(v string) (ns, prefix string) {
	if i := strings.IndexByte(v, '/'); i >= 0 {
		return v[:i], v[i+1:]
	}
	if v == "" {
		return "", ""
	}
	return "default", v
}

// podNames matches "[ns/]prefix" values against a pod or service name.
func podNames(vals []string, get func(*flow.Flow) (ns, name string)) (func(*flow.Flow) bool, error) {
	if len(vals) == 0 {
		return nil, nil
	}
	type nameFilter struct{ ns, prefix string }
	var nf []nameFilter
	for _, v := range vals {
		if v == "" {
			return nil, fmt.Errorf("empty pod or service name")
		}
		ns, prefix := SplitName(v)
		nf = append(nf, nameFilter{ns, prefix})
	}
	return func(f *flow.Flow) bool {
		ns, name := get(f)
		if ns == "" && name == "" {
			return false
		}
		return slices.ContainsFunc(nf, func(n nameFilter) bool {
			return (n.ns == "" || n.ns == ns) && strings.HasPrefix(name, n.prefix)
		})
	}, nil
}

// labelReq is one requirement of a label selector: key[=value] or key!=value.
type labelReq struct {
	source, key, value string
	hasValue, negate   bool
}

// parseSelector parses a comma-separated selector such as
// "k8s:app=web,reserved:world". A key without a "source:" prefix matches
// labels of any source.
func parseSelector(s string) ([]labelReq, error) {
	var reqs []labelReq
	for part := range strings.SplitSeq(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			return nil, fmt.Errorf("label selector %q: empty requirement", s)
		}
		var r labelReq
		switch {
		case strings.Contains(part, "!="):
			r.key, r.value, _ = strings.Cut(part, "!=")
			r.hasValue, r.negate = true, true
		case strings.Contains(part, "=="):
			r.key, r.value, _ = strings.Cut(part, "==")
			r.hasValue = true
		case strings.Contains(part, "="):
			r.key, r.value, _ = strings.Cut(part, "=")
			r.hasValue = true
		default:
			r.key = part
			if strings.HasPrefix(part, "!") {
				r.key, r.negate = part[1:], true
			}
		}
		if src, key, ok := strings.Cut(r.key, ":"); ok {
			r.source, r.key = src, key
		}
		if r.key == "" || strings.ContainsAny(r.key, " ()") {
			return nil, fmt.Errorf("label selector %q: unsupported requirement %q", s, part)
		}
		reqs = append(reqs, r)
	}
	return reqs, nil
}

// has reports whether the flow labels ("source:key=value") satisfy r.
func (r labelReq) has(labels []string) bool {
	found := slices.ContainsFunc(labels, func(l string) bool {
		src, kv, ok := strings.Cut(l, ":")
		if !ok {
			src, kv = "", l
		}
		if r.source != "" && r.source != "any" && src != r.source {
			return false
		}
		k, v, _ := strings.Cut(kv, "=")
		return k == r.key && (!r.hasValue || v == r.value)
	})
	return found != r.negate
}

func labels(vals []string, get func(*flow.Flow) []string) (func(*flow.Flow) bool, error) {
	if len(vals) == 0 {
		return nil, nil
	}
	var sels [][]labelReq
	for _, v := range vals {
		reqs, err := parseSelector(v)
		if err != nil {
			return nil, err
		}
		sels = append(sels, reqs)
	}
	return func(f *flow.Flow) bool {
		ls := get(f)
		return slices.ContainsFunc(sels, func(reqs []labelReq) bool {
			for _, r := range reqs {
				if !r.has(ls) {
					return false
				}
			}
			return true
		})
	}, nil
}

// fqdns matches names exactly or with "*" wildcards, ignoring a final dot.
func fqdns(vals []string, get func(*flow.Flow) []string) (func(*flow.Flow) bool, error) {
	if len(vals) == 0 {
		return nil, nil
	}
	pats := make([]string, len(vals))
	for i, v := range vals {
		pats[i] = strings.TrimSuffix(strings.ToLower(v), ".")
	}
	return func(f *flow.Flow) bool {
		return slices.ContainsFunc(get(f), func(name string) bool {
			name = strings.TrimSuffix(strings.ToLower(name), ".")
			return slices.ContainsFunc(pats, func(p string) bool { return globMatch(p, name) })
		})
	}, nil
}

// globMatch matches name against a pattern where "*" stands for any run of
// characters.
func globMatch(pattern, name string) bool {
	parts := strings.Split(pattern, "*")
	if len(parts) == 1 {
		return pattern == name
	}
	if !strings.HasPrefix(name, parts[0]) {
		return false
	}
	name = name[len(parts[0]):]
	for _, p := range parts[1 : len(parts)-1] {
		i := strings.Index(name, p)
		if i < 0 {
			return false
		}
		name = name[i+len(p):]
	}
	return strings.HasSuffix(name, parts[len(parts)-1])
}

// protocols matches L4 or L7 protocol names (tcp, udp, sctp, icmp or
// icmpv4, icmpv6, http, dns, kafka), case-insensitively.
func protocols(vals []string) (func(*flow.Flow) bool, error) {
	if len(vals) == 0 {
		return nil, nil
	}
	want := make([]func(*flow.Flow) bool, len(vals))
	for i, v := range vals {
		has, ok := protocolTests[strings.ToLower(v)]
		if !ok {
			return nil, fmt.Errorf("unknown protocol %q", strings.ToLower(v))
		}
		want[i] = has
	}
	return func(f *flow.Flow) bool {
		return slices.ContainsFunc(want, func(has func(*flow.Flow) bool) bool { return has(f) })
	}, nil
}

// protocolTests says, for each protocol name a filter may give, whether a
// flow carries that protocol: the one list of the names protocols knows.
var protocolTests = map[string]func(*flow.Flow) bool{
	"tcp":    func(f *flow.Flow) bool { return f.GetL4().GetTCP() != nil },
	"udp":    func(f *flow.Flow) bool { return f.GetL4().GetUDP() != nil },
	"sctp":   func(f *flow.Flow) bool { return f.GetL4().GetSCTP() != nil },
	"icmp":   func(f *flow.Flow) bool { return f.GetL4().GetICMPv4() != nil },
	"icmpv4": func(f *flow.Flow) bool { return f.GetL4().GetICMPv4() != nil },
	"icmpv6": func(f *flow.Flow) bool { return f.GetL4().GetICMPv6() != nil },
	"http":   func(f *flow.Flow) bool { return f.GetL7().GetHttp() != nil },
	"dns":    func(f *flow.Flow) bool { return f.GetL7().GetDns() != nil },
	"kafka":  func(f *flow.Flow) bool { return f.GetL7().GetKafka() != nil },
}
