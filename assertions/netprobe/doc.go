// Package netprobe judges what ping and the DNS tools (dig, nslookup,
// host) print by the facts they report, not by their measurements.
//
// ping: the name pinged, whether the replies came (no loss, some, all
// lost) and the errors it printed (unknown host, unreachable). Round
// trips, TTLs, sequence timings, the address a public name resolved to
// and how many packets a learner let it send before Ctrl-C are not claims.
//
// DNS: the answer's status (NOERROR, NXDOMAIN, SERVFAIL), and the records
// it answered as a set of (name, type, value): A and AAAA values are
// addresses, which differ in every cluster, so only how many of each name
// and type there are counts; a CNAME, MX, NS, SRV or PTR target is a name
// and counts. TTLs, query times, the server that answered and the order of
// the records are not claims.
package netprobe
