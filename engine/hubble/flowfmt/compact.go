// Package flowfmt renders Hubble flows the way `hubble observe` prints
// them: the one-line compact format, and the JSON lines of `-o jsonpb`.
// It is pure: it reads flows and writes text, nothing else.
package flowfmt

import (
	"fmt"
	"net"
	"path"
	"strconv"
	"strings"

	"github.com/cilium/cilium/api/v1/flow"
	monitorAPI "github.com/cilium/cilium/pkg/monitor/api"
	"google.golang.org/protobuf/types/known/timestamppb"
)

// TimeLayout is how compact lines print a flow's time (in UTC).
const TimeLayout = "Jan _2 15:04:05.000" // time.StampMilli

// ReservedIdentities names Cilium's reserved security identities, as the
// compact format prints them instead of "(ID:n)".
var ReservedIdentities = map[uint32]string{
	0: "unknown", 1: "host", 2: "world", 3: "unmanaged", 4: "health", 5: "init",
	6: "remote-node", 7: "kube-apiserver", 8: "ingress", 9: "world-ipv4", 10: "world-ipv6",
}

// Compact renders f as one line of `hubble observe` compact output,
// without the trailing newline, e.g.
//
//	Mar 29 21:06:33.831: default/testpod:48740 (ID:2615) <> basics/web-7c9f8d6b5-x2x9k:80 (ID:9727) Policy denied DROPPED (TCP Flags: SYN)
func Compact(f *flow.Flow) string {
	src, dst := hostNames(f)
	srcID, dstID := identity(f.GetSource().GetIdentity()), identity(f.GetDestination().GetIdentity())
	arrow := "->"
	switch {
	case f.GetIsReply() == nil:
		arrow = "<>" // direction unknown
	case f.GetIsReply().GetValue():
		// Replies print the initiator first, with the arrow reversed.
		src, dst, srcID, dstID, arrow = dst, src, dstID, srcID, "<-"
	}
	var b strings.Builder
	b.Grow(160)
	b.WriteString(timestamp(f.GetTime()))
	b.WriteString(": ")
	for _, s := range []string{src, srcID, arrow, dst, dstID, EventName(f), Verdict(f)} {
		b.WriteString(s)
		b.WriteByte(' ')
	}
	b.WriteByte('(')
	b.WriteString(f.GetSummary())
	if auth := f.GetAuthType(); auth != flow.AuthType_DISABLED {
		b.WriteString("; Auth: ")
		b.WriteString(auth.String())
	}
	b.WriteByte(')')
	return escapeTerminal(b.String())
}

// terminalEscaper does what hubble's printer does to every compact line, so
// that a flow cannot drive the terminal: ESC prints as "^[", CR as `\r`.
var terminalEscaper = strings.NewReplacer("\x1b", "^[", "\r", `\r`)

func escapeTerminal(s string) string {
	if !strings.ContainsAny(s, "\x1b\r") {
		return s
	}
	return terminalEscaper.Replace(s)
}

func timestamp(ts *timestamppb.Timestamp) string {
	if !ts.IsValid() {
		return "N/A"
	}
	return ts.AsTime().Format(TimeLayout)
}

func identity(id uint32) string {
	if name, ok := ReservedIdentities[id]; ok {
		return "(" + name + ")"
	}
	return "(ID:" + strconv.FormatUint(uint64(id), 10) + ")"
}

// ports returns the L4 source and destination ports, "" without L4.
func ports(f *flow.Flow) (string, string) {
	var s, d uint32
	switch l4 := f.GetL4(); {
	case l4.GetTCP() != nil:
		s, d = l4.GetTCP().GetSourcePort(), l4.GetTCP().GetDestinationPort()
	case l4.GetUDP() != nil:
		s, d = l4.GetUDP().GetSourcePort(), l4.GetUDP().GetDestinationPort()
	case l4.GetSCTP() != nil:
		s, d = l4.GetSCTP().GetSourcePort(), l4.GetSCTP().GetDestinationPort()
	default:
		return "", ""
	}
	return strconv.FormatUint(uint64(s), 10), strconv.FormatUint(uint64(d), 10)
}

