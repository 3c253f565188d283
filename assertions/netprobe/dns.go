package netprobe

import (
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/tutor-run/tutor/assertions"
	"github.com/tutor-run/tutor/engine/normalize"
)

var (
	digStatus   = regexp.MustCompile(`status: ([A-Z]+)`)
	digRecord   = regexp.MustCompile(`^(\S+)\s+\d+\s+(?:IN\s+)?([A-Z]+)\s+(.+)$`)
	hostRecord  = regexp.MustCompile(`^(\S+) (has address|has IPv6 address|is an alias for|mail is handled by \d+|domain name pointer|has SRV record \d+ \d+ \d+) (\S+)$`)
	hostMissing = regexp.MustCompile(`^Host (\S+) not found: \d+\((\w+)\)`)
	nsName      = regexp.MustCompile(`^Name:\s+(\S+)`)
	nsAddress   = regexp.MustCompile(`^Address(?: \d+)?:\s+(\S+)`)
	nsCanonical = regexp.MustCompile(`^(\S+)\s+canonical name = (\S+)`)
	nsMissing   = regexp.MustCompile(`(?:\*\* )?server can't find (\S+?):? (NXDOMAIN|SERVFAIL|REFUSED|NOTIMP)`)
	nsBusybox   = regexp.MustCompile(`(?:can't resolve|can't find) '?([^'\s:]+)'?`)
)

// answer is what a DNS tool says about a query: its status and records.
type answer struct {
	status  string
	records []string // "name TYPE value", values of A and AAAA masked
	errs    []string
}

func record(name, typ, value string) string {
	name = strings.TrimSuffix(strings.ToLower(name), ".")
	value = strings.TrimSuffix(value, ".")
	switch typ {
	case "A", "AAAA":
		value = "<address>"
	case "CNAME", "NS", "PTR", "MX", "SRV":
		value = strings.ToLower(value)
	case "TXT", "SOA":
		value = normalize.Line(value)
	}
	return name + " " + typ + " " + value
}

// readDNS reads dig (full and +short), host and nslookup output.
func readDNS(text string, short bool) answer {
	var a answer
	section := ""
	name := ""
	pastServer := false
	for _, raw := range strings.Split(text, "\n") {
		l := strings.TrimSpace(raw)
		switch {
		case l == "":
			continue
		case short && !strings.HasPrefix(l, ";"):
			typ := "A"
			if strings.Contains(l, ":") {
				typ = "AAAA"
			} else if normalize.Line(l) != "<IP>" {
				typ = "CNAME"
			}
			a.records = append(a.records, record("", typ, l))
			continue
		case strings.HasPrefix(l, ";;"):
			if m := digStatus.FindStringSubmatch(l); m != nil {
				a.status = m[1]
			}
			if strings.HasPrefix(l, ";; ") && strings.HasSuffix(l, "SECTION:") {
				section = strings.TrimSuffix(strings.TrimPrefix(l, ";; "), " SECTION:")
			}
			if strings.Contains(l, "connection timed out") || strings.Contains(l, "no servers could be reached") {
				a.errs = append(a.errs, "no server reached")
			}
			continue
		case strings.HasPrefix(l, ";"):
			continue
		}
		if section == "ANSWER" {
			if m := digRecord.FindStringSubmatch(l); m != nil {
				a.records = append(a.records, record(m[1], m[2], m[3]))
			}
			continue
		}
		if section != "" {
			continue
		}
		if m := hostRecord.FindStringSubmatch(l); m != nil {
			typ := map[string]string{"has address": "A", "has IPv6 address": "AAAA", "is an alias for": "CNAME", "domain name pointer": "PTR"}[m[2]]
			if typ == "" {
				typ = strings.Fields(m[2])[0]
				if typ == "mail" {
					typ = "MX"
				} else {
					typ = "SRV"
				}
			}
			a.records = append(a.records, record(m[1], typ, m[3]))
			continue
		}
		if m := hostMissing.FindStringSubmatch(l); m != nil {
			a.status = m[2]
			continue
		}
		if m := nsMissing.FindStringSubmatch(l); m != nil {
			a.status = m[2]
			continue
		}
		if m := nsBusybox.FindStringSubmatch(l); m != nil {
			a.status = "NXDOMAIN"
			continue
		}
		if m := nsCanonical.FindStringSubmatch(l); m != nil {
			a.records = append(a.records, record(m[1], "CNAME", m[2]))
			continue
		}
		if m := nsName.FindStringSubmatch(l); m != nil {
			name, pastServer = m[1], true
			continue
		}
		if m := nsAddress.FindStringSubmatch(l); m != nil && pastServer && name != "" {
			typ := "A"
			if strings.Contains(strings.TrimSuffix(m[1], "#53"), ":") {
				typ = "AAAA"
			}
			a.records = append(a.records, record(name, typ, m[1]))
		}
	}
	if a.status == "" && len(a.records) > 0 {
		a.status = "NOERROR"
	}
	sort.Strings(a.records)
	return a
}

// DNS judges a DNS tool's output by status and records. short is dig
// +short, which prints bare values.
func DNS(expected, actual string, short bool) assertions.Result {
	e, a := readDNS(expected, short), readDNS(actual, short)
	if e.status == "" && len(e.records) == 0 && len(e.errs) == 0 {
		return assertions.Output(expected, actual)
	}
	var probs []string
	if e.status != a.status {
		probs = append(probs, fmt.Sprintf("the answer is %s, the post shows %s", orNone(a.status), orNone(e.status)))
	}
	if missing, extra := diffSets(e.records, a.records); len(missing)+len(extra) > 0 {
		if len(missing) > 0 {
			probs = append(probs, "the run does not answer "+strings.Join(missing, ", "))
		}
		if len(extra) > 0 {
			probs = append(probs, "the run also answers "+strings.Join(extra, ", "))
		}
	}
	if strings.Join(e.errs, ",") != strings.Join(a.errs, ",") {
		probs = append(probs, fmt.Sprintf("the run reports %s, the post %s", list(a.errs), list(e.errs)))
	}
	if len(probs) == 0 {
		return assertions.Result{OK: true, Message: fmt.Sprintf("the DNS answer is the same: %s with %d records (TTLs, addresses, servers and order ignored)", e.status, len(e.records))}
	}
	return assertions.Result{Message: strings.Join(probs, "; "), Diff: assertions.Diff(expected, actual)}
}

func orNone(s string) string {
	if s == "" {
		return "no answer"
	}
	return s
}

// diffSets compares two sorted multisets.
func diffSets(e, a []string) (missing, extra []string) {
	i, j := 0, 0
	for i < len(e) || j < len(a) {
		switch {
		case j >= len(a) || (i < len(e) && e[i] < a[j]):
			missing = append(missing, e[i])
			i++
		case i >= len(e) || a[j] < e[i]:
			extra = append(extra, a[j])
			j++
		default:
			i++
			j++
		}
	}
	return missing, extra
}
