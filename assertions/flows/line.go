// Package flows judges what a post claims about Hubble flows: the
// `hubble observe` transcripts it pastes (Compare) and the flow claims
// written as directives (Check; engine/model parses them). Everything here
// is a pure function of text and flows; fetching flows is engine/hubble's
// job.
package flows

import (
	"fmt"
	"net"
	"net/netip"
	"strconv"
	"strings"
	"time"
)

// Line is one line of `hubble observe` compact output.
type Line struct {
	// Time is the flow's time (the year is unknown: 0); zero when "N/A".
	Time time.Time
	// Node is the node name printed with --print-node-name, else "".
	Node string
	// Src and Dst are the endpoints as printed: for replies ("<-") Src is
	// still the left one, the initiator.
	Src, Dst Endpoint
	// Direction is "->", "<-" or "<>" (reply-ness unknown).
	Direction string
	// Point is the event column: an observation point ("to-overlay"), a
	// drop reason ("Policy denied"), a policy verdict
	// ("policy-verdict:none INGRESS"), a socket translation
	// ("post-xlate-fwd") or an L7 type ("dns-request proxy").
	Point string
	// Verdict is FORWARDED, DROPPED, ALLOWED, DENIED, TRANSLATED, ...
	Verdict string
	// Summary is the text in the last parentheses ("TCP Flags: SYN").
	Summary string
}

// Endpoint is one side of a flow line.
type Endpoint struct {
	// Namespace and Pod are set for "ns/pod" (or "ns/service") endpoints.
	Namespace, Pod string
	// IP is set when the endpoint printed as an address.
	IP string
	// Name is set when it printed as DNS names ("github.com").
	Name string
	// Port is the L4 port, 0 when none printed.
	Port int
	// Identity is n of "(ID:n)"; Reserved is the name of a reserved
	// identity ("world", "host") printed instead.
	Identity uint32
	Reserved string
}

// Verdicts are the words the verdict column can hold.
var Verdicts = map[string]bool{
	"FORWARDED": true, "DROPPED": true, "DENIED": true, "ALLOWED": true, "TRANSLATED": true,
	"TRACED": true, "AUDIT": true, "AUDITED": true, "ERROR": true, "REDIRECTED": true,
	"VERDICT_UNKNOWN": true,
}

// LineError says why a line is not a compact flow line.
type LineError struct {
	Line, Reason string
}

func (e *LineError) Error() string {
	return fmt.Sprintf("not a hubble flow line (%s): %q", e.Reason, e.Line)
}

// ParseLine parses one line of `hubble observe` compact output.
func ParseLine(line string) (Line, error) {
	var l Line
	fail := func(reason string) (Line, error) { return Line{}, &LineError{Line: line, Reason: reason} }
	s := strings.TrimSpace(line)
	i := strings.Index(s, ": ")
	if i < 0 {
		return fail("no timestamp")
	}
	ts := s[:i]
	if j := strings.Index(ts, " ["); j >= 0 && strings.HasSuffix(ts, "]") { // --print-node-name
		ts, l.Node = ts[:j], ts[j+2:len(ts)-1]
	}
	if ts != "N/A" {
		t, err := time.Parse(time.StampMilli, ts)
		if err != nil {
			return fail("bad timestamp")
		}
		l.Time = t
	}
	s = s[i+2:]
	if !strings.HasSuffix(s, ")") {
		return fail("no summary")
	}
	open := summaryStart(s)
	if open < 0 {
		return fail("no summary")
	}
	l.Summary, s = s[open+1:len(s)-1], strings.TrimSpace(s[:open])
	f := strings.Fields(s)
	if len(f) < 7 {
		return fail("too few fields")
	}
	var err error
	if l.Src, err = parseEndpoint(f[0], f[1]); err != nil {
		return fail("source: " + err.Error())
	}
	l.Direction = f[2]
	if l.Direction != "->" && l.Direction != "<-" && l.Direction != "<>" {
		return fail("no direction arrow")
	}
	if l.Dst, err = parseEndpoint(f[3], f[4]); err != nil {
		return fail("destination: " + err.Error())
	}
	l.Verdict, l.Point = f[len(f)-1], strings.Join(f[5:len(f)-1], " ")
	if !Verdicts[l.Verdict] {
		return fail("unknown verdict " + l.Verdict)
	}
	return l, nil
}

// summaryStart finds the "(" that matches the final ")" of s.
func summaryStart(s string) int {
	depth := 0
	for i := len(s) - 1; i >= 0; i-- {
		switch s[i] {
		case ')':
			depth++
		case '(':
			depth--
			if depth == 0 {
				return i
			}
		}
	}
	return -1
}

func parseEndpoint(host, id string) (Endpoint, error) {
	var e Endpoint
	if len(id) < 3 || id[0] != '(' || id[len(id)-1] != ')' {
		return e, fmt.Errorf("no identity after %q", host)
	}
	id = id[1 : len(id)-1]
	if n, ok := strings.CutPrefix(id, "ID:"); ok {
		v, err := strconv.ParseUint(n, 10, 32)
		if err != nil {
			return e, fmt.Errorf("bad identity %q", id)
		}
		e.Identity = uint32(v)
	} else {
		e.Reserved = id
	}
	if h, p, err := net.SplitHostPort(host); err == nil {
		port, err := strconv.Atoi(p)
		if err != nil {
			return e, fmt.Errorf("bad port in %q", host)
		}
		host, e.Port = h, port
	}
	switch {
	case strings.Contains(host, "/"):
		e.Namespace, e.Pod, _ = strings.Cut(host, "/")
	case isIP(host):
		e.IP = host
	default:
		e.Name = host
	}
	return e, nil
}

func isIP(s string) bool {
	_, err := netip.ParseAddr(s)
	return err == nil
}

// String prints the endpoint as the compact format does, without identity.
func (e Endpoint) String() string {
	h := e.Name
	switch {
	case e.Pod != "":
		h = e.Namespace + "/" + e.Pod
	case e.IP != "":
		h = e.IP
	}
	if e.Port != 0 {
		return net.JoinHostPort(h, strconv.Itoa(e.Port))
	}
	return h
}