func hostNames(f *flow.Flow) (string, string) {
	if f.GetIP() == nil {
		if eth := f.GetEthernet(); eth != nil {
			return eth.GetSource(), eth.GetDestination()
		}
		return "", ""
	}
	sp, dp := ports(f)
	src := host(f.GetIP().GetSource(), sp, f.GetSource(), f.GetSourceService(), f.GetSourceNames())
	dst := host(f.GetIP().GetDestination(), dp, f.GetDestination(), f.GetDestinationService(), f.GetDestinationNames())
	return src, dst
}

// host names an endpoint: ns/pod, else ns/service, else its DNS names,
// else its IP; with ":port" when the port is known.
func host(ip, port string, ep *flow.Endpoint, svc *flow.Service, names []string) string {
	h := ip
	ns := ep.GetNamespace()
	if svc != nil {
		ns = svc.GetNamespace()
	}
	switch {
	case ep.GetPodName() != "":
		h = path.Join(ns, ep.GetPodName())
	case svc.GetName() != "":
		h = path.Join(ns, svc.GetName())
	case len(names) > 0:
		h = strings.Join(names, ",")
	}
	if port != "" && port != "0" {
		return net.JoinHostPort(h, port)
	}
	return h
}

// EventName is the compact format's event column: the observation point
// ("to-overlay"), drop reason ("Policy denied"), policy verdict
// ("policy-verdict:none INGRESS"), socket translation ("post-xlate-fwd") or
// L7 type ("dns-request proxy").
func EventName(f *flow.Flow) string {
	if l7 := f.GetL7(); l7 != nil {
		proto, typ := "l7", strings.ToLower(l7.GetType().String())
		switch {
		case l7.GetHttp() != nil:
			proto = "http"
		case l7.GetDns() != nil:
			proto, typ = "dns", typ+" "+l7.GetDns().GetObservationSource()
		case l7.GetKafka() != nil:
			proto = "kafka"
		}
		return proto + "-" + typ
	}
	sub := uint8(f.GetEventType().GetSubType())
	switch f.GetEventType().GetType() {
	case monitorAPI.MessageTypeTrace:
		return monitorAPI.TraceObservationPoint(sub)
	case monitorAPI.MessageTypeDrop:
		return monitorAPI.DropReason(sub)
	case monitorAPI.MessageTypePolicyVerdict:
		return fmt.Sprintf("%s:%s %s", monitorAPI.MessageTypeNamePolicyVerdict,
			monitorAPI.PolicyMatchType(f.GetPolicyMatchType()), f.GetTrafficDirection())
	case monitorAPI.MessageTypeCapture:
		return f.GetDebugCapturePoint().String()
	case monitorAPI.MessageTypeTraceSock:
		switch f.GetSockXlatePoint() {
		case flow.SocketTranslationPoint_SOCK_XLATE_POINT_POST_DIRECTION_FWD:
			return "post-xlate-fwd"
		case flow.SocketTranslationPoint_SOCK_XLATE_POINT_POST_DIRECTION_REV:
			return "post-xlate-rev"
		case flow.SocketTranslationPoint_SOCK_XLATE_POINT_PRE_DIRECTION_FWD:
			return "pre-xlate-fwd"
		case flow.SocketTranslationPoint_SOCK_XLATE_POINT_PRE_DIRECTION_REV:
			return "pre-xlate-rev"
		}
		return f.GetSockXlatePoint().String()
	}
	return "UNKNOWN"
}

// Verdict is the compact format's verdict column: the verdict's name, or
// ALLOWED / DENIED / AUDITED for policy-verdict events.
func Verdict(f *flow.Flow) string {
	v := f.GetVerdict()
	policy := f.GetEventType().GetType() == monitorAPI.MessageTypePolicyVerdict
	switch {
	case policy && (v == flow.Verdict_FORWARDED || v == flow.Verdict_REDIRECTED):
		return "ALLOWED"
	case policy && (v == flow.Verdict_DROPPED || v == flow.Verdict_ERROR):
		return "DENIED"
	case policy && v == flow.Verdict_AUDIT:
		return "AUDITED"
	}
	return v.String()
}
