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

// maskMeasurements masks the measurements of every line of a prepared
// text.
func maskMeasurements(text string) string {
	if text == "" {
		return text
	}
	ls := lines(text)
	for i, l := range ls {
		for _, m := range measurements {
			if strings.Contains(l, m.needle) {
				l = m.re.ReplaceAllString(l, m.with)
			}
		}
		ls[i] = l
	}
	return strings.Join(ls, "\n") + "\n"
}

// MaskMeasurements masks the measurements of one normalized line.
func MaskMeasurements(line string) string {
	return strings.TrimSuffix(maskMeasurements(line+"\n"), "\n")
}
