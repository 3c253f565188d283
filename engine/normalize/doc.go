// Package normalize makes the output pasted in a tutorial and the output of a
// live run comparable. It removes what a terminal shows but a comparison must
// not see (ANSI colour and cursor codes, carriage-return progress overwrites,
// column padding) and replaces values that legitimately change from run to
// run with visible placeholders, so a diff of two normalized texts shows the
// reader what was ignored.
//
// # Placeholders
//
//	<TIME>      Mar 29 22:50:56.889 (time.StampMilli, Stamp), RFC 3339 with or
//	            without fraction and zone, Fri, 29 Mar 2024 22:50:49 GMT
//	            (RFC 1123 and 1123Z), Thu Nov 26 01:31:15 UTC 2026 (date,
//	            UnixDate, ANSIC, RubyDate), 2024-03-29 18:00:00 +0200 (and Go's
//	            time.Time.String), a plain clock 22:50:56 or 0:00:08.123
//	<AGE>       a whole token that is a duration: 20m, 19h, 5m12s, 3d4h, 10s,
//	            250ms, 1.5s, and kubectl's <invalid>; also (5m ago)
//	<HASH>      a pod-template hash or a random name suffix after '-'
//	            (basicdeploy-65ff8695df-p58zr -> basicdeploy-<HASH>-<HASH>):
//	            5 to 10 characters of Kubernetes' bcdfghjklmnpqrstvwxz2456789
//	            with a digit; a hash made only of bcdf and 4-9 (how template
//	            hashes are spelled) or a 5-character suffix after a hash
//	            needs none
//	<IP>        an IPv4 or IPv6 address; [v6]:port becomes <IP>:port
//	:<PORT>     a port from 30000 to 65535 (ephemeral ports and NodePorts);
//	            well-known ports such as :80, :53, :443, :8080 stay
//	<DIGEST>    sha256:<DIGEST> (and sha512), or a bare 64-hex-digit id
//	<UUID>      a UUID or GUID, either case
//	(ID:<ID>)   a Cilium numeric security identity
//	<TOKEN>     a random-looking run of 16 or more letters and digits with at
//	            least two upper-case letters, two lower-case and two digits
//	            (nonces, cookies, JWT parts)
//	<PROGRESS>  a whole curl progress-meter line (the speeds vary)
//
// Runs of spaces and tabs become one space (indentation too) and trailing
// spaces go, so column alignment does not matter. Everything else is kept: Ready and
// NotReady, OK and an error, DROPPED and FORWARDED, 301 and 200, 1/1 and
// 0/1, node names, namespaces and well-known ports still differ.
//
// Placeholders normalize to themselves, so an expected output may be written
// with them.
//
// # How
//
// Each line is read once by a hand-written scanner rather than a list of
// regular expressions: at the start of every word it looks at the first
// byte and tries only the patterns that can begin with it, and it copies
// the rest of the word in one go. Normalizing about 8 MB (100,000 lines)
// takes tens of milliseconds.
package normalize
