package redact

import (
	"strings"
)

// Secrets after a key are the commonest kind, and their key words (token,
// key, secret) are common in ordinary output, so they are found by a small
// scanner rather than a regular expression: it stops at every ':' and '=',
// reads the key before it, and reads the value after it only when the key
// is secret. It finds
//
//	token: x                 kubeconfig, kubectl describe secret
//	"password": "x"          az ad sp create-for-rbac
//	AccountKey=x;            Azure connection strings (also sig=x in SAS)
//	GITHUB_TOKEN=x           env assignments, --from-literal=password=x
//	Authorization: Bearer x  HTTP headers
//	scheme://user:x@host     URLs
//
// but not client-certificate-data, secretName or serviceAccountToken's
// `path: token`. findFlags does the same for `--client-secret x`.

// secretKeyEnds are the endings of secret keys, lower case without '_'
// and '-'.
var secretKeyEnds = []string{
	"password", "passwd", "passphrase", "secret", "secrettext", "token", "apikey", "clientkeydata",
	"privatekey", "accesskey", "accountkey", "storagekey", "sharedaccesskey", "sharedaccesssignature",
	"signingkey", "encryptionkey", "masterkey",
}

// secretFlagEnds are the endings of flags that take a secret value after a
// space, lower case without '-'.
var secretFlagEnds = []string{"password", "passwd", "passphrase", "secret", "token", "accountkey", "accesskey", "apikey", "connectionstring"}

// authSchemes may come between an Authorization header and its secret.
var authSchemes = []string{"bearer", "basic", "token", "digest", "negotiate", "sharedkey", "sharedaccesssignature"}

// findKeyValues appends to sp the values of secret keys in s.
func findKeyValues(s string, sp []span) []span {
	for _, sep := range []byte{':', '='} {
		for i := 0; i < len(s); {
			j := strings.IndexByte(s[i:], sep)
			if j < 0 {
				break
			}
			at := i + j
			i = at + 1
			if sep == ':' && strings.HasPrefix(s[at:], "://") {
				sp = urlPassword(s, at+3, sp)
				continue
			}
			key, ok := keyBefore(s, at)
			if !ok {
				continue
			}
			p := skipBlanks(s, at+1)
			switch {
			case keyIs(key, "sig") && sep == '=':
				sp = addValue(sp, s, p, "&\t\r\n \"'<>;")
			case keyEnds(key, "authorization"):
				if p < len(s) && (s[p] == '"' || s[p] == '\'') {
					p++
				}
				sp = addValue(sp, s, skipScheme(s, p), "\t\r\n \"'")
			case keyEndsAny(key, secretKeyEnds):
				stop := bareStop
				if keyEnds(key, "sharedaccesssignature") {
					stop = ";" + whiteStop // its value holds sv=...&sig=...
				}
				if v, ok := valueAt(s, p, stop); ok && !kubectlSize(s[v.end:], s[v.start:v.end]) {
					sp = addSpan(sp, s, v)
				}
			}
		}
	}
	return sp
}

// findFlags appends to sp the values of secret flags given after a space
// (`--client-secret x`); `--password=x` is a key for findKeyValues.
func findFlags(s string, sp []span) []span {
	for i := 0; i < len(s); {
		j := strings.Index(s[i:], "--")
		if j < 0 {
			break
		}
		at := i + j
		end := at + 2
		for end < len(s) && keyChar(s[end]) {
			end++
		}
		i = end
		if at > 0 && !isSpace(s[at-1]) || end == at+2 {
			continue
		}
		p := skipBlanks(s, end)
		if p == end || !keyEndsAny(s[at+2:end], secretFlagEnds) {
			continue
		}
		if v, ok := valueAt(s, p, bareStop); ok {
			sp = addSpan(sp, s, v)
		}
	}
	return sp
}

