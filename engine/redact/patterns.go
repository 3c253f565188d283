package redact

import (
	"regexp"
	"strings"
)

// rule finds secrets by their shape. Running regular expressions over
// megabytes of output would be slow, so a rule starts from each of its
// triggers (exact substrings) and matches an expression anchored there,
// within the rest of the line.
type rule struct {
	name     string
	triggers []string
	// re is anchored at the trigger. It marks the secret with a group
	// named v (several alternatives may each have one); without one the
	// whole match is the secret.
	re *regexp.Regexp
	// random, when set, requires the secret to look random (long, with a
	// digit or mixed case), so that prose such as "bearer tokens" is left
	// alone.
	random bool
}

// value matches a secret value after a flag: double-quoted, single-quoted
// or bare.
const value = `(?:"(?P<v>(?:[^"\\\n]|\\.)*)"|'(?P<v>[^'\n]*)'|(?P<v>[^\s"',;}\]]+))`

// maxWindow bounds the text after a trigger that a rule looks at.
const maxWindow = 16 << 10

// rules are the secret patterns found by regular expression. Secrets after
// a key are found by findKeyValues, after a flag by findFlags, JWTs by
// findJWTs and PEM keys by findPEM. All are tested in patterns_test.go on
// samples of real output.
var rules = []rule{{
	// az login --service-principal -u id -p secret; docker login -p x.
	name:     "login -p",
	triggers: []string{"login"},
	re:       regexp.MustCompile(`^login\b.*?\s-p[ \t]+` + value),
}, {
	name:     "bearer token",
	triggers: []string{"Bearer", "bearer", "BEARER"},
	re:       regexp.MustCompile(`^(?i:bearer)[ \t]+(?P<v>[A-Za-z0-9._~+/-]+=*)`),
	random:   true,
}, {
	name:     "aws access key",
	triggers: []string{"AKIA", "ASIA"},
	re:       regexp.MustCompile(`^(?:AKIA|ASIA)[0-9A-Z]{16}\b`),
}, {
	name:     "github token",
	triggers: []string{"gh", "github_pat_"},
	re:       regexp.MustCompile(`^(?:gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{30,})\b`),
}}

// findPatterns appends to sp the secrets that the patterns find in s, and
// returns the offset of an unterminated PEM private key (else -1).
func findPatterns(s string, sp []span) ([]span, int) {
	sp = findKeyValues(s, sp)
	sp = findFlags(s, sp)
	sp = findJWTs(s, sp)
	sp = findAccountKeys(s, sp)
	for i := range rules {
		for _, t := range rules[i].triggers {
			for j := 0; ; {
				k := strings.Index(s[j:], t)
				if k < 0 {
					break
				}
				at := j + k
				if at == 0 || !wordByte(s[at-1]) {
					sp = rules[i].matchAt(s, at, sp)
				}
				j = at + len(t)
			}
		}
	}
	return findPEM(s, sp)
}

// matchAt appends the rule's match at s[at:], if any.
func (r *rule) matchAt(s string, at int, sp []span) []span {
	end := at + min(len(s)-at, maxWindow)
	if nl := strings.IndexByte(s[at:end], '\n'); nl >= 0 {
		end = at + nl
	}
	text := s[at:end]
	m := r.re.FindStringSubmatchIndex(text)
	if m == nil {
		return sp
	}
	start, stop := m[0], m[1]
	for g, name := range r.re.SubexpNames() {
		if name == "v" && m[2*g] >= 0 {
			start, stop = m[2*g], m[2*g+1]
			break
		}
	}
	if r.random && !looksRandom(text[start:stop]) {
		return sp
	}
	return addSpan(sp, s, span{start: at + start, end: at + stop})
}

// findJWTs appends the JSON Web Tokens in s: three base64url parts joined
// by dots, the first two JSON objects (so starting "eyJ").
func findJWTs(s string, sp []span) []span {
	for i := 0; ; {
		j := strings.Index(s[i:], "eyJ")
		if j < 0 {
			return sp
		}
		at := i + j
		i = at + 3
		if at > 0 && (wordByte(s[at-1]) || s[at-1] == '-') {
			continue
		}
		end, ok := at, true
		for part := range 3 {
			n := base64URLRun(s[end:])
			if part < 2 && (n < 10 || end+n >= len(s) || s[end+n] != '.') {
				ok = false
				break
			}
			end += n
			if part < 2 {
				end++
			}
		}
		if ok {
			sp = append(sp, span{start: at, end: end})
			i = end
		}
	}
}

// accountKeyLen is the length of an Azure storage or Cosmos DB account
// key: 64 random bytes in base64, so 86 characters and "==".
const accountKeyLen = 88

// findAccountKeys appends the Azure account keys in s, such as
// `az storage account keys list --query [0].value -o tsv` prints: exactly
// 88 base64 characters ending in "==", standing alone.
func findAccountKeys(s string, sp []span) []span {
	for i := 0; ; {
		j := strings.Index(s[i:], "==")
		if j < 0 {
			return sp
		}
		end := i + j + 2
		i = end
		start := end - accountKeyLen
		if start < 0 || end < len(s) && base64Byte(s[end]) || start > 0 && base64Byte(s[start-1]) {
			continue
		}
		if n := base64Run(s[start : end-2]); n == accountKeyLen-2 {
			sp = append(sp, span{start: start, end: end})
		}
	}
}

// base64Byte reports whether c is in the standard base64 alphabet.
func base64Byte(c byte) bool { return wordByte(c) && c != '_' || c == '+' || c == '/' || c == '=' }

// base64Run returns the length of the run of standard base64 bytes, not
// counting padding, that begins s.
func base64Run(s string) int {
	n := 0
	for n < len(s) && base64Byte(s[n]) && s[n] != '=' {
		n++
	}
	return n
}

// base64URLRun returns the length of the run of base64url bytes that
// begins s.
func base64URLRun(s string) int {
	n := 0
	for n < len(s) && (wordByte(s[n]) || s[n] == '-') {
		n++
	}
	return n
}

// wordByte reports whether c is a letter, digit or '_'.
func wordByte(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_'
}

// placeholder reports whether a matched value is not a secret: a shell
// variable or command substitution ($TOKEN), a placeholder (<token>,
// ***), a nested value, a common or short word ("--token to kubectl"), or
// a marker already.
func placeholder(v string) bool {
	if len(v) < minSecretLen || isCommon(v) {
		return true
	}
	switch v[0] {
	case '$', '<', '*', '{', '[', '|', '>', '=', '-', '%':
		return true
	}
	return false
}

// looksRandom reports whether v looks like a generated token rather than a
// word: at least 16 bytes, with a digit or both cases.
func looksRandom(v string) bool {
	if len(v) < 16 {
		return false
	}
	return strings.ContainsAny(v, "0123456789") || strings.ToLower(v) != v && strings.ToUpper(v) != v
}

// kubectlSize reports whether v is the size `kubectl describe secret`
// shows in place of a value ("password:  8 bytes").
func kubectlSize(rest, v string) bool {
	return strings.Trim(v, "0123456789") == "" && strings.HasPrefix(rest, " bytes")
}
