// Package httpresp judges what `curl -i` (also -I, and -v's "< " lines)
// printed: the status, a few headers that carry meaning, and the body's
// gist, rather than the text.
//
// # Parsing
//
// Parse skips curl's progress meter (its two header lines and its rows,
// including carriage-return updates), -v's request ("> "), info ("* ")
// and data ("{ ", "} ") lines, and reads every response: a status line
// ("HTTP/1.1 301 Moved Permanently", "HTTP/2 200"), its headers (names
// case-insensitive) up to a blank line, then its body up to the next
// status line. With -L (redirects followed) or a 100 Continue there are
// several responses; all are kept, in order.
//
// # Comparing
//
// Compare pairs the post's responses with the run's in order; a different
// number of responses is a failure. For each pair:
//
//   - the status code is significant; the reason phrase is not (HTTP/2
//     has none), nor the protocol version (a note);
//   - of the headers the post shows, only the significant ones are
//     compared: Location (exactly), Content-Type (media type only, not
//     charset), WWW-Authenticate (auth scheme), Allow (set of methods),
//     Content-Encoding, Access-Control-Allow-Origin and -Methods. A
//     significant header the post shows and the run lacks fails. Every
//     other header is ignored as volatile or incidental: Date, Expires,
//     Cache-Control, Age, ETag, Last-Modified, Content-Length, Set-Cookie,
//     Server, Via, X-Request-Id, Content-Security-Policy (nonces) ...
//   - the body is compared loosely: when the post's body has an HTML
//     <title>, the titles must be equal; otherwise its first non-blank line
//     must equal the run's once both are normalized (engine/normalize:
//     dates, hashes, addresses do not count). An empty body in the post
//     (curl -I) is not judged.
//
// A post whose output has no status line but shows a stalled progress
// meter (ExpectsBlocked) claims the request was blocked; Compare then
// passes when the run got no response either. Blocked judges that claim
// with the exit status too. Other outputs without a status line fall back
// to assertions.Output.
package httpresp