// keyBefore returns the key that ends just before the separator at s[at]:
// a run of letters, digits, '_', '.' and '-', perhaps quoted and followed
// by blanks.
func keyBefore(s string, at int) (string, bool) {
	end := at
	for end > 0 && (s[end-1] == ' ' || s[end-1] == '\t') {
		end--
	}
	if end > 0 && (s[end-1] == '"' || s[end-1] == '\'') {
		end--
	}
	start := end
	for start > 0 && keyChar(s[start-1]) {
		start--
	}
	return s[start:end], start < end
}

func keyChar(c byte) bool { return wordByte(c) || c == '.' || c == '-' }

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// skipBlanks returns the offset of the first byte at or after p that is
// not a space or a tab.
func skipBlanks(s string, p int) int {
	for p < len(s) && (s[p] == ' ' || s[p] == '\t') {
		p++
	}
	return p
}

// keyIs reports whether key is word, ignoring ASCII case.
func keyIs(key, word string) bool { return len(key) == len(word) && keyEnds(key, word) }

// keyEnds reports whether key ends in word (lower case, without '_' and
// '-'), ignoring ASCII case and the '_' and '-' of key.
func keyEnds(key, word string) bool {
	i := len(key)
	for j := len(word) - 1; j >= 0; j-- {
		for i > 0 && (key[i-1] == '_' || key[i-1] == '-') {
			i--
		}
		if i == 0 || lowerByte(key[i-1]) != word[j] {
			return false
		}
		i--
	}
	return true
}

// keyEndsAny reports whether key ends in one of words, as keyEnds.
func keyEndsAny(key string, words []string) bool {
	if key == "" {
		return false
	}
	last := lowerByte(key[len(key)-1])
	for _, w := range words {
		if w[len(w)-1] == last && keyEnds(key, w) {
			return true
		}
	}
	return false
}

func lowerByte(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// skipScheme skips an authentication scheme and the blanks after it.
func skipScheme(s string, p int) int {
	end := p
	for end < len(s) && wordByte(s[end]) {
		end++
	}
	for _, scheme := range authSchemes {
		if keyIs(s[p:end], scheme) && end < len(s) && (s[end] == ' ' || s[end] == '\t') {
			return skipBlanks(s, end)
		}
	}
	return p
}

// urlPassword appends the password of a URL whose userinfo starts at
// s[p:] (scheme://user:password@host).
func urlPassword(s string, p int, sp []span) []span {
	rest := s[p:min(len(s), p+256)]
	at := strings.IndexAny(rest, "@/ \t\r\n")
	if at <= 0 || rest[at] != '@' {
		return sp
	}
	colon := strings.IndexByte(rest[:at], ':')
	if colon <= 0 {
		return sp
	}
	return addSpan(sp, s, span{start: p + colon + 1, end: p + at})
}

// addValue appends the run of bytes at s[p:] that are not in stop.
func addValue(sp []span, s string, p int, stop string) []span {
	end := p
	for end < len(s) && strings.IndexByte(stop, s[end]) < 0 {
		end++
	}
	return addSpan(sp, s, span{start: p, end: end})
}

// addSpan appends v unless its text is a placeholder rather than a secret.
func addSpan(sp []span, s string, v span) []span {
	if v.end <= v.start || placeholder(s[v.start:v.end]) {
		return sp
	}
	return append(sp, v)
}

// The bytes that end a bare value.
const (
	whiteStop = " \t\r\n"
	bareStop  = whiteStop + "\"',;&}]"
)

// valueAt reads a value at s[p:]: double-quoted (with backslash escapes),
// single-quoted, or bare up to a byte of stop, and returns the span inside
// any quotes.
func valueAt(s string, p int, stop string) (span, bool) {
	if p >= len(s) {
		return span{}, false
	}
	switch q := s[p]; q {
	case '"', '\'':
		for i := p + 1; i < len(s) && s[i] != '\n'; i++ {
			switch {
			case s[i] == '\\' && q == '"':
				i++
			case s[i] == q:
				return span{start: p + 1, end: i}, true
			}
		}
		return span{}, false
	}
	end := p
	for end < len(s) && strings.IndexByte(stop, s[end]) < 0 {
		end++
	}
	return span{start: p, end: end}, end > p
}
