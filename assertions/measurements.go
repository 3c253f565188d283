package assertions

import (
	"regexp"
	"strings"
)

// Numbers that are measurements, not claims, differ in every faithful
// rerun: ping round trips and TTLs, DNS record TTLs, durations, byte
// counts, the home directory of whoever ran it, subscription IDs, and the
// wording curl gives the same failure in one version and the next (the
// exit status in "curl: (28)" is the claim). They are masked on both sides
// before a second comparison; what the post claims around them (0% packet
// loss, the address, the status) still counts.
var measurements = []struct {
	needle string // a line without it holds no such measurement
	re     *regexp.Regexp
	with   string
}{
	{"ttl=", regexp.MustCompile(`\bttl=\d+`), "ttl=<N>"},
	{"time", regexp.MustCompile(`\btime[=<][\d.]+ ?ms\b`), "time=<DUR>"},
	{" min/avg/max", regexp.MustCompile(`\b(rtt|round-trip) min/avg/max(/mdev|/stddev)? = \S+ ms`), "$1 <RTT>"},
	{", time ", regexp.MustCompile(`, time \d+ ?ms\b`), ", time <DUR>"},
	{" IN ", regexp.MustCompile(`^(\S+\.) \d+ (IN [A-Z]+ )`), "$1 <TTL> $2"},
	{"/", regexp.MustCompile(`(/home/|/Users/)[^/\s"']+/`), "~/"},
	{"/root/", regexp.MustCompile(`/root/`), "~/"},
	{"/subscriptions/", regexp.MustCompile(`/subscriptions/[^/\s"']+`), "/subscriptions/<ID>"},
	{" bytes", regexp.MustCompile(`\b\d+ bytes\b`), "<N> bytes"},
	{".", regexp.MustCompile(`-[0-9a-f]{8}\.(hcp|privatelink|portal\.hcp)\.`), "-<HASH>.$1."},
	{"Query time: ", regexp.MustCompile(`\bQuery time: \d+ msec\b`), "Query time: <DUR>"},
	{"n ", regexp.MustCompile(`\b(in|after) [\d.]+ ?(ms|s|seconds|milliseconds)\b`), "$1 <DUR>"},
	{"took ", regexp.MustCompile(`\btook [\d.]+ ?(ms|s|seconds|milliseconds)\b`), "took <DUR>"},
	{"curl: (", regexp.MustCompile(`^curl: \((\d+)\) .*$`), "curl: ($1)"},
}

// MaskMeasurements masks the measurements of one normalized line.
func MaskMeasurements(line string) string {
	for _, m := range measurements {
		if strings.Contains(line, m.needle) {
			line = m.re.ReplaceAllString(line, m.with)
		}
	}
	return line
}

// sameMeasured reports whether two prepared texts are equal once their
// measurements are masked. Masks keep the line structure, so only texts
// with as many lines can be equal, and only the lines that differ are
// masked.
func sameMeasured(exp, act string) bool {
	if strings.Count(exp, "\n") != strings.Count(act, "\n") {
		return false
	}
	el, al := lines(exp), lines(act)
	for i := range el {
		if el[i] != al[i] && MaskMeasurements(el[i]) != MaskMeasurements(al[i]) {
			return false
		}
	}
	return true
}
